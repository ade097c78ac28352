/**
 * @segkit/core: binary masks, COCO run-length encoding and polygon rasterization, bit-exact with
 * pycocotools (`maskApi.c`) and written for speed. Pure TypeScript: no DOM, no Node APIs.
 *
 * Conventions (as pycocotools' `mask.py`):
 * - Coordinates are 0-indexed; pixel (x, y) covers [x, x+1) × [y, y+1), so bbox [0 0 1 1] is the
 *   first pixel. Boxes are `[x, y, w, h]`.
 * - A `Bitmap` is row-major (ImageData's layout); an `Rle` counts runs in column-major order,
 *   background first: M = [0 0 1 1 1 0 1] → counts [2 3 1 1]; [1 1 1 1 1 1 0] → [0 6 1].
 * - The compressed `counts` string codes each count in 5-bit chunks ('0'..'o'), from index 3 as the
 *   difference from the count two back: [2 3 1 1] → "231N".
 *
 * Verbs (pycocotools name in brackets): `encode` [encode], `decode` [decode], `rleToString` /
 * `rleFromString` [_toString / _frString], `area` [area], `bbox` [toBbox], `polygonToRle` /
 * `bboxToRle` [frPyObjects], `merge` [merge] and `combine` (also difference and xor),
 * `maskIou` / `boxIou` [iou], `checkRle` (the check pycocotools never makes); and the way back,
 * `traceContours` / `maskToPolygons` / `polygonLoss` (mask → COCO polygons that keep holes);
 * `rleToBoundary` / `maskToBoundary` (boundary-iou-api's mask_to_boundary, on runs or bytes).
 *
 * COCO documents: the records (`CocoDataset`, `CocoImage`, `CocoAnnotation`, `CocoCategory`,
 * `CocoResult`) that formats, metrics and scope share, `checkCocoDataset(json, { file })` (typed and
 * indexed, errors naming `file: annotation 17 (id 4021)`), and `loadCocoResults` [COCO.loadRes].
 *
 * Cost: encode and decode are one sequential pass over the pixels; everything else works on runs
 * (O(number of runs)) and never decodes. IoU skips pairs whose boxes do not overlap and, for the
 * others, only walks the runs inside the shared columns.
 */

export { AbortError, type AbortSignalLike, throwIfAborted } from './abort.js';
export { boundaryDilation } from './boundary/dilation.js';
export { maskToBoundary } from './boundary/mask-to-boundary.js';
export { rleToBoundary } from './boundary/rle-to-boundary.js';
export { type CocoCheckOptions, checkCocoDataset, isCocoDocument } from './coco/check-dataset.js';
export type {
  CocoAnnotation,
  CocoCategory,
  CocoDataset,
  CocoDocument,
  CocoId,
  CocoImage,
  CocoResult,
} from './coco/document.js';
export { checkImageSize, cocoImageSizeProblem, type ImageSizeFields, imageSizeProblem } from './coco/image-size.js';
export { annotationLabel, categoryLabel, imageLabel } from './coco/labels.js';
export { type CocoResultsOptions, loadCocoResults } from './coco/load-results.js';
export {
  type CocoSegmentation,
  polygonsToRle,
  segmentationToCocoRle,
  segmentationToRle,
} from './coco/segmentation.js';
export { type PolygonLoss, polygonLoss } from './contour/loss.js';
export { simplifyRing } from './contour/simplify.js';
export { maskToPolygons, type PolygonOptions } from './contour/to-polygons.js';
export { type Contours, traceContours } from './contour/trace.js';
export { isSegkitError, SegkitError, type SegkitErrorCode } from './errors.js';
export {
  checkLimit,
  checkPixelLimit,
  checkPolygonVertices,
  DEFAULT_LIMITS,
  LIMIT_FLAGS,
  LimitError,
  type LimitName,
  type Limits,
  resolveLimits,
} from './limits.js';
export { bboxToRle, isPolygonCoordinate, MAX_POLYGON_COORDINATE, polygonToRle } from './polygon/rasterize.js';
export { mulberry32 } from './random.js';
export { checkRle, isCanonicalRle, rleFromCounts } from './rle/check.js';
export { decode, decodeColumnMajor } from './rle/decode.js';
export { encode, encodeColumnMajor } from './rle/encode.js';
export { boxIou, type CrowdFlags, type IouMatrix, maskIou, type PreparedMasks, prepareMasks } from './rle/iou.js';
export { MaskBatch } from './rle/mask-batch.js';
export { area, bbox } from './rle/measure.js';
export { combine, type MergeOp, merge } from './rle/merge.js';
export { firstOverlap, type Overlap } from './rle/overlap.js';
export {
  fromCocoRle,
  rleFromString,
  rleToString,
  toCocoRle,
  toUncompressedCocoRle,
} from './rle/string-codec.js';
export type { Bbox, Bitmap, CocoRle, CocoUncompressedRle, Rle } from './rle/types.js';
export { showValue } from './show-value.js';
export { checkSize, MAX_PIXELS } from './size.js';
