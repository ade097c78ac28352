import { decode, mulberry32, polygonToRle } from '@segkit/core';
import { polygonSpans } from '@segkit/editor';
import { describe, expect, it } from 'vitest';
import { subtractSpans } from '../src/raster/spans.js';
import { grid } from './test-editor.js';

/** The spans of a drawn grid's '1' pixels, row by row. */
function spansOf(text: string): number[] {
  const rows = grid(text).split('\n');
  const out: number[] = [];
  rows.forEach((row, y) => {
    for (let x = 0; x < row.length; ) {
      if (row[x] !== '1') {
        x++;
        continue;
      }
      const s = x;
      while (x < row.length && row[x] === '1') x++;
      out.push(y, s, x);
    }
  });
  return out;
}

function subtract(a: number[], b: number[]): number[] {
  const out: number[] = [];
  subtractSpans(a, b, (y, x0, x1) => out.push(y, x0, x1));
  return out;
}

describe('subtractSpans', () => {
  it('subtractSpans returns the pixels of a not in b, as spans in order', () => {
    const a = spansOf(`
      111111..
      .11..111
      ........
      1111111.`);
    const b = spansOf(`
      ..1.1111
      11111...
      11111111
      .1.1.1.1`);
    expect(subtract(a, b)).toEqual(
      spansOf(`
      11.1....
      .....111
      ........
      1.1.1.1.`),
    );
    expect(subtract(b, a)).toEqual(
      spansOf(`
      ......11
      1..11...
      11111111
      .......1`),
    );
    expect(subtract(a, [])).toEqual(a);
    expect(subtract([], a)).toEqual([]);
    expect(subtract(a, a)).toEqual([]);
  });

  it('subtractSpans skips rows of b that a does not have', () => {
    expect(subtract([2, 0, 5], [0, 0, 9, 1, 0, 9, 2, 1, 2, 3, 0, 9])).toEqual([2, 0, 1, 2, 2, 5]);
  });
});

/** The reference: polygonToRle decoded to pixels, then each row's runs. */
function slowPolygonSpans(vertices: number[], height: number, width: number): number[] {
  const mask = decode(polygonToRle(vertices, height, width));
  const out: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; ) {
      if (!mask.data[y * width + x]) {
        x++;
        continue;
      }
      const s = x;
      while (x < width && mask.data[y * width + x]) x++;
      out.push(y, s, x);
    }
  }
  return out;
}

describe('polygonSpans', () => {
  it('polygonSpans of a rectangle on pixel corners returns the rows of the pixels whose centres are inside', () => {
    // Corners (1, 1) and (5, 4): centres x + 0.5 in 1..5 and y + 0.5 in 1..4, so x 1..4 and y 1..3.
    expect(polygonSpans([1, 1, 5, 1, 5, 4, 1, 4], 6, 7)).toEqual([1, 1, 5, 2, 1, 5, 3, 1, 5]);
  });

  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`polygonSpans equals polygonToRle decoded row by row on a random polygon (seed ${seed})`, () => {
      const random = mulberry32(seed);
      const width = 5 + Math.floor(random() * 60);
      const height = 5 + Math.floor(random() * 60);
      const n = 3 + Math.floor(random() * 12);
      // Self-crossing, partly outside the image, fractional coordinates.
      const vertices: number[] = [];
      for (let k = 0; k < n; k++) vertices.push(random() * (width + 10) - 5, random() * (height + 10) - 5);
      expect(polygonSpans(vertices, height, width)).toEqual(slowPolygonSpans(vertices, height, width));
    });
  }
});
