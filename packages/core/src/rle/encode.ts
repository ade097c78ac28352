import { SegkitError } from '../errors.js';
import { checkSize } from '../size.js';
import { scratchA, scratchB } from './scratch.js';
import type { Bitmap, Rle } from './types.js';

function checkBitmap(mask: Bitmap): void {
  checkSize(mask.height, mask.width);
  if (mask.data.length !== mask.height * mask.width) {
    throw new SegkitError(
      'INVALID_MASK',
      `mask data has ${mask.data.length} bytes but [${mask.height}, ${mask.width}] needs ${mask.height * mask.width}`,
    );
  }
}

/**
 * Row-major bitmap → COCO RLE, the same counts as pycocotools' `encode` on the transposed
 * (Fortran-order) array. Non-zero bytes are foreground (pycocotools requires 0/1; we binarize).
 *
 * How: a pixel starts a new column-major run when it differs from the pixel above it, or, in row 0,
 * from the bottom pixel of the previous column. Rows are compared four bytes at a time in memory
 * order; the few transitions of a typical mask are bucketed by column (a counting sort) and
 * differenced into counts. A mask with very many transitions (noise) switches to a branch-free
 * column scan instead. Cost: one pass over h·w bytes plus O(transitions).
 */
export function encode(mask: Bitmap): Rle {
  checkBitmap(mask);
  const { height: h, width: w } = mask;
  const pixels = h * w;
  if (pixels === 0) return { height: h, width: w, counts: new Uint32Array([0]) };
  return encodeSparse(mask) ?? encodeDense(mask);
}

/** Transitions beyond pixels / DENSE_RATIO make the column scan cheaper than bucketing. */
const DENSE_RATIO = 16;

function encodeSparse(mask: Bitmap): Rle | undefined {
  const { height: h, width: w, data } = mask;
  const pixels = h * w;
  const limit = Math.max(64, Math.floor(pixels / DENSE_RATIO));
  const perColumn = new Int32Array(w + 1);
  // Row 0 adds up to w, then at most one row (or 16 pixels) past the limit before it is checked.
  const rowMajor = scratchA(limit + 2 * w + 16);
  let found = 0;

  // Row 0: compare with the bottom of the previous column (background before column 0).
  let previousBottom = 0;
  for (let x = 0; x < w; x++) {
    const top = data[x] !== 0 ? 1 : 0;
    if (top !== previousBottom) {
      rowMajor[found++] = x;
      perColumn[x]++;
    }
    previousBottom = data[(h - 1) * w + x] !== 0 ? 1 : 0;
  }
  const rowZero = found;

  if ((w & 3) === 0 && (data.byteOffset & 3) === 0) {
    // Compare each row with the one above, 16 bytes (four words) at a time: most of a mask is
    // equal to the row above, so nearly every iteration is four loads, XORs and one branch.
    const words = new Int32Array(data.buffer, data.byteOffset, pixels >>> 2);
    const up = w >>> 2;
    const n = words.length;
    let j = up;
    for (; j + 4 <= n; j += 4) {
      if (
        ((words[j] ^ words[j - up]) |
          (words[j + 1] ^ words[j + 1 - up]) |
          (words[j + 2] ^ words[j + 2 - up]) |
          (words[j + 3] ^ words[j + 3 - up])) ===
        0
      ) {
        continue;
      }
      // Check the 16 pixels as booleans (1 vs 255 is no transition).
      for (let p = j << 2, end = p + 16; p < end; p++) {
        if ((data[p] !== 0) !== (data[p - w] !== 0)) rowMajor[found++] = p;
      }
      if (found > limit) return undefined;
    }
    for (let p = j << 2; p < pixels; p++) {
      if ((data[p] !== 0) !== (data[p - w] !== 0)) rowMajor[found++] = p;
    }
  } else {
    for (let y = 1; y < h; y++) {
      const row = y * w;
      for (let x = 0; x < w; x++) {
        const p = row + x;
        if ((data[p] !== 0) !== (data[p - w] !== 0)) rowMajor[found++] = p;
      }
      if (found > limit) return undefined;
    }
  }

  // Counting sort by column: rows were scanned in order, so each bucket is already sorted by y.
  for (let i = rowZero; i < found; i++) perColumn[rowMajor[i] % w]++;
  let start = 0;
  for (let x = 0; x <= w; x++) {
    const n = perColumn[x];
    perColumn[x] = start;
    start += n;
  }
  const columnMajor = scratchB(found);
  for (let i = 0; i < found; i++) {
    const p = rowMajor[i];
    const y = Math.floor(p / w);
    const x = p - y * w;
    columnMajor[perColumn[x]++] = x * h + y;
  }

  const counts = new Uint32Array(found + 1);
  let previous = 0;
  for (let i = 0; i < found; i++) {
    const p = columnMajor[i];
    counts[i] = p - previous;
    previous = p;
  }
  counts[found] = pixels - previous;
  return { height: h, width: w, counts };
}

/** Column-by-column scan without branches: every pixel writes its index, and only a change advances. */
function encodeDense(mask: Bitmap): Rle {
  const { height: h, width: w, data } = mask;
  const pixels = h * w;
  const starts = scratchA(pixels + 1);
  let m = 0;
  let previous = 0;
  let p = 0;
  for (let x = 0; x < w; x++) {
    for (let i = x; i < pixels; i += w, p++) {
      const v = (data[i] + 255) >> 8; // 0 → 0, 1..255 → 1
      starts[m] = p;
      m += v ^ previous;
      previous = v;
    }
  }
  const counts = new Uint32Array(m + 1);
  let last = 0;
  for (let i = 0; i < m; i++) {
    counts[i] = starts[i] - last;
    last = starts[i];
  }
  counts[m] = pixels - last;
  return { height: h, width: w, counts };
}

/**
 * Column-major bytes (pycocotools' Fortran order: pixel (x, y) at `x * height + y`) → COCO RLE.
 * Non-zero bytes are foreground.
 */
export function encodeColumnMajor(data: Uint8Array, height: number, width: number): Rle {
  checkBitmap({ height, width, data });
  const pixels = height * width;
  const runs = scratchA(pixels + 1);
  let m = 0;
  let value = 0;
  let runStart = 0;
  for (let p = 0; p < pixels; p++) {
    const v = data[p] !== 0 ? 1 : 0;
    if (v !== value) {
      runs[m++] = p - runStart;
      runStart = p;
      value = v;
    }
  }
  runs[m++] = pixels - runStart;
  return { height, width, counts: runs.slice(0, m) };
}
