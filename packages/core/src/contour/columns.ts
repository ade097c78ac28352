import { checkRle } from '../rle/check.js';
import { encode } from '../rle/encode.js';
import type { Bitmap, Rle } from '../rle/types.js';

/**
 * A mask as its foreground intervals, column by column: the form the contour tracer walks.
 *
 * Column x owns `rows[colStart[x] .. colStart[x + 1])`, strictly increasing row numbers that
 * alternate start, end, start, end: each pair [start, end) is a maximal foreground interval of the
 * column. An entry is also a horizontal pixel edge (a "crack"): a start at row y is the top edge of
 * pixel (x, y), an end at row y the bottom edge of pixel (x, y - 1). Entry i is a start when
 * `(i - colStart[x])` is even. The table comes straight from the RLE (runs are column-major), so
 * building it costs O(runs + columns) and never decodes.
 *
 * E.g. h = 4, counts [1 2 3 2] (column 0: . # # .; column 1: . . # #):
 * colStart [0 2 4], rows [1 3 | 2 4].
 */
export interface ColumnTable {
  readonly height: number;
  readonly width: number;
  /** Number of entries (twice the number of intervals). */
  readonly size: number;
  readonly colStart: Uint32Array;
  readonly rows: Uint32Array;
}

// Scratch, grown on demand and reused: a table is valid until the next call of `columnTable`.
let colStartBuffer: Uint32Array = new Uint32Array(1024);
let rowsBuffer: Uint32Array = new Uint32Array(1024);

function grown(buffer: Uint32Array, needed: number): Uint32Array {
  if (buffer.length >= needed) return buffer;
  let size = buffer.length;
  while (size < needed) size *= 2;
  return new Uint32Array(size);
}

/** The RLE of a mask given either way (a Bitmap is encoded; an RLE is checked). */
export function maskRle(mask: Bitmap | Rle): Rle {
  return 'counts' in mask ? checkRle(mask) : encode(mask);
}

/**
 * The column table of an RLE (checked by the caller). Runs that cross a column boundary are cut
 * there; intervals that touch inside a column (a non-canonical RLE's empty runs) are joined.
 * The returned arrays are shared scratch: valid until the next call.
 */
export function columnTable(rle: Rle): ColumnTable {
  const { height: h, width: w, counts } = rle;
  colStartBuffer = grown(colStartBuffer, w + 1);
  // Each foreground run adds one interval per column it touches: at most runs/2 + w intervals.
  rowsBuffer = grown(rowsBuffer, counts.length + 2 * w + 2);
  const colStart = colStartBuffer;
  const rows = rowsBuffer;
  let n = 0;
  let column = 0; // columns before `column` have their colStart set
  colStart[0] = 0;
  let position = 0;
  for (let i = 0; i < counts.length; i++) {
    const start = position;
    position += counts[i];
    if ((i & 1) === 0 || start === position) continue;
    let p = start;
    while (p < position) {
      const x = Math.floor(p / h);
      const top = x * h;
      const q = position < top + h ? position : top + h;
      while (column < x) colStart[++column] = n;
      if (n > colStart[x] && rows[n - 1] === p - top) rows[n - 1] = q - top;
      else {
        rows[n++] = p - top;
        rows[n++] = q - top;
      }
      p = q;
    }
  }
  while (column < w) colStart[++column] = n;
  return { height: h, width: w, size: n, colStart, rows };
}

/** First entry index in [from, to) whose row is greater than `row`, or `to` (binary search). */
export function upperBound(rows: Uint32Array, from: number, to: number, row: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid] <= row) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
