import { type CocoSegmentation, segmentationToRle } from '../coco/segmentation.js';
import { SegkitError } from '../errors.js';
import { rasterizedCounts, rasterizePolygon } from '../polygon/rasterize.js';
import { checkSize } from '../size.js';
import type { PreparedMasks } from './iou.js';
import { decodeCountsString, decodedCounts } from './string-codec.js';
import type { Rle } from './types.js';

/**
 * Appends one mask's foreground runs to `into` as absolute column-major [start, end) intervals from
 * index `n`, and writes its area and box (as rleBbox computes it) at position `i`; returns the new n.
 * `intervals` needs room for `length` more entries (at most one interval per two counts).
 */
export function appendIntervals(
  counts: ArrayLike<number>,
  length: number,
  height: number,
  intervals: Int32Array | Float64Array,
  n: number,
  areas: Float64Array,
  boxes: Float64Array,
  i: number,
): number {
  let position = 0;
  let total = 0;
  // Intervals come in column order, so the box is gathered in the same pass.
  let x0 = -1;
  let x1 = -1;
  let y0 = height;
  let y1 = -1;
  for (let j = 0; j < length; j++) {
    const next = position + counts[j];
    if ((j & 1) === 1 && next > position) {
      intervals[n++] = position;
      intervals[n++] = next;
      total += next - position;
      const xs = Math.floor(position / height);
      const xe = Math.floor((next - 1) / height);
      if (x0 < 0) x0 = xs;
      x1 = xe;
      if (xs < xe) {
        y0 = 0;
        y1 = height - 1;
      } else {
        const ys = position - xs * height;
        const ye = next - 1 - xe * height;
        if (ys < y0) y0 = ys;
        if (ye > y1) y1 = ye;
      }
    }
    position = next;
  }
  areas[i] = total;
  const b = i * 4;
  if (x0 >= 0) {
    boxes[b] = x0;
    boxes[b + 1] = y0;
    boxes[b + 2] = x1 - x0 + 1;
    boxes[b + 3] = y1 - y0 + 1;
  } else {
    boxes[b] = 0;
    boxes[b + 1] = 0;
    boxes[b + 2] = 0;
    boxes[b + 3] = 0;
  }
  return n;
}

/**
 * Masks of one image size gathered for `maskIou`, a `PreparedMasks` whose buffers grow and are
 * reused: `clear(h, w)`, then `addRle` or `addSegmentation` per mask. Decoding a compressed string
 * or rasterizing a one-part polygon goes straight to intervals with no per-mask allocation, which is
 * what COCO evaluation does for every pair of an image and a category.
 *
 * ```ts
 * const dt = new MaskBatch().clear(h, w);
 * for (const d of detections) dt.addSegmentation(d.segmentation);
 * maskIou(dt, gt, crowd); // as maskIou(detections.map(toRle), ...)
 * ```
 */
export class MaskBatch implements PreparedMasks {
  count = 0;
  height = 0;
  width = 0;
  areas = new Float64Array(64);
  boxes = new Float64Array(256);
  offsets = new Uint32Array(65);
  intervals: Int32Array | Float64Array = new Int32Array(4096);
  private int32 = new Int32Array(4096);
  private float64: Float64Array | undefined;

  /** Empties the batch for masks of `height`×`width`. */
  clear(height: number, width: number): this {
    checkSize(height, width);
    this.count = 0;
    this.height = height;
    this.width = width;
    if (height * width < 0x80000000) this.intervals = this.int32;
    else {
      this.float64 ??= new Float64Array(4096);
      this.intervals = this.float64;
    }
    return this;
  }

  /** Adds a mask given as counts[0 .. length) (counts summing to h·w). */
  private addCounts(counts: ArrayLike<number>, length: number): void {
    const i = this.count;
    if (this.areas.length <= i) {
      const areas = new Float64Array(this.areas.length * 2);
      areas.set(this.areas);
      this.areas = areas;
      const boxes = new Float64Array(this.boxes.length * 2);
      boxes.set(this.boxes);
      this.boxes = boxes;
      const offsets = new Uint32Array(this.areas.length + 1);
      offsets.set(this.offsets);
      this.offsets = offsets;
    }
    const n = this.offsets[i];
    if (this.intervals.length < n + length) {
      const bigger =
        this.intervals instanceof Int32Array ? new Int32Array((n + length) * 2) : new Float64Array((n + length) * 2);
      bigger.set(this.intervals.subarray(0, n));
      this.intervals = bigger;
      if (bigger instanceof Int32Array) this.int32 = bigger;
      else this.float64 = bigger;
    }
    this.offsets[i + 1] = appendIntervals(counts, length, this.height, this.intervals, n, this.areas, this.boxes, i);
    this.count = i + 1;
  }

  /** Adds an RLE of the batch's size. */
  addRle(rle: Rle): this {
    if (rle.height !== this.height || rle.width !== this.width) {
      throw new SegkitError(
        'SIZE_MISMATCH',
        `mask ${this.count} is [${rle.height}, ${rle.width}] but the batch is [${this.height}, ${this.width}]`,
      );
    }
    this.addCounts(rle.counts, rle.counts.length);
    return this;
  }

  /**
   * Adds a COCO `segmentation`, the mask `segmentationToRle(segmentation, h, w)` gives, with the
   * same checks and errors.
   */
  addSegmentation(segmentation: CocoSegmentation | unknown): this {
    const { height, width } = this;
    if (Array.isArray(segmentation) && segmentation.length === 1 && Array.isArray(segmentation[0])) {
      let length: number;
      try {
        length = rasterizePolygon(segmentation[0], height, width, 3);
      } catch (error) {
        throw error instanceof SegkitError ? error.withContext('polygon part 0') : error;
      }
      this.addCounts(rasterizedCounts(), length);
      return this;
    }
    const rle = segmentation as { size?: unknown; counts?: unknown } | null;
    if (
      rle !== null &&
      typeof rle === 'object' &&
      typeof rle.counts === 'string' &&
      Array.isArray(rle.size) &&
      rle.size.length === 2
    ) {
      const [h, w] = rle.size as [number, number];
      const length = decodeCountsString(rle.counts, h, w);
      if (h !== height || w !== width) {
        throw new SegkitError('SIZE_MISMATCH', `RLE size is [${h}, ${w}] but the image is [${height}, ${width}]`);
      }
      this.addCounts(decodedCounts(), length);
      return this;
    }
    // Several polygon parts (merged), uncompressed counts, or an error.
    return this.addRle(segmentationToRle(segmentation, height, width));
  }
}
