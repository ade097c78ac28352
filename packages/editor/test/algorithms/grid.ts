/**
 * Small masks drawn as text in the tests: one row per line, one character per pixel, `.` for 0,
 * a digit or letter for a value (digits 1-9, letters a-z from 10). Blank lines and indentation ignored.
 */
import { encode, type Rle } from '@segkit/core';

export interface Grid {
  width: number;
  height: number;
  data: Uint8Array;
}

export function grid(text: string): Grid {
  const rows = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const height = rows.length;
  const width = height > 0 ? rows[0].length : 0;
  const data = new Uint8Array(width * height);
  rows.forEach((row, y) => {
    if (row.length !== width) throw new Error(`grid row ${y} has ${row.length} cells, expected ${width}`);
    for (let x = 0; x < width; x++) data[y * width + x] = cellValue(row[x]);
  });
  return { width, height, data };
}

function cellValue(cell: string): number {
  if (cell === '.') return 0;
  if (cell >= '0' && cell <= '9') return Number(cell);
  return cell.charCodeAt(0) - 87; // 'a' = 10
}

/** The grid back as text (same alphabet), for readable failures. */
export function show(data: ArrayLike<number>, width: number, height: number): string {
  const rows: string[] = [];
  for (let y = 0; y < height; y++) {
    let row = '';
    for (let x = 0; x < width; x++) {
      const v = data[y * width + x];
      row += v === 0 ? '.' : v < 10 ? String(v) : String.fromCharCode(87 + v);
    }
    rows.push(row);
  }
  return rows.join('\n');
}

/** The RLE of the pixels of `g` equal to `value`. */
export function rleOf(g: Grid, value: number): Rle {
  const data = new Uint8Array(g.data.length);
  for (let i = 0; i < data.length; i++) data[i] = g.data[i] === value ? 1 : 0;
  return encode({ width: g.width, height: g.height, data });
}

/** An RGBA image whose pixel i is palette[g.data[i]]. */
export function paint(g: Grid, palette: readonly (readonly [number, number, number])[]): Uint8Array {
  const rgba = new Uint8Array(g.data.length * 4);
  for (let i = 0; i < g.data.length; i++) {
    const [r, gr, b] = palette[g.data[i]];
    rgba.set([r, gr, b, 255], i * 4);
  }
  return rgba;
}

/** Slow 4- or 8-connected labelling by breadth-first search, parts numbered in row-major order. */
export function slowLabels(
  accept: (i: number) => boolean,
  width: number,
  height: number,
  connectivity: 4 | 8,
  sameAs: (i: number, j: number) => boolean = () => true,
): Int32Array {
  const labels = new Int32Array(width * height);
  let next = 0;
  for (let s = 0; s < width * height; s++) {
    if (!accept(s) || labels[s] !== 0) continue;
    next++;
    labels[s] = next;
    const queue = [s];
    while (queue.length > 0) {
      const p = queue.pop() as number;
      const px = p % width;
      const py = Math.floor(p / width);
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          if (dx === 0 && dy === 0) continue;
          if (connectivity === 4 && dx !== 0 && dy !== 0) continue;
          const qx = px + dx;
          const qy = py + dy;
          if (qx < 0 || qy < 0 || qx >= width || qy >= height) continue;
          const q = qy * width + qx;
          if (labels[q] === 0 && accept(q) && sameAs(s, q)) {
            labels[q] = next;
            queue.push(q);
          }
        }
      }
    }
  }
  return labels;
}
