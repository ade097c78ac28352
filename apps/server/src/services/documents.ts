import { firstOverlap, fromCocoRle, type Rle, SegkitError } from '@segkit/core';
import { invalid } from '../errors.js';
import type { ProjectClass, ProjectType } from './projects.js';

/** One segment of a document, as the API carries it. */
export interface Segment {
  id: number;
  categoryId: number;
  segmentation: { size: [number, number]; counts: string };
  iscrowd?: 0 | 1;
}

/** Most segments in one document. */
export const MAX_SEGMENTS = 10_000;

/**
 * Checks a document against its image and project (api.md): ids positive and unique, every class id
 * in the taxonomy, every mask a valid compressed RLE of the image's size, and the project type's
 * overlap rules (semantic: one segment per class, no overlaps; panoptic: no overlaps, one segment
 * per stuff class; instance: overlaps allowed). A 422 names the segment: the first one in document
 * order that breaks a rule, an overlap named at the later of the two segments. Overlaps are found by
 * one sweep over the masks' runs (`firstOverlap`), never decoded to pixels.
 */
export function checkDocument(
  segments: readonly Segment[],
  image: { id: number; width: number; height: number },
  project: { type: ProjectType; classes: readonly ProjectClass[] },
): void {
  if (segments.length > MAX_SEGMENTS) throw invalid(`a document holds at most ${MAX_SEGMENTS} segments`);
  const noOverlaps = project.type !== 'instance';
  const masks: Rle[] = [];
  try {
    checkSegments(segments, image, project, noOverlaps ? masks : undefined);
  } catch (error) {
    // An overlap before the segment that failed comes first in document order.
    if (noOverlaps) refuseOverlaps(segments, masks, project.type);
    throw error;
  }
  if (noOverlaps) refuseOverlaps(segments, masks, project.type);
}

/** Every check of one segment on its own and against the classes before it; pushes the masks read into `masks`. */
function checkSegments(
  segments: readonly Segment[],
  image: { id: number; width: number; height: number },
  project: { type: ProjectType; classes: readonly ProjectClass[] },
  masks: Rle[] | undefined,
): void {
  const classes = new Map(project.classes.map((item) => [item.id, item]));
  const ids = new Set<number>();
  const perClass = new Map<number, number>();
  for (const [index, segment] of segments.entries()) {
    const at = `segment ${index} (id ${segment.id})`;
    if (!Number.isInteger(segment.id) || segment.id < 1)
      throw invalid(`${at}: id must be a positive integer`, 'INVALID_SEGMENT');
    if (ids.has(segment.id)) throw invalid(`${at}: id ${segment.id} is used twice`, 'INVALID_SEGMENT');
    ids.add(segment.id);
    const item = classes.get(segment.categoryId);
    if (item === undefined) {
      throw invalid(`${at}: class id ${segment.categoryId} is not in the project's taxonomy`, 'UNKNOWN_CLASS');
    }
    const [h, w] = segment.segmentation.size;
    if (h !== image.height || w !== image.width) {
      throw invalid(
        `${at}: mask size [${h}, ${w}] is not image ${image.id}'s [${image.height}, ${image.width}]`,
        'SIZE_MISMATCH',
      );
    }
    let mask: Rle;
    try {
      mask = fromCocoRle(segment.segmentation);
    } catch (error) {
      throw invalid(`${at}: ${error instanceof SegkitError ? error.message : 'unreadable RLE'}`, 'INVALID_RLE');
    }
    const count = (perClass.get(segment.categoryId) ?? 0) + 1;
    perClass.set(segment.categoryId, count);
    if (count > 1 && (project.type === 'semantic' || (project.type === 'panoptic' && !item.isthing))) {
      throw invalid(
        `${at}: class ${segment.categoryId} (${item.name}) has a second segment; a ${project.type === 'semantic' ? 'semantic project' : 'stuff class'} holds one per image`,
        'DUPLICATE_CLASS',
      );
    }
    masks?.push(mask);
  }
}

/** 422 OVERLAP at the first segment whose mask shares a pixel with an earlier one's. */
function refuseOverlaps(segments: readonly Segment[], masks: readonly Rle[], type: ProjectType): void {
  const overlap = firstOverlap(masks);
  if (overlap === undefined) return;
  const { later, earlier } = overlap;
  throw invalid(
    `segment ${later} (id ${segments[later].id}): overlaps segment ${earlier} (id ${segments[earlier].id}); a ${type} project allows no overlaps`,
    'OVERLAP',
  );
}

/** Only the pinned fields, in order: what is stored and returned. */
export function normaliseSegments(segments: readonly Segment[]): Segment[] {
  return segments.map((segment) => ({
    id: segment.id,
    categoryId: segment.categoryId,
    segmentation: {
      size: [segment.segmentation.size[0], segment.segmentation.size[1]],
      counts: segment.segmentation.counts,
    },
    ...(segment.iscrowd === 1 ? { iscrowd: 1 as const } : {}),
  }));
}
