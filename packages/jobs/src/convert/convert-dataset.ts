import { basename, dirname, join } from 'node:path';
import { type Limits, SegkitError } from '@segkit/core';
import {
  convertCityscapesFolder,
  type DatasetFormat,
  defaultPngDir,
  detectFormat,
  formatByName,
  type LossReport,
  losslessReport,
  type ProgressCallback,
} from '@segkit/formats';
import { checkOutputPaths, type NamedPath } from '../datasets/check-outputs.js';
import { locatedAt, type OpenDatasetOptions, openDataset, openDatasetSource } from '../datasets/open-dataset.js';
import { isFileOutput, type WriteDatasetOptions, writeDataset, written } from '../datasets/write-dataset.js';
import { openFileSource } from '../io/file-source.js';
import { openStagedSink } from '../io/staged-sink.js';

/** Errors that name the output (and the item), not the input. */
const OUTPUT_CODES = new Set(['IO', 'UNSAFE_PATH', 'OUTPUT_CONFLICT', 'OUTPUT_EXISTS', 'NOT_A_FILE']);

export interface ConvertOptions {
  /** Input format name; detected when absent. */
  from?: string;
  /** Output format name; default: coco for a `.json` output, else the input's format. */
  to?: string;
  read?: Omit<OpenDatasetOptions, 'from' | 'onProgress' | 'signal' | 'limits'>;
  write?: Omit<WriteDatasetOptions, 'onProgress' | 'signal' | 'limits'>;
  /** Resource limits for reading and writing alike (pixels per image, classes, vertices, file bytes). */
  limits?: Partial<Limits>;
  /**
   * Files the caller writes besides the output (`--report`): refused, before anything is read, where
   * they would be the output, lie inside it, or lie inside an input (see checkOutputPaths).
   */
  alsoWrites?: NamedPath[];
}

export interface ConvertControl {
  onProgress?: ProgressCallback;
  signal?: AbortSignal;
}

export interface ConvertResult {
  from: string;
  to: string;
  /** One line for a human: what was read and written. */
  summary: string;
  report: LossReport;
  /** Counts a front end may print beside the report (coco's RLE rewrite). */
  details?: Record<string, unknown>;
}

/**
 * Any format → the COCO model → any format, through the registry: reads `input` (file or folder),
 * writes `output` atomically, and returns the loss report (what the target cannot hold, measured).
 * Errors name the input, or the output file for write failures.
 */
export async function convertDataset(
  input: string,
  output: string,
  options: ConvertOptions = {},
  control: ConvertControl = {},
): Promise<ConvertResult> {
  const { limits } = options;
  const source = await openDatasetSource(input, limits);
  const from = options.from === undefined ? (await detectFormat(source)).name : options.from;
  const to: DatasetFormat = formatByName(options.to ?? (isFileOutput(output) ? 'coco' : from), '--to');
  await checkOutputPaths(outputsOf(output, to, options), inputsOf(input, from, source.entry !== undefined, options));
  if (from === 'cityscapes' && to.name === 'cityscapes') {
    return renderCityscapes(input, output, control, limits, options.write?.overwrite === true);
  }
  const opened = await openDataset(input, { ...options.read, from, limits, ...control }, source);
  const writeOptions: WriteDatasetOptions = { ...options.write, limits, ...control };
  // coco → coco is a re-encoding: compressed RLE unless polygons are asked for.
  if (from === 'coco' && to.name === 'coco' && writeOptions.maskEncoding === undefined)
    writeOptions.maskEncoding = 'rle';
  let written: Awaited<ReturnType<typeof writeDataset>>;
  try {
    written = await writeDataset(opened.dataset, output, to, writeOptions);
  } catch (error) {
    // Bad annotations surface while writing: name the input they are in (failures of the output itself,
    // and names refused for it, name the output and the item).
    throw error instanceof SegkitError && !OUTPUT_CODES.has(error.code) ? locatedAt(error, input) : error;
  }
  const report = mergeReports(opened.report, written.report, opened.warnings);
  report.from = from;
  report.to = to.name;
  return {
    from,
    to: to.name,
    summary: `read ${opened.dataset.images.length} images, ${opened.dataset.annotations.length} annotations as ${from}; ${written.summary} -> ${output}`,
    report,
    ...(written.details === undefined ? {} : { details: written.details }),
  };
}

/**
 * One report for the whole conversion: the writer's, unless it measured nothing per class while
 * the reader did (png → coco: the reader counted each class's pixels); warnings of both.
 */
function mergeReports(read: LossReport | undefined, write: LossReport, readWarnings: string[]): LossReport {
  const base = read !== undefined && write.perClass.length === 0 ? { ...read, images: write.images } : { ...write };
  const warnings = [...new Set([...readWarnings, ...(read?.warnings ?? []), ...write.warnings])];
  return {
    ...base,
    annotations: write.annotations,
    lossless: write.lossless && (read?.lossless ?? true) && readWarnings.length === 0,
    warnings,
  };
}

/** What a conversion writes: the output (and a panoptic JSON's PNG folder), and the caller's other files. */
function outputsOf(output: string, to: DatasetFormat, options: ConvertOptions): NamedPath[] {
  const outputs: NamedPath[] = [{ path: output, what: 'the output' }];
  if (to.name === 'coco-panoptic' && isFileOutput(output)) {
    const pngDir = options.write?.pngDir;
    outputs.push({ path: pngDir ?? join(dirname(output), defaultPngDir(basename(output))), what: 'the PNG folder' });
  }
  return [...outputs, ...(options.alsoWrites ?? [])];
}

/** What a conversion reads: the input, a panoptic JSON's PNG folder, the images copied beside binary masks. */
function inputsOf(input: string, from: string, file: boolean, options: ConvertOptions): NamedPath[] {
  const inputs: NamedPath[] = [{ path: input, what: 'the input' }];
  if (from === 'coco-panoptic' && file) {
    const pngDir = options.read?.pngDir;
    inputs.push({ path: pngDir ?? join(dirname(input), defaultPngDir(basename(input))), what: 'the input PNG folder' });
  }
  if (options.write?.images !== undefined) inputs.push({ path: options.write.images.name, what: '--images' });
  return inputs;
}

/** Cityscapes polygons → the PNGs cityscapesScripts renders (json2labelImg, json2instanceImg), exactly. */
async function renderCityscapes(
  input: string,
  output: string,
  control: ConvertControl,
  limits: Partial<Limits> | undefined,
  overwrite: boolean,
): Promise<ConvertResult> {
  const source = await openFileSource(input, { limits });
  const sink = await openStagedSink(output, [{ path: '', folder: true }], { overwrite });
  const summary = await written(sink, (s) => convertCityscapesFolder(source, s, control.onProgress, limits));
  const report = losslessReport('cityscapes', 'cityscapes', summary.files.length, summary.objectsDrawn);
  return {
    from: 'cityscapes',
    to: 'cityscapes',
    summary: `rendered ${summary.files.length} Cityscapes documents (${summary.objectsDrawn} objects drawn, ${summary.objectsSkipped} skipped) to labelIds, labelTrainIds, instanceIds and color PNGs -> ${output}`,
    report,
  };
}
