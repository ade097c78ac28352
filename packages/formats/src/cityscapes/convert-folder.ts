import { type Limits, SegkitError } from '@segkit/core';
import { basenamePath } from '../io/paths.js';
import { encodePng, type PngImage } from '../io/png.js';
import { readJson, where } from '../io/source-files.js';
import type { FileSink, FileSource } from '../registry/types.js';
import type { ProgressCallback } from '../report/progress.js';
import { objectLabel } from './document.js';
import type { DrawPlan, SkippedObject } from './draw-plan.js';
import { type CityscapesImages, renderCityscapes } from './render.js';

/*
 * A tree of Cityscapes `*_gtFine_polygons.json` files (a FileSource) → the ground-truth PNGs
 * cityscapesScripts makes from them, written to a FileSink under the same relative paths:
 *
 *   in/train/aachen/aachen_000000_000019_gtFine_polygons.json
 *   → out/train/aachen/aachen_000000_000019_gtFine_labelIds.png       8-bit grey   (json2labelImg ids)
 *                                          …_gtFine_labelTrainIds.png  8-bit grey   (json2labelImg trainIds)
 *                                          …_gtFine_instanceIds.png    16-bit grey  (json2instanceImg ids)
 *                                          …_gtFine_color.png          8-bit RGBA   (json2labelImg color)
 *
 * The image modes are those of the files the dataset ships (and Pillow writes): mode "I" instance
 * images are saved as 16-bit PNG, the colour image is RGBA with alpha 255 on a black background.
 * Files are converted one at a time (the sink decides how a file is written; the Node layer's is
 * atomic); the first bad file stops the run with an error naming it (and the object), leaving the
 * outputs of the files before it.
 */

/** The polygons files cityscapesScripts converts (createTrainIdLabelImgs.py globs `*_gt*_polygons.json`). */
export const POLYGONS_FILE = /_gt.*_polygons\.json$/;
const POLYGONS_SUFFIX = '_polygons.json';

/** Output suffixes, replacing `_polygons.json`. */
export const CITYSCAPES_OUTPUT_SUFFIXES = {
  labelIds: '_labelIds.png',
  trainIds: '_labelTrainIds.png',
  instanceIds: '_instanceIds.png',
  color: '_color.png',
} as const;

export interface CityscapesFileSummary {
  /** The polygons file, relative to the input folder. */
  input: string;
  /** The PNGs written, relative to the output folder. */
  outputs: string[];
  objectsDrawn: number;
  /** Deleted objects and license plates, which cityscapesScripts leaves out too. */
  skipped: SkippedObject[];
}

export interface CityscapesConvertSummary {
  files: CityscapesFileSummary[];
  objectsDrawn: number;
  objectsSkipped: number;
}

/**
 * Converts every polygons file of `source` (its `entry` alone when it has one) into PNGs in `sink`;
 * a document whose size or polygons pass `limits` is refused, naming it, before anything is drawn.
 */
export async function convertCityscapesFolder(
  source: FileSource,
  sink: FileSink,
  onProgress?: ProgressCallback,
  limits?: Partial<Limits>,
): Promise<CityscapesConvertSummary> {
  const summary: CityscapesConvertSummary = { files: [], objectsDrawn: 0, objectsSkipped: 0 };
  const inputs =
    source.entry !== undefined
      ? [source.entry]
      : (await source.list()).filter((path) => POLYGONS_FILE.test(basenamePath(path)));
  for (const input of inputs) {
    onProgress?.(summary.files.length, inputs.length);
    const file = await convertFile(source, input, sink, limits);
    summary.files.push(file);
    summary.objectsDrawn += file.objectsDrawn;
    summary.objectsSkipped += file.skipped.length;
  }
  return summary;
}

async function convertFile(
  source: FileSource,
  input: string,
  sink: FileSink,
  limits: Partial<Limits> | undefined,
): Promise<CityscapesFileSummary> {
  const path = where(source, input);
  const document = await readJson(source, input);
  let rendered: { images: CityscapesImages; plan: DrawPlan };
  try {
    rendered = renderCityscapes(document, limits);
    checkInstancesFit16Bits(rendered.plan);
  } catch (error) {
    throw error instanceof SegkitError ? error.withContext(path) : error;
  }
  const { images, plan } = rendered;
  const stem = input.slice(0, -POLYGONS_SUFFIX.length);
  const { width, height } = images;
  const pngs: [string, PngImage][] = [
    [CITYSCAPES_OUTPUT_SUFFIXES.labelIds, { width, height, channels: 1, depth: 8, data: images.labelIds }],
    [CITYSCAPES_OUTPUT_SUFFIXES.trainIds, { width, height, channels: 1, depth: 8, data: images.trainIds }],
    [
      CITYSCAPES_OUTPUT_SUFFIXES.instanceIds,
      { width, height, channels: 1, depth: 16, data: Uint16Array.from(images.instanceIds) },
    ],
    [CITYSCAPES_OUTPUT_SUFFIXES.color, { width, height, channels: 4, depth: 8, data: images.color }],
  ];
  const outputs = pngs.map(([suffix]) => stem + suffix);
  for (const [suffix, png] of pngs) await sink.write(stem + suffix, encodePng(png));
  return { input, outputs, objectsDrawn: plan.drawn.length, skipped: plan.skipped };
}

/**
 * A 16-bit PNG holds instance ids up to 65535; Pillow would clamp a larger one silently (that takes
 * more than 30,000 objects of one class in one image), we refuse it.
 */
function checkInstancesFit16Bits(plan: DrawPlan): void {
  const tooLarge = plan.drawn.find((object) => object.instanceId > 0xffff);
  if (tooLarge === undefined) return;
  throw new SegkitError(
    'UNSUPPORTED',
    `instance id ${tooLarge.instanceId} does not fit the 16-bit _instanceIds.png (at most 65535)`,
    [objectLabel({ label: tooLarge.label.name }, tooLarge.index)],
  );
}
