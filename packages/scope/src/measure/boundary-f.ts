import type { Window } from './window.js';
import { paintRle } from './window.js';

/*
 * Boundary F-score at a tolerance of t pixels (the contour measure of DAVIS and the BSDS benchmark,
 * with a square tolerance like boundary IoU's erosion): boundary pixels are foreground pixels with a
 * background pixel among their 8 neighbours; precision is the share of the polygon's boundary pixels
 * within Chebyshev distance t of the mask's boundary, recall the reverse, F their harmonic mean. The
 * image border is not a boundary (a polygon follows it for free): where a window side is the image's
 * edge, the pixels beyond it count as equal to the pixel beside them.
 *
 *   mask      polygon   t = 0: the polygon's corner pixel (x) is not on the mask's boundary;
 *   # # #     # # .            t = 1: it is within one pixel of it, precision 1
 *   # # #     # # #
 *   # # #     # # #
 */

let pixels = new Uint8Array(1024);
let spare = new Uint8Array(1024);
let polygonEdge = new Uint8Array(1024);

function grow(buffer: Uint8Array<ArrayBuffer>, size: number): Uint8Array<ArrayBuffer> {
  if (buffer.length >= size) return buffer;
  let n = buffer.length;
  while (n < size) n *= 2;
  return new Uint8Array(n);
}

export interface BoundaryScore {
  precision: number;
  recall: number;
  f: number;
}

/**
 * Scores polygons against one mask: the mask's boundary and its t-pixel neighbourhood are computed
 * once, each polygon then costs one pass over the window and its own boundary's neighbourhood.
 */
export class BoundaryScorer {
  private readonly maskEdge: Uint8Array;
  private readonly maskNear: Uint8Array;
  private readonly maskCount: number;
  private readonly sides: Sides;

  constructor(
    mask: Uint32Array,
    private readonly win: Window,
    imageHeight: number,
    imageWidth: number,
    private readonly tolerance: number,
  ) {
    const size = win.width * win.height;
    this.sides = {
      left: win.x0 === 0,
      right: win.x0 + win.width === imageWidth,
      top: win.y0 === 0,
      bottom: win.y0 + win.height === imageHeight,
    };
    pixels = grow(pixels, size);
    const m = pixels.subarray(0, size);
    paintRle(mask, m);
    this.maskEdge = new Uint8Array(size);
    this.maskCount = markBoundary(m, this.maskEdge, win.width, win.height, this.sides);
    this.maskNear = new Uint8Array(size);
    dilate(this.maskEdge, this.maskNear, win.width, win.height, tolerance);
  }

  /** Boundary F-score of `polygon` (a window RLE) against the mask. */
  score(polygon: Uint32Array): BoundaryScore {
    const { width: w, height: h } = this.win;
    const size = w * h;
    pixels = grow(pixels, size);
    polygonEdge = grow(polygonEdge, size);
    const p = pixels.subarray(0, size);
    const pEdge = polygonEdge.subarray(0, size);
    paintRle(polygon, p);
    const pCount = markBoundary(p, pEdge, w, h, this.sides);
    if (this.maskCount === 0 && pCount === 0) return { precision: 1, recall: 1, f: 1 };
    if (this.maskCount === 0 || pCount === 0) return { precision: 0, recall: 0, f: 0 };
    const precision = overlap(pEdge, this.maskNear) / pCount;
    // Reuse the polygon's raster as its boundary's neighbourhood.
    dilate(pEdge, p, w, h, this.tolerance);
    const recall = overlap(this.maskEdge, p) / this.maskCount;
    const f = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { precision, recall, f };
  }
}

/** Boundary F-score of `polygon` against `mask`, window RLEs of the same window. */
export function boundaryF(
  mask: Uint32Array,
  polygon: Uint32Array,
  win: Window,
  imageHeight: number,
  imageWidth: number,
  tolerance: number,
): BoundaryScore {
  return new BoundaryScorer(mask, win, imageHeight, imageWidth, tolerance).score(polygon);
}

interface Sides {
  left: boolean;
  right: boolean;
  top: boolean;
  bottom: boolean;
}

/**
 * Marks boundary pixels of a column-major 0/1 raster; returns how many. A boundary pixel is a
 * foreground pixel the 3 × 3 erosion removes: the erosion is taken in two passes (down each column,
 * then across columns), three reads a pixel each, no branches. Beyond a window side that is the
 * image's edge pixels count as foreground (no boundary there); beyond any other side, background.
 */
function markBoundary(pixels: Uint8Array, edge: Uint8Array, w: number, h: number, sides: Sides): number {
  const size = w * h;
  spare = grow(spare, size);
  const columnMin = spare;
  const top = sides.top ? 1 : 0;
  const bottom = sides.bottom ? 1 : 0;
  for (let x = 0; x < w; x++) {
    const base = x * h;
    for (let y = 0; y < h; y++) {
      const up = y > 0 ? pixels[base + y - 1] : top;
      const down = y + 1 < h ? pixels[base + y + 1] : bottom;
      columnMin[base + y] = up & pixels[base + y] & down;
    }
  }
  const left = sides.left ? 1 : 0;
  const right = sides.right ? 1 : 0;
  let count = 0;
  for (let x = 0; x < w; x++) {
    const base = x * h;
    for (let y = 0; y < h; y++) {
      const i = base + y;
      const before = x > 0 ? columnMin[i - h] : left;
      const after = x + 1 < w ? columnMin[i + h] : right;
      const boundary = pixels[i] & ((before & columnMin[i] & after) ^ 1);
      edge[i] = boundary;
      count += boundary;
    }
  }
  return count;
}

/** Chebyshev dilation by t: along columns, then across them. */
function dilate(source: Uint8Array, out: Uint8Array, w: number, h: number, t: number): void {
  const size = w * h;
  spare = grow(spare, size);
  const mid = spare.subarray(0, size);
  for (let x = 0; x < w; x++) {
    const base = x * h;
    for (let y = 0; y < h; y++) {
      let v = 0;
      const lo = Math.max(0, y - t);
      const hi = Math.min(h - 1, y + t);
      for (let yy = lo; yy <= hi && v === 0; yy++) v = source[base + yy];
      mid[base + y] = v;
    }
  }
  for (let x = 0; x < w; x++) {
    const lo = Math.max(0, x - t);
    const hi = Math.min(w - 1, x + t);
    for (let y = 0; y < h; y++) {
      let v = 0;
      for (let xx = lo; xx <= hi && v === 0; xx++) v = mid[xx * h + y];
      out[x * h + y] = v;
    }
  }
}

function overlap(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) n += a[i] & b[i];
  return n;
}
