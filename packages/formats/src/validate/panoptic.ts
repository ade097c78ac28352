import { area, bbox, isSegkitError, showValue } from '@segkit/core';
import { joinPath } from '../io/paths.js';
import type { PngDecodeOptions } from '../io/png.js';
import { locate } from '../io/source-files.js';
import { readSegmentIdsFrom, type segmentIdsFromPng } from '../panoptic/segment-ids.js';
import { checkPanopticDocument } from '../panoptic/to-coco.js';
import type { FileSource } from '../registry/types.js';
import { classRles } from '../semantic/class-rles.js';
import { ProblemList } from './problems.js';

/**
 * A COCO panoptic dataset (JSON + segment PNGs): PNGs readable and the size of their image, every
 * PNG id listed in `segments_info` (0 is void), segment ids unique per image, categories known,
 * and each segment's `area` and `bbox` equal to its pixels. A pixel belongs to one segment by
 * construction of the PNG, so "covered exactly once" is the first check. `codec.limits` holds each
 * PNG to the pixel limit (from its header); `listed` problems of each code are kept, all counted.
 */
export async function validatePanoptic(
  document: unknown,
  source: FileSource,
  pngDir: string,
  file: string,
  codec: PngDecodeOptions = {},
  listed?: number,
): Promise<ProblemList> {
  const problems = new ProblemList(listed);
  let doc: ReturnType<typeof checkPanopticDocument>;
  try {
    doc = checkPanopticDocument(document, file);
  } catch (error) {
    if (!isSegkitError(error)) throw error;
    // The checker names the file and the item ("annotation 3: segment 1"): the problem keeps both.
    const [, ...item] = error.context;
    problems.error(
      error.code === 'INVALID_SIZE' ? 'IMAGE_SIZE' : 'STRUCTURE',
      [file, ...item].join(': '),
      error.detail,
    );
    return problems;
  }
  const categories = new Set(doc.categories.map((c) => (c as { id?: unknown }).id));
  const images = new Map(doc.images.map((image) => [image.id, image]));
  for (const [a, annotation] of doc.annotations.entries()) {
    const where = `${file}: annotation ${a} (${annotation.file_name})`;
    const image = images.get(annotation.image_id as string | number);
    if (image === undefined) {
      problems.error('UNKNOWN_IMAGE', where, `image_id ${showValue(annotation.image_id)} is not in "images"`);
      continue;
    }
    const seen = new Set<number>();
    for (const [s, segment] of annotation.segments_info.entries()) {
      if (seen.has(segment.id))
        problems.error('DUPLICATE_ID', `${where}: segment ${s}`, `segment id ${segment.id} appears twice`);
      seen.add(segment.id);
      if (!categories.has(segment.category_id)) {
        problems.error(
          'UNKNOWN_CATEGORY',
          `${where}: segment ${s}`,
          `category_id ${segment.category_id} is not in "categories"`,
        );
      }
    }
    const pngFile = joinPath(pngDir, annotation.file_name);
    const pngPath = locate(source, pngFile);
    let ids: ReturnType<typeof segmentIdsFromPng>;
    try {
      ids = await readSegmentIdsFrom(source, pngFile, codec);
    } catch (error) {
      // A PNG over the pixel limit is not a problem of the data: validation stops, naming it.
      if (!isSegkitError(error) || error.code === 'LIMIT') throw error;
      problems.error('PNG', pngPath, error.detail);
      continue;
    }
    if (ids.height !== image.height || ids.width !== image.width) {
      problems.error(
        'MASK_SIZE',
        pngPath,
        `PNG is ${ids.width}x${ids.height} but the image is ${image.width}x${image.height}`,
      );
      continue;
    }
    const rles = classRles(ids, 0);
    for (const [id, rle] of rles) {
      if (!seen.has(id))
        problems.error(
          'UNLISTED_SEGMENT',
          pngPath,
          `${area(rle)} pixels have segment id ${id}, which segments_info does not list`,
        );
    }
    for (const [s, segment] of annotation.segments_info.entries()) {
      const rle = rles.get(segment.id);
      const at = `${where}: segment ${s} (id ${segment.id})`;
      if (rle === undefined) {
        problems.warning('EMPTY_SEGMENT', at, 'has no pixels in the PNG');
        continue;
      }
      const pixels = area(rle);
      if (segment.area !== undefined && segment.area !== pixels)
        problems.error('AREA', at, `area is ${segment.area} but the segment has ${pixels} pixels`);
      const box = bbox(rle);
      if (Array.isArray(segment.bbox) && segment.bbox.some((v, k) => v !== box[k])) {
        problems.warning(
          'BBOX',
          at,
          `bbox is [${segment.bbox.join(', ')}] but the segment's box is [${box.join(', ')}]`,
        );
      }
    }
  }
  return problems;
}
