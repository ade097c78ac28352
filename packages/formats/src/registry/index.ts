/**
 * The format registry: every dataset format segkit reads or writes, found by `--from`/`--to` name or
 * detected from the input. Front ends (the CLI, the server) go through it and know no format.
 */
import { cityscapesFormat } from '../cityscapes/format.js';
import { cvatFormat } from '../cvat/format.js';
import { labelStudioFormat } from '../label-studio/format.js';
import { labelmeFormat } from '../labelme/format.js';
import { vocFormat } from '../voc/format.js';
import { binaryMasksFormat } from './binary-masks.js';
import { cocoFormat } from './coco.js';
import { cocoPanopticFormat } from './coco-panoptic.js';
import { cocoResultsFormat } from './coco-results.js';
import { FormatNotDetectedError, UnknownFormatError } from './errors.js';
import { pngFormat } from './png.js';
import type { DatasetFormat, FileSource, FormatName } from './types.js';

/**
 * Every format, in detection order: the most specific test first (a panoptic JSON is also a JSON
 * object with "images"; a Kaggle mask folder, a VOC folder and a Cityscapes folder also hold PNGs
 * or JSON), so `png`, the loosest, comes last. The seam where formats join: one line each.
 */
export const FORMATS: readonly DatasetFormat[] = [
  cocoPanopticFormat,
  cocoResultsFormat,
  labelStudioFormat,
  labelmeFormat,
  cocoFormat,
  cvatFormat,
  cityscapesFormat,
  vocFormat,
  binaryMasksFormat,
  pngFormat,
];

/** The format called `name`; an UnknownFormatError listing the valid names otherwise. */
export function formatByName(name: string, flag = '--from'): DatasetFormat {
  const found = FORMATS.find((format) => format.name === name);
  if (found === undefined)
    throw new UnknownFormatError(
      name,
      FORMATS.map((format) => format.name),
      flag,
    );
  return found;
}

/** The formats that can write (`--to`). */
export function writableFormats(): DatasetFormat[] {
  return FORMATS.filter((format) => format.write !== undefined);
}

/**
 * The one format detector: the first format (in FORMATS order) whose cheap `detect` accepts the
 * source; a FormatNotDetectedError (pass `--from`) when none does.
 */
export async function detectFormat(
  source: FileSource,
  formats: readonly DatasetFormat[] = FORMATS,
): Promise<DatasetFormat> {
  for (const format of formats) if (await format.detect(source)) return format;
  throw new FormatNotDetectedError(source.name);
}

export type { FormatName };
