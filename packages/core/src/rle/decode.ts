import { checkRle } from './check.js';
import type { Bitmap, Rle } from './types.js';

/**
 * COCO RLE → row-major bitmap of 0/1 bytes. The only allocation is the h·w output buffer.
 *
 * How: each foreground run marks, in the output, the pixels where a column turns on or off (XOR, so
 * empty runs cancel) and, for every column it covers from the top, a 1 in row 0. A prefix XOR down
 * the columns (row y ^= row y-1, four bytes at a time) then turns those marks into the mask; it only
 * needs to run over the mask's bounding box (plus the row below it, where the last runs end).
 * Cost: O(runs + columns spanned) marks plus one sequential pass over the bounding box.
 */
export function decode(rle: Rle): Bitmap {
  checkRle(rle);
  const { height: h, width: w, counts } = rle;
  const data = new Uint8Array(h * w);
  if (h === 0 || w === 0) return { height: h, width: w, data };

  let xMin = w;
  let xMax = -1;
  let yMin = h;
  let yMax = -1;
  let position = 0;
  for (let i = 0; i < counts.length; i++) {
    const start = position;
    position += counts[i];
    if ((i & 1) === 0 || start === position) continue;
    const end = position; // the run covers [start, end) in column-major order
    const firstColumn = Math.floor(start / h);
    const lastColumn = Math.floor((end - 1) / h);
    const startRow = start - firstColumn * h;
    const endRow = end - lastColumn * h; // exclusive
    data[startRow * w + firstColumn] ^= 1;
    for (let x = firstColumn + 1; x <= lastColumn; x++) data[x] ^= 1;
    if (endRow < h) data[endRow * w + lastColumn] ^= 1;
    if (firstColumn < xMin) xMin = firstColumn;
    if (lastColumn > xMax) xMax = lastColumn;
    if (firstColumn === lastColumn) {
      if (startRow < yMin) yMin = startRow;
      if (endRow - 1 > yMax) yMax = endRow - 1;
    } else {
      yMin = 0;
      yMax = h - 1;
    }
  }
  if (xMax < 0) return { height: h, width: w, data };

  const lastRow = yMax + 1 < h ? yMax + 1 : h - 1;
  if ((w & 3) === 0) {
    // Int32 words stay in small-integer registers (Uint32 values above 2^31 would not).
    const words = new Int32Array(data.buffer, 0, (h * w) >>> 2);
    const wordsPerRow = w >>> 2;
    const fromWord = xMin >>> 2;
    const toWord = (xMax >>> 2) + 1;
    for (let y = yMin + 1; y <= lastRow; y++) {
      const row = y * wordsPerRow;
      for (let i = row + fromWord, end = row + toWord; i < end; i++) words[i] ^= words[i - wordsPerRow];
    }
  } else {
    for (let y = yMin + 1; y <= lastRow; y++) {
      const row = y * w;
      for (let i = row + xMin, end = row + xMax + 1; i < end; i++) data[i] ^= data[i - w];
    }
  }
  return { height: h, width: w, data };
}

/** COCO RLE → column-major (Fortran-order) bitmap of 0/1 bytes, as pycocotools' `decode` lays it out. */
export function decodeColumnMajor(rle: Rle): Uint8Array {
  checkRle(rle);
  const { counts } = rle;
  const data = new Uint8Array(rle.height * rle.width);
  let position = 0;
  for (let i = 0; i < counts.length; i++) {
    const next = position + counts[i];
    if ((i & 1) === 1 && next > position) data.fill(1, position, next);
    position = next;
  }
  return data;
}
