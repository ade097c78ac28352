import {
  type Bbox,
  boxIou,
  MaskBatch,
  maskIou,
  type Rle,
  SegkitError,
  segmentationToRle,
  showValue,
} from '@segkit/core';
import { boundaryIouMatrix } from './boundary.js';
import type { EvalAnnotation, EvalImage, IouType } from './types.js';

const EMPTY = new Float64Array(0);

// Reused by every pair: masks go from their segmentation straight to runs, with no allocation per mask.
const gtMasks = new MaskBatch();
const dtMasks = new MaskBatch();

function fillBatch(batch: MaskBatch, side: CellSide, what: string, image: EvalImage): MaskBatch {
  batch.clear(image.height, image.width);
  for (let j = side.from; j < side.to; j++) {
    try {
      batch.addSegmentation(side.list[j].segmentation);
    } catch (error) {
      throw error instanceof SegkitError ? error.withContext(`${what} ${side.index[j]}`) : error;
    }
  }
  return batch;
}

/**
 * One side of an (image, category) pair: `list[from .. to)`, where `index[j]` is the position of
 * `list[j]` in the caller's full list of ground truths or detections (named in errors).
 */
export interface CellSide {
  list: readonly EvalAnnotation[];
  index: ArrayLike<number>;
  from: number;
  to: number;
}

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
    throw new SegkitError('INVALID_BBOX', `bbox must be [x, y, w, h], got ${showValue(box)}`, [where]);
  }
  return [box[0], box[1], box[2], box[3]];
}

function sideMap<V>(side: CellSide, what: string, convert: (ann: EvalAnnotation, where: string) => V): V[] {
  const out: V[] = new Array(side.to - side.from);
  for (let j = side.from; j < side.to; j++) out[j - side.from] = convert(side.list[j], `${what} ${side.index[j]}`);
  return out;
}

/**
 * pycocotools `computeIoU(img, cat)`: the D×G overlap matrix (row-major, detections in the pair's
 * score order, ground truths in file order), crowd ground truths scoring |d ∩ g| / |d|. Empty when
 * either side is. Masks of a size other than the image's are refused (pycocotools would give the
 * pair IoU -1, which never matches).
 */
export function cellIou(
  gt: CellSide,
  dt: CellSide,
  crowd: Uint8Array,
  image: EvalImage,
  iouType: IouType,
  dilationRatio = 0.02,
): Float64Array {
  if (gt.to === gt.from || dt.to === dt.from) return EMPTY;
  if (iouType === 'bbox') {
    const g = sideMap(gt, 'ground truth', toBox);
    const d = sideMap(dt, 'detection', toBox);
    return boxIou(d, g, crowd).values;
  }
  if (iouType === 'boundary') {
    const g = sideMap(gt, 'ground truth', (ann, where) => toRle(ann, image, where));
    const d = sideMap(dt, 'detection', (ann, where) => toRle(ann, image, where));
    return boundaryIouMatrix(d, g, crowd, dilationRatio);
  }
  const g = fillBatch(gtMasks, gt, 'ground truth', image);
  return maskIou(fillBatch(dtMasks, dt, 'detection', image), g, crowd).values;
}
