import { stat } from 'node:fs/promises';
import { isSegkitError, SegkitError } from '@segkit/core';
import {
  type CocoDataset,
  checkCocoDataset,
  cvatFormat,
  labelStudioFormat,
  listFiles,
  type ProgressCallback,
  panopticToCoco,
  readBinaryMasks,
  readClassNames,
  readColorTable,
  readJsonFile,
  readLabelme,
  semanticFolderToCoco,
} from '@segkit/formats';
import type { Command } from 'commander';
import { UsageError } from '../report.js';
import { pathSource } from './path-files.js';

/** Format names for --from/--to, as ../shared/docs/cli.md plans them. */
export const FORMAT_NAMES = [
  'coco',
  'coco-panoptic',
  'png',
  'cityscapes',
  'binary-masks',
  'labelme',
  'cvat',
  'label-studio',
] as const;

/** How the verbs that read a whole dataset (scope, sample, estimate) are told what it is. */
export interface DatasetOptions {
  from?: string;
  classes?: string;
  colors?: string;
  ignoreIndex?: string;
  pngDir?: string;
}

/**
 * A dataset of any format `segkit convert` reads, in memory as COCO. `semantic` is true where each
 * annotation is all the pixels of one class in one image (a class-index PNG folder), so a "region"
 * is a connected part of it rather than the annotation itself.
 */
export interface LoadedDataset {
  dataset: CocoDataset;
  from: string;
  semantic: boolean;
  warnings: string[];
}

/** The flags that say how to read a dataset (`scope`, `sample`, `estimate`). */
export function datasetFlags(command: Command): Command {
  return command
    .option('--from <format>', `dataset format: ${FORMAT_NAMES.join(', ')} (detected when unambiguous)`)
    .option('--classes <file>', 'class names, one per line (line i = class i) or a JSON list')
    .option('--colors <file>', 'png: RGB colour-coded masks, class i = colour i of this table')
    .option('--ignore-index <n>', 'class-index masks: value of unlabelled pixels', '255')
    .option('--png-dir <dir>', 'coco-panoptic: folder of the segment PNGs (default: the JSON path without .json)');
}

/** Reads `input` (file or folder) as COCO in memory; `--from` is detected when not given. */
export async function loadDataset(
  input: string,
  options: DatasetOptions,
  onProgress?: ProgressCallback,
): Promise<LoadedDataset> {
  const from = options.from ?? (await detectFormat(input));
  if (!(FORMAT_NAMES as readonly string[]).includes(from)) {
    throw new UsageError(`--from ${from} is not a format; use one of ${FORMAT_NAMES.join(', ')}`);
  }
  const classNames = options.classes ? await readClassNames(options.classes) : undefined;
  const withFile = (error: unknown): never => {
    throw error instanceof SegkitError && !error.message.startsWith(input) ? error.withContext(input) : error;
  };
  switch (from) {
    case 'coco': {
      const document = await readJsonFile(input);
      try {
        return { dataset: checkCocoDataset(document).dataset, from, semantic: false, warnings: [] };
      } catch (error) {
        return withFile(error);
      }
    }
    case 'png': {
      const colors = options.colors ? await readColorTable(options.colors) : undefined;
      const { dataset } = await semanticFolderToCoco(input, {
        ignoreIndex: parseIgnoreIndex(options.ignoreIndex),
        classNames,
        colors,
        onProgress,
      });
      return { dataset, from, semantic: true, warnings: [] };
    }
    case 'coco-panoptic': {
      const pngDir = options.pngDir ?? input.replace(/\.json$/i, '');
      const { dataset } = await panopticToCoco(await readJsonFile(input), pngDir, input);
      return { dataset, from, semantic: false, warnings: [] };
    }
    case 'binary-masks':
      return { dataset: await readBinaryMasks(input, 'object', onProgress), from, semantic: false, warnings: [] };
    case 'cvat':
      return { ...(await cvatFormat.read(await pathSource(input))), from };
    case 'label-studio':
      return { ...(await labelStudioFormat.read(await pathSource(input))), from };
    case 'labelme': {
      const { dataset, warnings } = await readLabelme(await pathSource(input), { classNames });
      return { dataset, from, semantic: false, warnings };
    }
    default:
      throw new SegkitError(
        'UNSUPPORTED',
        `reading ${from} as a dataset is not implemented yet; convert it to coco or png first`,
        [input],
      );
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

/** `--ignore-index`: the value of unlabelled pixels in class-index masks (8- or 16-bit). */
export function parseIgnoreIndex(value: string | undefined): number {
  const n = Number(value ?? '255');
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new UsageError(`--ignore-index must be an integer 0..65535, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** `--from` when not given: a .json file is COCO, a folder of *_gtFine_polygons.json Cityscapes, of PNGs class-index masks. */
export async function detectFormat(input: string): Promise<string> {
  const info = await stat(input).catch(() => undefined);
  if (info === undefined) throw new SegkitError('IO', 'cannot read: ENOENT', [input]);
  if (info.isFile() && input.toLowerCase().endsWith('.json')) return 'coco';
  if (info.isFile() && input.toLowerCase().endsWith('.xml')) return 'cvat';
  if (info.isDirectory()) {
    const polygons = await listFiles(input, (name) => name.endsWith('_gtFine_polygons.json'));
    if (polygons.length > 0) return 'cityscapes';
    const pngs = await listFiles(input, (name) => name.toLowerCase().endsWith('.png'));
    if (pngs.some((path) => path.includes('/masks/'))) return 'binary-masks';
    if (pngs.length > 0) return 'png';
  }
  throw new UsageError(`cannot tell the format of ${input}; pass --from`);
}
