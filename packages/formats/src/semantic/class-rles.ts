import type { Rle } from '@segkit/core';
import type { LabelMap } from './label-map.js';

/**
 * One RLE per class present in a label map, from a single column-major scan: where the label
 * changes, the old class's mask turns off and the new one's turns on, so each class collects its
 * toggle positions and those difference into counts. `ignore` pixels belong to no class.
 * Cost: one pass over the pixels plus O(label changes).
 */
export function classRles(map: LabelMap, ignore: number): Map<number, Rle> {
  const { height: h, width: w, data } = map;
  const toggles = new Map<number, number[]>();
  const on = (label: number, position: number) => {
    let list = toggles.get(label);
    if (list === undefined) {
      list = [];
      toggles.set(label, list);
    }
    list.push(position);
  };
  let previous = ignore;
  let p = 0;
  for (let x = 0; x < w; x++) {
    for (let i = x; i < data.length; i += w, p++) {
      const label = data[i];
      if (label === previous) continue;
      if (previous !== ignore) on(previous, p);
      if (label !== ignore) on(label, p);
      previous = label;
    }
  }
  const total = h * w;
  const rles = new Map<number, Rle>();
  for (const label of [...toggles.keys()].sort((a, b) => a - b)) {
    const positions = toggles.get(label) as number[];
    const counts = new Uint32Array(positions.length + 1);
    let m = 0;
    let last = 0;
    for (const position of positions) {
      counts[m++] = position - last;
      last = position;
    }
    if (total > last || m === 0) counts[m++] = total - last;
    rles.set(label, { height: h, width: w, counts: counts.slice(0, m) });
  }
  return rles;
}

/**
 * Calls `visit(x, y0, y1)` for each column piece of an RLE's foreground (rows y0..y1-1 of column x):
 * a run that crosses columns is split at the column ends. Once per piece, never per pixel.
 */
export function forEachColumnRun(rle: Rle, visit: (x: number, y0: number, y1: number) => void): void {
  const h = rle.height;
  const { counts } = rle;
  let position = 0;
  for (let r = 0; r < counts.length; r++) {
    const start = position;
    position += counts[r];
    if ((r & 1) === 0 || h === 0) continue;
    for (let p = start; p < position; ) {
      const x = Math.floor(p / h);
      const y0 = p - x * h;
      const y1 = Math.min(h, y0 + (position - p));
      visit(x, y0, y1);
      p += y1 - y0;
    }
  }
}

/** Pixels of an RLE's foreground that do not hold `value` in the label map (lost to another label). */
export function countOtherLabels(map: LabelMap, rle: Rle, value: number): number {
  const { width: w, data } = map;
  let other = 0;
  forEachColumnRun(rle, (x, y0, y1) => {
    for (let y = y0, i = y0 * w + x; y < y1; y++, i += w) if (data[i] !== value) other++;
  });
  return other;
}

/**
 * Paints an RLE's foreground into a label map with `value`, returning how many of those pixels
 * already held another label (not `empty`) and, with `keepExisting`, were left as they were.
 */
export function paintRle(map: LabelMap, rle: Rle, value: number, empty: number, keepExisting: boolean): number {
  const { width: w, data } = map;
  let overlaps = 0;
  forEachColumnRun(rle, (x, y0, y1) => {
    for (let y = y0, i = y0 * w + x; y < y1; y++, i += w) {
      const existing = data[i];
      if (existing !== empty && existing !== value) {
        overlaps++;
        if (keepExisting) continue;
      }
      data[i] = value;
    }
  });
  return overlaps;
}
