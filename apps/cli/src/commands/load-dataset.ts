import { isSegkitError, type Limits } from '@segkit/core';
import {
  type CocoDataset,
  FORMATS,
  FormatNotDetectedError,
  type ProgressCallback,
  UnknownFormatError,
} from '@segkit/formats';
import { type OpenDatasetOptions, openDataset, readClassNames, readColorTable } from '@segkit/jobs';
import type { Command } from 'commander';
import { CLASSES_HELP, ignoreIndexOption, type LimitFlagValues, limitFlags, limitsOption } from '../options.js';
import { UsageError } from '../report.js';

/** The `--from` / `--to` names the registry holds. */
export const FORMAT_LIST = FORMATS.map((format) => format.name).join(', ');

/** How the verbs that read a whole dataset (scope, sample, estimate, validate) are told what it is, and its limits. */
export interface DatasetOptions extends LimitFlagValues {
  from?: string;
  classes?: string;
  colors?: string;
  ignoreIndex?: string;
  pngDir?: string;
}

/**
 * A dataset of any format, in memory as COCO. `semantic` is true where each annotation is all the
 * pixels of one class in one image (a class-index PNG folder), so a "region" is a connected part
 * of it rather than the annotation itself.
 */
export interface LoadedDataset {
  dataset: CocoDataset;
  from: string;
  semantic: boolean;
  warnings: string[];
  /** The limits it was read under, for the work that follows. */
  limits: Limits;
}

/** The flags that say how to read a dataset (`scope`, `sample`, `estimate`), the limit flags included. */
export function datasetFlags(command: Command): Command {
  return limitFlags(
    command
      .option('--from <format>', `dataset format: ${FORMAT_LIST} (detected when unambiguous)`)
      .option('--classes <file>', CLASSES_HELP)
      .option('--colors <file>', 'png: RGB colour-coded masks, class i = colour i of this table')
      .option('--ignore-index <n>', 'class-index masks: value of unlabelled pixels', '255')
      .option('--png-dir <dir>', 'coco-panoptic: folder of the segment PNGs (default: the JSON path without .json)'),
  );
}

/** The dataset flags as the Node layer's read options, limits included (files named by flags read here). */
export async function readOptions(options: DatasetOptions): Promise<OpenDatasetOptions & { limits: Limits }> {
  const limits = limitsOption(options);
  const read: OpenDatasetOptions & { limits: Limits } = {
    ignoreIndex: ignoreIndexOption(options.ignoreIndex ?? '255'),
    limits,
  };
  if (options.from !== undefined) read.from = options.from;
  if (options.pngDir !== undefined) read.pngDir = options.pngDir;
  if (options.classes !== undefined) read.classNames = classList(await readClassNames(options.classes, limits));
  if (options.colors !== undefined) read.colors = await readColorTable(options.colors, limits);
  return read;
}

/** Class names by id as a list (ids without a name are holes). */
export function classList(names: Map<number, string>): string[] {
  const list: string[] = [];
  for (const [id, name] of names) list[id] = name;
  return list;
}

/** Reads `input` (file or folder) as COCO in memory through the registry; `--from` is detected when not given. */
export async function loadDataset(
  input: string,
  options: DatasetOptions,
  onProgress?: ProgressCallback,
): Promise<LoadedDataset> {
  const read = await readOptions(options);
  const opened = await asUsage(() => openDataset(input, { ...read, ...(onProgress ? { onProgress } : {}) }));
  return {
    dataset: opened.dataset,
    from: opened.format.name,
    semantic: opened.semantic,
    warnings: opened.warnings,
    limits: read.limits,
  };
}

/** A format name that is none, or an input whose format cannot be told, is a usage error (exit 2). */
export async function asUsage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UnknownFormatError || error instanceof FormatNotDetectedError) {
      throw new UsageError(error.detail);
    }
    throw error;
  }
}

/** Runs `work`, prefixing the file to the SegkitErrors it raises ("in.json: annotation 3 (id 7): ..."). */
export function located<T>(file: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw isSegkitError(error) ? error.withContext(file) : error;
  }
}
