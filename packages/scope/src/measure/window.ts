import { polygonToRle, type Rle } from '@segkit/core';

/*
 * A region is measured inside a window: its bounding box grown by a margin and clipped to the image.
 * Every polygon segkit draws for a region has its vertices on the region's own pixel corners, so it
 * lies inside the window, and rasterizing it there (vertices shifted by whole pixels) covers exactly
 * the pixels the COCO rasterization covers in the full image: work is proportional to the region,
 * not the image. Window rasters are RLE counts in column-major order, as everywhere in segkit.
 */

/** Pixels x0 .. x0 + width - 1, y0 .. y0 + height - 1 of the image. */
export interface Window {
  readonly x0: number;
  readonly y0: number;
  readonly width: number;
  readonly height: number;
}

/** The box [x, y, w, h] grown by `margin` pixels on each side, clipped to an h × w image. */
export function windowAround(box: readonly number[], margin: number, imageHeight: number, imageWidth: number): Window {
  const x0 = Math.max(0, box[0] - margin);
  const y0 = Math.max(0, box[1] - margin);
  const x1 = Math.min(imageWidth, box[0] + box[2] + margin);
  const y1 = Math.min(imageHeight, box[1] + box[3] + margin);
  return { x0, y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}

/** The part of an image RLE inside the window, as the window's own RLE. Cost: O(runs). */
export function cropRle(rle: Rle, win: Window): Rle {
  const h = rle.height;
  const { x0, y0, width: ww, height: wh } = win;
  const out: number[] = [];
  let value = 0; // value of the run being written
  let length = 0;
  const emit = (v: number, n: number): void => {
    if (n === 0) return;
    if (v === value) length += n;
    else {
      out.push(length);
      value = v;
      length = n;
    }
  };
  const counts = rle.counts;
  let position = 0; // image pixel index (column-major) where run r starts
  let r = 0;
  for (let x = x0; x < x0 + ww; x++) {
    const from = x * h + y0;
    const to = from + wh;
    // Skip runs that end before this column's window slice.
    while (r < counts.length && position + counts[r] <= from) position += counts[r++];
    let p = from;
    let rr = r;
    let pos = position;
    while (p < to && rr < counts.length) {
      const end = Math.min(pos + counts[rr], to);
      emit(rr & 1, end - p);
      p = end;
      if (end === pos + counts[rr]) pos += counts[rr++];
    }
    r = rr;
    position = pos;
  }
  out.push(length);
  return { height: wh, width: ww, counts: Uint32Array.from(out) };
}

/**
 * Rasterizes a ring given in image coordinates (`xy[2i], xy[2i+1]` for i in `from .. from + count - 1`)
 * inside the window, as pycocotools would in the full image. `scratch` holds the shifted vertices.
 */
export function rasterizeRingInWindow(
  xy: ArrayLike<number>,
  from: number,
  count: number,
  win: Window,
  scratch: Float64Array,
): Rle {
  for (let i = 0; i < count; i++) {
    scratch[2 * i] = xy[2 * (from + i)] - win.x0;
    scratch[2 * i + 1] = xy[2 * (from + i) + 1] - win.y0;
  }
  return polygonToRle(scratch.subarray(0, 2 * count), win.height, win.width);
}

/** Foreground pixels two RLEs of one size share, by walking both run lists. */
export function intersectionArea(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let ea = a.length > 0 ? a[0] : 0; // end of run i of a
  let eb = b.length > 0 ? b[0] : 0;
  let start = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const end = ea < eb ? ea : eb;
    if ((i & 1) === 1 && (j & 1) === 1) shared += end - start;
    start = end;
    if (ea === end) {
      i++;
      if (i < a.length) ea += a[i];
    }
    if (eb === end) {
      j++;
      if (j < b.length) eb += b[j];
    }
  }
  return shared;
}

/** Writes an RLE into a column-major byte raster of the same size (1 = foreground). */
export function paintRle(counts: Uint32Array, out: Uint8Array): void {
  let p = 0;
  for (let r = 0; r < counts.length; r++) {
    const end = p + counts[r];
    out.fill(r & 1, p, end);
    p = end;
  }
}
