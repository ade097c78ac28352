import { type Limits, SegkitError } from '@segkit/core';
import {
  convertCityscapesFolder,
  type DatasetFormat,
  detectFormat,
  formatByName,
  type LossReport,
  losslessReport,
  type ProgressCallback,
} from '@segkit/formats';
import { locatedAt, type OpenDatasetOptions, openDataset, openDatasetSource } from '../datasets/open-dataset.js';
import { isFileOutput, type WriteDatasetOptions, writeDataset } from '../datasets/write-dataset.js';
import { openFileSink } from '../io/file-sink.js';
import { openFileSource } from '../io/file-source.js';

export interface ConvertOptions {
  /** Input format name; detected when absent. */
  from?: string;
  /** Output format name; default: coco for a `.json` output, else the input's format. */
  to?: string;
  read?: Omit<OpenDatasetOptions, 'from' | 'onProgress' | 'signal' | 'limits'>;
  write?: Omit<WriteDatasetOptions, 'onProgress' | 'signal' | 'limits'>;
  /** Resource limits for reading and writing alike (pixels per image, classes, vertices, file bytes). */
  limits?: Partial<Limits>;
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
  if (from === 'cityscapes' && to.name === 'cityscapes') return renderCityscapes(input, output, control, limits);
  const opened = await openDataset(input, { ...options.read, from, limits, ...control }, source);
  const writeOptions: WriteDatasetOptions = { ...options.write, limits, ...control };
  // coco → coco is a re-encoding: compressed RLE unless polygons are asked for.
  if (from === 'coco' && to.name === 'coco' && writeOptions.maskEncoding === undefined)
    writeOptions.maskEncoding = 'rle';
  let written: Awaited<ReturnType<typeof writeDataset>>;
  try {
    written = await writeDataset(opened.dataset, output, to, writeOptions);
  } catch (error) {
    // Bad annotations surface while writing: name the input they are in (write failures name the output).
    throw error instanceof SegkitError && error.code !== 'IO' ? locatedAt(error, input) : error;
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

/** Cityscapes polygons → the PNGs cityscapesScripts renders (json2labelImg, json2instanceImg), exactly. */
async function renderCityscapes(
  input: string,
  output: string,
  control: ConvertControl,
  limits: Partial<Limits> | undefined,
): Promise<ConvertResult> {
  const summary = await convertCityscapesFolder(
    await openFileSource(input, { limits }),
    openFileSink(output),
    control.onProgress,
    limits,
  );
  const report = losslessReport('cityscapes', 'cityscapes', summary.files.length, summary.objectsDrawn);
  return {
    from: 'cityscapes',
    to: 'cityscapes',
    summary: `rendered ${summary.files.length} Cityscapes documents (${summary.objectsDrawn} objects drawn, ${summary.objectsSkipped} skipped) to labelIds, labelTrainIds, instanceIds and color PNGs -> ${output}`,
    report,
  };
}
