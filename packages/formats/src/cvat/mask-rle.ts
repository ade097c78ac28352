/**
 * CVAT's mask encoding: a shape's `points` are `[c0, c1, …, cN, left, top, right, bottom]`. The box
 * is in image pixels with right and bottom INCLUSIVE (box width = right − left + 1); the counts are
 * alternating runs over the box's pixels in ROW-major order, background first (the first run may be
 * empty). Read from cvat-core src/object-utils.ts (`mask2Rle`, `rle2Mask`, `cropMask`,
 * `checkNumberOfPoints`) and cvat/apps/dataset_manager/formats/cvat.py; datumaro's CVAT importer
 * decodes the same counts as a width×height row-major crop.
 *
 * Example: in a 4×3 image, the 2×2 box at left 1, top 0 holding
 *
 *     . # . .        box:  # .
 *     . # # .              # #
 *     . . . .
 *
 * is `[0, 1, 1, 2, 1, 0, 2, 1]`: runs 0 (background), 1, 1, 2 over the box's pixels [1 0 1 1],
 * then the box 1, 0, 2, 1.
 *
 * Conventions we chose where CVAT is silent or lenient:
 * - Counts that stop short of the box's pixel count leave the rest background, as cvat-core's
 *   `rle2Mask` does (its own empty mask, `[0, 0, 0, 0, 0]`, relies on this). Counts that run past
 *   it are an error (cvat-core would write beyond its array).
 * - A box reaching outside the image is an error, unless `outside: 'clip'`, which drops the pixels
 *   outside, as cvat-core's `cropMask` does when it saves a mask.
 *
 * Cost: decoding to a bitmap fills row spans (O(runs + rows they cross)); decoding to COCO RLE
 * walks the box's visible pixels once plus one step per image column.
 */
import { type Bitmap, checkSize, MAX_PIXELS, type Rle, SegkitError, showValue } from '@segkit/core';

export interface CvatMaskOptions {
  /** What to do with a box that reaches outside the image: throw (default) or drop those pixels. */
  outside?: 'error' | 'clip';
}

/** A checked CVAT mask: counts and the box (right/bottom exclusive here). */
interface CvatMask {
  points: ArrayLike<number>;
  /** Number of run counts (points.length − 4). */
  runs: number;
  left: number;
  top: number;
  boxWidth: number;
  boxHeight: number;
}

/** The CVAT form of an empty mask (cvat-core `cropMask` returns it when nothing is left). */
const EMPTY_CVAT_MASK = [0, 0, 0, 0, 0];

/** Checks `points` against the image size; throws a SegkitError naming the values. */
function checkCvatMask(points: ArrayLike<number>, height: number, width: number, options: CvatMaskOptions): CvatMask {
  checkSize(height, width);
  if (points === null || typeof points !== 'object' || typeof points.length !== 'number') {
    throw new SegkitError('INVALID_RLE', 'CVAT mask points must be a list of numbers');
  }
  const n = points.length;
  if (n < 5) {
    throw new SegkitError(
      'INVALID_RLE',
      `CVAT mask needs at least one run count and a box [left, top, right, bottom], got ${n} numbers`,
    );
  }
  const left = points[n - 4];
  const top = points[n - 3];
  const right = points[n - 2];
  const bottom = points[n - 1];
  const box = `[${left}, ${top}, ${right}, ${bottom}]`;
  for (const v of [left, top, right, bottom]) {
    if (!Number.isSafeInteger(v)) {
      throw new SegkitError('INVALID_BBOX', `CVAT mask box ${box} (left, top, right, bottom) must be integers`);
    }
  }
  if (right < left || bottom < top) {
    throw new SegkitError(
      'INVALID_BBOX',
      `CVAT mask box ${box} is empty: right and bottom are inclusive and must be ≥ left and top`,
    );
  }
  const boxWidth = right - left + 1;
  const boxHeight = bottom - top + 1;
  if (boxWidth * boxHeight > MAX_PIXELS) {
    throw new SegkitError('INVALID_BBOX', `CVAT mask box ${box} has ${boxWidth * boxHeight} pixels, more than 2^32-1`);
  }
  if ((options.outside ?? 'error') === 'error' && (left < 0 || top < 0 || right >= width || bottom >= height)) {
    throw new SegkitError(
      'INVALID_BBOX',
      `CVAT mask box ${box} reaches outside the ${width}×${height} image (x 0..${width - 1}, y 0..${height - 1})`,
    );
  }
  const pixels = boxWidth * boxHeight;
  let sum = 0;
  for (let i = 0; i < n - 4; i++) {
    const c = points[i];
    if (!Number.isInteger(c) || c < 0) {
      throw new SegkitError('INVALID_RLE', `CVAT mask count ${i} is ${c}; run lengths must be non-negative integers`);
    }
    sum += c;
    if (sum > pixels) {
      throw new SegkitError(
        'INVALID_RLE',
        `CVAT mask counts reach ${sum} by count ${i}, more than the ${boxWidth}×${boxHeight} = ${pixels} pixels of box ${box}`,
      );
    }
  }
  return { points, runs: n - 4, left, top, boxWidth, boxHeight };
}

/**
 * Calls `span(y, x0, x1)` for every row stretch of foreground, in image coordinates, x1 exclusive,
 * clipped to the image. Runs are split at box rows; rows outside the image are skipped without
 * being visited, so an absurd box costs nothing.
 */
function forEachSpan(
  mask: CvatMask,
  height: number,
  width: number,
  span: (y: number, x0: number, x1: number) => void,
): void {
  const { points, runs, left, top, boxWidth } = mask;
  const xMin = Math.max(left, 0);
  const xMax = Math.min(left + boxWidth, width); // exclusive
  if (xMax <= xMin) return;
  let position = 0;
  for (let i = 0; i < runs; i++) {
    const start = position;
    position += points[i];
    if ((i & 1) === 0 || position === start) continue;
    // Box rows the run crosses, limited to those inside the image.
    const firstRow = Math.max(Math.floor(start / boxWidth), -top);
    const lastRow = Math.min(Math.floor((position - 1) / boxWidth), height - 1 - top);
    for (let row = firstRow; row <= lastRow; row++) {
      const rowStart = row * boxWidth;
      const x0 = left + Math.max(start - rowStart, 0);
      const x1 = left + Math.min(position - rowStart, boxWidth);
      const a = x0 > xMin ? x0 : xMin;
      const b = x1 < xMax ? x1 : xMax;
      if (b > a) span(top + row, a, b);
    }
  }
}

/**
 * CVAT mask points → a `height`×`width` row-major bitmap of 0/1 bytes. Throws a SegkitError for a
 * malformed mask (see the module notes for what is accepted).
 */
export function cvatMaskToBitmap(
  points: ArrayLike<number>,
  height: number,
  width: number,
  options: CvatMaskOptions = {},
): Bitmap {
  const mask = checkCvatMask(points, height, width, options);
  const data = new Uint8Array(height * width);
  forEachSpan(mask, height, width, (y, x0, x1) => data.fill(1, y * width + x0, y * width + x1));
  return { height, width, data };
}

/**
 * CVAT mask points → COCO RLE of the whole image (column-major counts, canonical: no empty runs but
 * the first), without a full-image bitmap: only the box's visible part is decoded.
 */
export function cvatMaskToRle(
  points: ArrayLike<number>,
  height: number,
  width: number,
  options: CvatMaskOptions = {},
): Rle {
  const mask = checkCvatMask(points, height, width, options);
  // The visible part of the box: columns [x0, x1), rows [y0, y1).
  const x0 = Math.max(mask.left, 0);
  const x1 = Math.min(mask.left + mask.boxWidth, width);
  const y0 = Math.max(mask.top, 0);
  const y1 = Math.min(mask.top + mask.boxHeight, height);
  const runs = new RunBuilder();
  if (x1 <= x0 || y1 <= y0) {
    runs.add(0, height * width);
    return { height, width, counts: runs.counts() };
  }
  const windowWidth = x1 - x0;
  const window = new Uint8Array(windowWidth * (y1 - y0));
  forEachSpan(mask, height, width, (y, a, b) =>
    window.fill(1, (y - y0) * windowWidth + a - x0, (y - y0) * windowWidth + b - x0),
  );
  runs.add(0, x0 * height);
  for (let x = 0; x < windowWidth; x++) {
    runs.add(0, y0);
    for (let i = x, end = window.length; i < end; i += windowWidth) runs.add(window[i], 1);
    runs.add(0, height - y1);
  }
  runs.add(0, (width - x1) * height);
  return { height, width, counts: runs.counts() };
}

/** Builds alternating counts (background first) from (value, length) steps, merging equal values. */
class RunBuilder {
  private readonly list: number[] = [0];
  private value = 0;

  add(value: number, length: number): void {
    if (length === 0) return;
    if (value === this.value) {
      this.list[this.list.length - 1] += length;
    } else {
      this.list.push(length);
      this.value = value;
    }
  }

  counts(): Uint32Array {
    return Uint32Array.from(this.list);
  }
}

/**
 * A bitmap (non-zero = foreground) → CVAT mask points with the tight box around the foreground, as
 * cvat-core stores a mask after `cropMask`. An empty bitmap gives CVAT's empty mask [0, 0, 0, 0, 0];
 * a bitmap without pixels (0×N) has no box and is an error.
 */
export function bitmapToCvatMask(bitmap: Bitmap): number[] {
  const { height, width, data } = bitmap;
  checkSize(height, width);
  if (!(data instanceof Uint8Array) || data.length !== height * width) {
    throw new SegkitError(
      'INVALID_MASK',
      `mask data has ${data?.length} bytes but [${height}, ${width}] needs ${height * width}`,
    );
  }
  if (height === 0 || width === 0) {
    throw new SegkitError('INVALID_SIZE', `a CVAT mask needs an image of at least 1×1, got ${width}×${height}`);
  }
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let first = -1;
    let last = -1;
    for (let x = 0; x < width; x++) {
      if (data[row + x] !== 0) {
        if (first < 0) first = x;
        last = x;
      }
    }
    if (first < 0) continue;
    if (top > y) top = y;
    bottom = y;
    if (first < left) left = first;
    if (last > right) right = last;
  }
  if (bottom < 0) return [...EMPTY_CVAT_MASK];
  const counts: number[] = [0];
  let on = false;
  for (let y = top; y <= bottom; y++) {
    const row = y * width;
    for (let x = left; x <= right; x++) {
      const pixel = data[row + x] !== 0;
      if (pixel === on) counts[counts.length - 1]++;
      else {
        counts.push(1);
        on = pixel;
      }
    }
  }
  counts.push(left, top, right, bottom);
  return counts;
}

/**
 * Parses the `rle` attribute of a CVAT XML `<mask>` ("3, 5, 2": decimal counts separated by commas,
 * spaces allowed, as cvat.py writes them). Throws a SegkitError quoting the bad item.
 */
export function parseCvatRleAttribute(text: string): number[] {
  const parts = text.split(',');
  const counts = new Array<number>(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i].trim();
    if (!/^-?\d+$/.test(part)) {
      throw new SegkitError('INVALID_RLE', `rle item ${i} is ${showValue(part)}; expected a decimal count`);
    }
    const value = Number(part);
    if (value < 0 || !Number.isSafeInteger(value)) {
      throw new SegkitError('INVALID_RLE', `rle item ${i} is ${part}; run lengths must be non-negative integers`);
    }
    counts[i] = value;
  }
  return counts;
}

/** Formats counts for the XML `rle` attribute exactly as cvat.py does: ", " between numbers. */
export function formatCvatRleAttribute(counts: ArrayLike<number>): string {
  return Array.from(counts).join(', ');
}
