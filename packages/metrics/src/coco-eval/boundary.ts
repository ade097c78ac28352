import { maskIou, type Rle, rleToBoundary } from '@segkit/core';

/**
 * boundary-iou-api `COCOeval.computeIoU` for iouType `boundary` (coco_instance_api/cocoeval.py): the
 * D×G matrix (row-major, detections as rows) of
 * - min(mask IoU, boundary IoU) for a non-crowd ground truth, where the boundary IoU is the mask IoU
 *   of the two `mask_to_boundary` masks (`rleToBoundary`, d from the image diagonal and
 *   `dilationRatio`);
 * - the plain mask overlap |d ∩ g| / |d| for a crowd ground truth: its boundary is never used.
 * Both IoUs are pycocotools' `mask.iou` (0 where the boxes do not overlap), so a pair is 0 as soon as
 * either is. The reference computes the boundaries of every annotation up front (`COCO(...,
 * get_boundary=True)`); here they are computed per evaluated (image, category) pair, each mask once,
 * and not at all for crowd ground truths.
 *
 * Cost: one `rleToBoundary` per mask (O(runs)) and two run-walking IoU matrices.
 */
export function boundaryIouMatrix(
  dt: readonly Rle[],
  gt: readonly Rle[],
  crowd: Uint8Array,
  dilationRatio: number,
): Float64Array {
  const ious = maskIou(dt, gt, crowd).values;
  if (dt.length === 0 || gt.length === 0) return ious;
  const dtBoundaries = dt.map((rle) => rleToBoundary(rle, dilationRatio));
  // A crowd column's boundary IoU is discarded: its mask stands in so that nothing is computed for it.
  const gtBoundaries = gt.map((rle, g) => (crowd[g] ? rle : rleToBoundary(rle, dilationRatio)));
  const boundaryIous = maskIou(dtBoundaries, gtBoundaries, crowd).values;
  const G = gt.length;
  for (let g = 0; g < G; g++) {
    if (crowd[g]) continue;
    for (let i = g; i < ious.length; i += G) if (boundaryIous[i] < ious[i]) ious[i] = boundaryIous[i];
  }
  return ious;
}
