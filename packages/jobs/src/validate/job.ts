/**
 * `segkit validate` as a job: every problem of a dataset of any format, located by file and item.
 * COCO, COCO panoptic and class-index PNG folders have their own checks; every other format is read
 * through the registry and its COCO model checked. The report is what every front end shows.
 */
import { dirname } from 'node:path';
import type { Limits } from '@segkit/core';
import {
  type DatasetType,
  defaultPngDir,
  detectFormat,
  expectedWarningNotes,
  filterCounts,
  filterProblems,
  formatByName,
  type Problem,
  type ProblemCount,
  type ProblemFilter,
  type ProblemList,
  validateCoco,
  validateImageFiles,
  validatePanoptic,
  validateSemanticFolder,
} from '@segkit/formats';
import { openDataset } from '../datasets/open-dataset.js';
import { commonFolder, posixRelative } from '../datasets/paths.js';
import { type JobHooks, throwIfAborted } from '../hooks.js';
import { openFileSource } from '../io/file-source.js';
import { nodePngCodec, readClassNames } from '../io/png-file.js';
import { readJsonFile } from '../io/read-json.js';

export interface ValidateJobOptions extends ProblemFilter {
  /** Format name; detected when not given. */
  from?: string;
  /** What the dataset must satisfy; default: panoptic for panoptic files, semantic for PNG folders, else instance. */
  type?: DatasetType;
  /** Folder of the images: each must be there, with the size the labels say. */
  images?: string;
  /** Class names file: class-index PNGs may hold only these classes. */
  classes?: string;
  ignoreIndex?: number;
  /** coco-panoptic: folder of the segment PNGs (default: the JSON path without .json). */
  pngDir?: string;
  /** Problems listed per code and severity (every one is counted); default 20 (LISTED_PER_KIND). */
  maxListed?: number;
  /** Resource limits (pixels per image, classes, vertices, file bytes); over one, validation stops with a LimitError. */
  limits?: Partial<Limits>;
}

export interface ValidateJobReport {
  dataset: string;
  from: string;
  type: DatasetType;
  /** Whether the data has no error at all, whatever the filter hides. */
  valid: boolean;
  /** The problems the filter keeps, errors first: at most `maxListed` of each code and severity. */
  problems: Problem[];
  /** Counts of those problems per code and severity, complete however many are listed. */
  counts: ProblemCount[];
  errors: number;
  warnings: number;
  /** Problems the filter left out. */
  hidden: number;
  /** Warnings expected by the conventions of the dataset's kind, with the flag that hides them. */
  notes: string[];
}

/** Every problem of the dataset at `path`, filtered as `options` asks. */
export async function validateJob(
  path: string,
  options: ValidateJobOptions = {},
  hooks: JobHooks = {},
): Promise<ValidateJobReport> {
  throwIfAborted(hooks.signal);
  const { from, problems, type } = await findProblems(path, options);
  throwIfAborted(hooks.signal);
  const shown = filterProblems(problems.problems, options);
  const counts = filterCounts(problems.counts(), options);
  const total = (severity: Problem['severity']) =>
    counts.reduce((sum, c) => sum + (c.severity === severity ? c.count : 0), 0);
  const errors = total('error');
  const warnings = total('warning');
  return {
    dataset: path,
    from,
    type,
    valid: problems.errors === 0,
    problems: shown,
    counts,
    errors,
    warnings,
    hidden: problems.errors + problems.warnings - errors - warnings,
    notes: expectedWarningNotes(counts, type),
  };
}

async function findProblems(
  dataset: string,
  options: ValidateJobOptions,
): Promise<{ from: string; problems: ProblemList; type: DatasetType }> {
  const ignoreIndex = options.ignoreIndex ?? 255;
  const { limits, maxListed: listed } = options;
  const source = await openFileSource(dataset, { limits });
  const from = options.from === undefined ? (await detectFormat(source)).name : formatByName(options.from).name;
  const { type } = options;
  if (from === 'coco' || from === 'coco-panoptic') {
    const document = await readJsonFile(dataset, limits);
    if (from === 'coco-panoptic' || isPanoptic(document)) {
      const pngDir = options.pngDir ?? defaultPngDir(dataset);
      const root = commonFolder(dirname(dataset), pngDir);
      const pngs = await openFileSource(dataset, { root, limits });
      return {
        from,
        problems: await validatePanoptic(
          document,
          pngs,
          posixRelative(root, pngDir),
          dataset,
          { ...nodePngCodec, limits },
          listed,
        ),
        type: 'panoptic',
      };
    }
    const problems = validateCoco(document, { file: dataset, ...(type === undefined ? {} : { type }), limits, listed });
    if (options.images !== undefined) {
      const images = await validateImageFiles(document, await openFileSource(options.images, { limits }), dataset, {
        listed,
      });
      problems.merge(images);
    }
    return { from, problems, type: type ?? 'instance' };
  }
  if (from === 'png') {
    const classNames = options.classes ? await readClassNames(options.classes, limits) : undefined;
    const problems = await validateSemanticFolder(source, {
      ...(classNames === undefined ? {} : { classNames }),
      ignoreIndex,
      codec: { ...nodePngCodec, limits },
      listed,
    });
    if (options.images !== undefined && problems.errors === 0) {
      const { dataset: labels } = await openDataset(dataset, { from, ignoreIndex, limits });
      await checkImages(labels, options.images, dataset, problems, options);
    }
    return { from, problems, type: 'semantic' };
  }
  const opened = await openDataset(dataset, { from, ignoreIndex, limits });
  const problems = validateCoco(opened.dataset, { file: dataset, type: type ?? 'instance', limits, listed });
  if (options.images !== undefined) await checkImages(opened.dataset, options.images, dataset, problems, options);
  return { from, problems, type: type ?? 'instance' };
}

/**
 * `--images` for the formats read as COCO: each image of the labels has a file of the same name
 * (any extension: the labels are PNGs, the photos often JPEGs) and size in the images folder.
 */
async function checkImages(
  labels: unknown,
  images: string,
  dataset: string,
  problems: ProblemList,
  options: ValidateJobOptions,
): Promise<void> {
  const source = await openFileSource(images, { limits: options.limits });
  const found = await validateImageFiles(labels, source, dataset, { byStem: true, listed: options.maxListed });
  problems.merge(found);
}

/** A COCO file whose annotations carry `segments_info` is COCO panoptic. */
function isPanoptic(document: unknown): boolean {
  const annotations = (document as { annotations?: unknown })?.annotations;
  return Array.isArray(annotations) && annotations.length > 0 && Array.isArray(annotations[0]?.segments_info);
}
