import {
  area,
  bbox,
  categoryLabel,
  checkCocoDataset,
  imageLabel,
  imageSizeProblem,
  type Rle,
  SegkitError,
  showValue,
  toCocoRle,
} from '@segkit/core';
import { type CocoAnnotation, type CocoDataset, type CocoImage, categoryName } from '../coco/dataset.js';
import { joinPath } from '../io/paths.js';
import type { PngDecodeOptions } from '../io/png.js';
import { locate } from '../io/source-files.js';
import type { FileSource } from '../registry/types.js';
import { type ClassLoss, emptyClassLoss, finishReport, type LossReport } from '../report/loss-report.js';
import { WarningList } from '../report/tally.js';
import { classRles } from '../semantic/class-rles.js';
import { readSegmentIdsFrom } from './segment-ids.js';

interface PanopticSegment {
  id: number;
  category_id: number;
  area?: number;
  bbox?: number[];
  iscrowd?: number;
}

interface PanopticAnnotation {
  image_id: unknown;
  file_name: string;
  segments_info: PanopticSegment[];
}

/**
 * COCO panoptic (JSON + segment-id PNGs) → COCO instances with one compressed-RLE annotation per
 * segment, things and stuff alike, as panopticapi's panoptic2detection converter writes them:
 * the mask is `png id == segment id`, `area`, `bbox` and `iscrowd` come from `segments_info`.
 * Unlike that converter, annotations keep their segment id (it numbers them from 0, and COCOeval
 * never matches a ground truth whose id is 0). A PNG id with no segment is an error; a segment with
 * no pixels, or whose `area` disagrees with its pixels, a warning. The PNGs are read from `pngDir`
 * inside `source`; `file` names the JSON in messages. `codec.limits` holds the images and each PNG
 * (from its header) to the pixel limit.
 */
export async function panopticToCoco(
  document: unknown,
  source: FileSource,
  pngDir: string,
  file: string,
  codec: PngDecodeOptions = {},
): Promise<{ dataset: CocoDataset; report: LossReport }> {
  const doc = checkPanopticDocument(document, file);
  // Images and categories are the instances file's records: core's checker types and indexes them.
  const checked = checkCocoDataset(
    { images: doc.images, annotations: [], categories: doc.categories },
    { file, limits: codec.limits },
  );
  const { images } = checked;
  const dataset: CocoDataset = {
    ...doc,
    images: checked.dataset.images,
    annotations: [],
    categories: checked.dataset.categories,
  };
  const warnings = new WarningList();
  const losses = new Map<number, ClassLoss>();
  for (const [a, annotation] of doc.annotations.entries()) {
    const where = `${file}: annotation ${a} (image_id ${String(annotation.image_id)})`;
    const { image_id: imageId } = annotation;
    const image = typeof imageId === 'number' || typeof imageId === 'string' ? images.get(imageId) : undefined;
    if (image === undefined) throw new SegkitError('INVALID_DATASET', 'its image_id is not in "images"', [where]);
    const pngFile = joinPath(pngDir, annotation.file_name);
    const pngPath = locate(source, pngFile);
    const ids = await readSegmentIdsFrom(source, pngFile, codec);
    if (ids.height !== image.height || ids.width !== image.width) {
      throw new SegkitError(
        'SIZE_MISMATCH',
        `PNG is ${ids.width}x${ids.height} but image ${String(image.id)} is ${image.width}x${image.height}`,
        [pngPath],
      );
    }
    const rles = classRles(ids, 0);
    const known = new Set(annotation.segments_info.map((s) => s.id));
    for (const [id, rle] of rles) {
      if (!known.has(id)) {
        throw new SegkitError(
          'INVALID_DATASET',
          `${area(rle)} pixels have segment id ${id} (RGB ${id & 0xff}, ${(id >>> 8) & 0xff}, ${id >>> 16}), which segments_info does not list`,
          [pngPath],
        );
      }
    }
    for (const [s, segment] of annotation.segments_info.entries()) {
      const rle: Rle = rles.get(segment.id) ?? {
        height: ids.height,
        width: ids.width,
        counts: Uint32Array.of(ids.height * ids.width),
      };
      const pixels = area(rle);
      if (pixels === 0)
        warnings.add(
          'empty segment',
          `${where}: segment ${s} (id ${segment.id}) has no pixels in ${annotation.file_name}`,
        );
      else if (segment.area !== undefined && segment.area !== pixels) {
        warnings.add(
          'segment area',
          `${where}: segment ${s} (id ${segment.id}) says area ${segment.area} but has ${pixels} pixels`,
        );
      }
      dataset.annotations.push({
        id: segment.id,
        image_id: image.id,
        category_id: segment.category_id,
        segmentation: toCocoRle(rle),
        area: segment.area ?? pixels,
        bbox: segment.bbox ?? bbox(rle),
        iscrowd: segment.iscrowd ?? 0,
      } satisfies CocoAnnotation);
      let loss = losses.get(segment.category_id);
      if (loss === undefined) {
        loss = emptyClassLoss(segment.category_id, categoryName(doc.categories, segment.category_id));
        losses.set(segment.category_id, loss);
      }
      loss.sourcePixels += pixels;
      loss.convertedPixels += pixels;
    }
  }
  const report = finishReport({
    from: 'coco-panoptic',
    to: 'coco',
    images: doc.images.length,
    annotations: dataset.annotations.length,
    lossless: true,
    perClass: [...losses.values()].sort((x, y) => x.id - y.id),
    warnings: warnings.lines(),
  });
  return { dataset, report };
}

/**
 * Checks a COCO panoptic document's shape; a predictions file may have no "images" (panopticapi's
 * don't). Images are held to the one size rule (`imageSizeProblem`), categories need an integer id,
 * annotations a `file_name` and a `segments_info` list of segments with integer ids. Errors name
 * the file and the item: `pan.json: annotation 3: segment 1: …`.
 */
export function checkPanopticDocument(
  document: unknown,
  file: string,
  options: { predictions?: boolean } = {},
): { images: CocoImage[]; annotations: PanopticAnnotation[]; categories: unknown[]; [key: string]: unknown } {
  const fail = (
    message: string,
    where: string[] = [],
    code: 'INVALID_DATASET' | 'INVALID_SIZE' = 'INVALID_DATASET',
  ) => {
    throw new SegkitError(code, message, [file, ...where]);
  };
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    return fail('a COCO panoptic file is a JSON object with "images" and "annotations"');
  }
  const doc = document as Record<string, unknown>;
  for (const key of options.predictions ? ['annotations'] : ['images', 'annotations']) {
    if (!Array.isArray(doc[key])) fail(`"${key}" is missing or not a list`);
  }
  for (const key of ['images', 'categories']) {
    if (doc[key] !== undefined && !Array.isArray(doc[key])) fail(`"${key}" is not a list`);
  }
  for (const [i, image] of ((doc.images ?? []) as unknown[]).entries()) {
    const where = [imageLabel(image, i)];
    if (image === null || typeof image !== 'object' || Array.isArray(image)) {
      return fail(`not an object: ${showValue(image)}`, where);
    }
    const { id, height, width } = image as Record<string, unknown>;
    if (typeof id !== 'number' && typeof id !== 'string') {
      fail(`"id" must be a number or a string, got ${showValue(id)}`, where);
    }
    const problem = imageSizeProblem(height, width);
    if (problem !== undefined) fail(problem, where, 'INVALID_SIZE');
  }
  for (const [k, category] of ((doc.categories ?? []) as unknown[]).entries()) {
    const where = [categoryLabel(category, k)];
    if (category === null || typeof category !== 'object' || Array.isArray(category)) {
      return fail(`not an object: ${showValue(category)}`, where);
    }
    const { id } = category as Record<string, unknown>;
    if (typeof id !== 'number' || !Number.isSafeInteger(id))
      fail(`"id" must be an integer, got ${showValue(id)}`, where);
  }
  (doc.annotations as unknown[]).forEach((annotation, a) => {
    const ok =
      annotation !== null &&
      typeof annotation === 'object' &&
      typeof (annotation as PanopticAnnotation).file_name === 'string' &&
      Array.isArray((annotation as PanopticAnnotation).segments_info);
    if (!ok) fail(`needs "file_name" and a "segments_info" list, got ${showValue(annotation)}`, [`annotation ${a}`]);
    (annotation as PanopticAnnotation).segments_info.forEach((segment, s) => {
      if (
        segment === null ||
        typeof segment !== 'object' ||
        !Number.isSafeInteger(segment.id) ||
        !Number.isSafeInteger(segment.category_id)
      ) {
        fail(`a segment needs integer "id" and "category_id", got ${showValue(segment)}`, [
          `annotation ${a}`,
          `segment ${s}`,
        ]);
      }
    });
  });
  return {
    ...doc,
    images: (Array.isArray(doc.images) ? doc.images : []) as CocoImage[],
    annotations: doc.annotations as PanopticAnnotation[],
    categories: Array.isArray(doc.categories) ? doc.categories : [],
  };
}
