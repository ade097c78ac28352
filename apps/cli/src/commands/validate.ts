import { dirname } from 'node:path';
import {
  countProblems,
  type DatasetType,
  defaultPngDir,
  detectFormat,
  expectedWarningNotes,
  filterProblems,
  formatByName,
  type ProblemList,
  validateCoco,
  validateImageFiles,
  validatePanoptic,
  validateSemanticFolder,
} from '@segkit/formats';
import {
  commonFolder,
  nodePngCodec,
  openDataset,
  openFileSource,
  posixRelative,
  readClassNames,
  readJsonFile,
} from '@segkit/jobs';
import type { Command } from 'commander';
import { CLASSES_HELP, codesOption, ignoreIndexOption, integerOption } from '../options.js';
import { EXIT_FAILURE, parseOutputFormat, UsageError } from '../report.js';
import { asUsage, FORMAT_LIST } from './load-dataset.js';

interface ValidateOptions {
  from?: string;
  type?: string;
  images?: string;
  classes?: string;
  ignoreIndex: string;
  pngDir?: string;
  ignore?: string;
  errorsOnly?: boolean;
  maxListed: string;
  format: string;
}

const TYPES = ['semantic', 'instance', 'panoptic'];

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('find every problem in a dataset; exit status 1 when there are errors')
    .argument('<dataset>', 'dataset file or folder, of any format segkit reads')
    .option('--from <format>', `${FORMAT_LIST} (detected when unambiguous)`)
    .option('--png-dir <dir>', 'coco-panoptic: folder of the segment PNGs (default: the JSON path without .json)')
    .option('--type <type>', 'semantic, instance or panoptic (what the dataset must satisfy)')
    .option('--images <dir>', 'check that every image file is there')
    .option('--classes <file>', CLASSES_HELP)
    .option('--ignore-index <n>', 'class-index PNGs: value of unlabelled pixels', '255')
    .option('--ignore <codes>', 'leave out problems with these codes (comma-separated, e.g. OVERLAP,BBOX)')
    .option('--errors-only', 'leave out every warning')
    .option(
      '--max-listed <n>',
      'text: list at most this many problems of one code (the counts are always complete)',
      '20',
    )
    .option('--format <format>', 'text or json', 'text')
    .addHelpText(
      'after',
      `
Example:
  $ segkit validate stage1_train --from binary-masks
  warning OVERLAP stage1_train: annotation 1203 (id 1204): annotation 1203 (id 1204) and annotation 1240 (id 1241) of image id 21 share 2 pixels
  0 errors, 1 warning`,
    )
    .action(async (dataset: string, options: ValidateOptions) => {
      const format = parseOutputFormat(options.format);
      if (options.type !== undefined && !TYPES.includes(options.type)) {
        throw new UsageError(`--type must be one of ${TYPES.join(', ')}, got ${JSON.stringify(options.type)}`);
      }
      const ignoreIndex = ignoreIndexOption(options.ignoreIndex);
      const maxListed = integerOption('--max-listed', options.maxListed, 0);
      const ignore = options.ignore === undefined ? [] : codesOption('--ignore', options.ignore);
      const { from, problems, type } = await asUsage(() => validateDataset(dataset, options, ignoreIndex));
      const shown = filterProblems(problems.problems, { ignore, errorsOnly: options.errorsOnly === true });
      const counts = countProblems(shown);
      const notes = expectedWarningNotes(counts, type);
      const errors = shown.filter((p) => p.severity === 'error').length;
      const warnings = shown.length - errors;
      const hidden = problems.problems.length - shown.length;
      if (format === 'json') {
        process.stdout.write(
          `${JSON.stringify({ dataset, from, valid: problems.errors === 0, errors, warnings, hidden, counts, notes, problems: shown })}\n`,
        );
      } else {
        const listed = new Map<string, number>();
        for (const p of shown) {
          const key = `${p.severity} ${p.code}`;
          const n = (listed.get(key) ?? 0) + 1;
          listed.set(key, n);
          if (n <= maxListed) process.stdout.write(`${p.severity} ${p.code} ${p.where}: ${p.message}\n`);
        }
        for (const c of counts) {
          if (c.count > maxListed) {
            process.stdout.write(`... and ${c.count - maxListed} more ${c.severity} ${c.code} (--max-listed)\n`);
          }
        }
        for (const note of notes) process.stdout.write(`note: ${note}\n`);
        const left = hidden > 0 ? ` (${hidden} left out by --ignore / --errors-only)` : '';
        process.stdout.write(
          `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${left}\n`,
        );
      }
      // The exit status follows the errors shown: an ignored code is the user's explicit choice (as a
      // linter's disabled rule); the JSON's "valid" still says whether the data has any error at all.
      if (errors > 0) process.exitCode = EXIT_FAILURE;
    });
}

/**
 * Every problem of a dataset: COCO, COCO panoptic and class-index PNG folders have their own
 * checks; every other format is read through the registry and its COCO model checked.
 */
async function validateDataset(
  dataset: string,
  options: ValidateOptions,
  ignoreIndex: number,
): Promise<{ from: string; problems: ProblemList; type: DatasetType }> {
  const source = await openFileSource(dataset);
  const from = options.from === undefined ? (await detectFormat(source)).name : formatByName(options.from).name;
  const type = options.type as DatasetType | undefined;
  if (from === 'coco' || from === 'coco-panoptic') {
    const document = await readJsonFile(dataset);
    if (from === 'coco-panoptic' || isPanoptic(document)) {
      const pngDir = options.pngDir ?? defaultPngDir(dataset);
      const root = commonFolder(dirname(dataset), pngDir);
      const pngs = await openFileSource(dataset, { root });
      return {
        from,
        problems: await validatePanoptic(document, pngs, posixRelative(root, pngDir), dataset, nodePngCodec),
        type: 'panoptic',
      };
    }
    const problems = validateCoco(document, { file: dataset, ...(type === undefined ? {} : { type }) });
    if (options.images !== undefined) {
      const images = await validateImageFiles(document, await openFileSource(options.images), dataset);
      problems.problems.push(...images.problems);
    }
    return { from, problems, type: type ?? 'instance' };
  }
  if (from === 'png') {
    const classNames = options.classes ? await readClassNames(options.classes) : undefined;
    const problems = await validateSemanticFolder(source, {
      ...(classNames === undefined ? {} : { classNames }),
      ignoreIndex,
      codec: nodePngCodec,
    });
    if (options.images !== undefined && problems.errors === 0) {
      const { dataset: labels } = await openDataset(dataset, { from, ignoreIndex });
      await checkImages(labels, options.images, dataset, problems);
    }
    return { from, problems, type: 'semantic' };
  }
  const opened = await openDataset(dataset, { from, ignoreIndex });
  const problems = validateCoco(opened.dataset, { file: dataset, type: type ?? 'instance' });
  if (options.images !== undefined) await checkImages(opened.dataset, options.images, dataset, problems);
  return { from, problems, type: type ?? 'instance' };
}

/**
 * `--images` for the formats read as COCO: each image of the labels has a file of the same name
 * (any extension: the labels are PNGs, the photos often JPEGs) and size in the images folder.
 */
async function checkImages(labels: unknown, images: string, dataset: string, problems: ProblemList): Promise<void> {
  const found = await validateImageFiles(labels, await openFileSource(images), dataset, { byStem: true });
  problems.problems.push(...found.problems);
}

/** A COCO file whose annotations carry `segments_info` is COCO panoptic. */
function isPanoptic(document: unknown): boolean {
  const annotations = (document as { annotations?: unknown })?.annotations;
  return Array.isArray(annotations) && annotations.length > 0 && Array.isArray(annotations[0]?.segments_info);
}
