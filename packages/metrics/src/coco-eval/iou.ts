import { type Bbox, boxIou, maskIou, type Rle, SegkitError, segmentationToRle } from '@segkit/core';
import { boundaryIouMatrix } from './boundary.js';
import type { EvalGroup } from './groups.js';
import type { EvalAnnotation, EvalImage, IouType } from './types.js';

const EMPTY = new Float64Array(0);

function toRle(ann: EvalAnnotation, image: EvalImage, where: string): Rle {
  try {
    return segmentationToRle(ann.segmentation, image.height, image.width);
  } catch (error) {
    throw error instanceof SegkitError ? error.withContext(where) : error;
  }
}

function toBox(ann: EvalAnnotation, where: string): Bbox {
  const box = ann.bbox;
  if (!Array.isArray(box) || box.length !== 4 || !box.every((v) => typeof v === 'number')) {
    throw new SegkitError('INVALID_BBOX', `bbox must be [x, y, w, h], got ${JSON.stringify(box)}`, [where]);
  }
  return box as unknown as Bbox;
}

/**
 * pycocotools `computeIoU(img, cat)`: the D×G overlap matrix (row-major, detections in the group's
 * score order, ground truths in file order), crowd ground truths scoring |d ∩ g| / |d|. Empty when
 * either side is. Masks of a size other than the image's are refused (pycocotools would give the
 * pair IoU -1, which never matches).
 */
export function groupIou(
  group: EvalGroup,
  gts: readonly EvalAnnotation[],
  dts: readonly EvalAnnotation[],
  crowd: Uint8Array,
  image: EvalImage,
  iouType: IouType,
  dilationRatio = 0.02,
): Float64Array {
  if (group.gt.length === 0 || group.dt.length === 0) return EMPTY;
  if (iouType === 'bbox') {
    const g = group.gt.map((index) => toBox(gts[index], `ground truth ${index}`));
    const d = group.dt.map((index) => toBox(dts[index], `detection ${index}`));
    return boxIou(d, g, crowd).values;
  }
  const g = group.gt.map((index) => toRle(gts[index], image, `ground truth ${index}`));
  const d = group.dt.map((index) => toRle(dts[index], image, `detection ${index}`));
  if (iouType === 'boundary') return boundaryIouMatrix(d, g, crowd, dilationRatio);
  return maskIou(d, g, crowd).values;
}
