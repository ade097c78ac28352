import { mulberry32, SegkitError } from '@segkit/core';
import { enclosedPixels } from '@segkit/editor';
import { describe, expect, it } from 'vitest';
import { grid, show, slowLabels } from './grid.js';

/** The pixels of a drawn grid that are not '.', as flat x, y pairs in row-major order. */
function pixelsOf(text: string): number[] {
  const g = grid(text);
  const out: number[] = [];
  for (let i = 0; i < g.data.length; i++) if (g.data[i] !== 0) out.push(i % g.width, Math.floor(i / g.width));
  return out;
}

/** enclosedPixels' mask placed back into a width × height grid, for comparing with a drawn one. */
function enclosedGrid(outline: number[], width: number, height: number): string {
  const box = enclosedPixels(outline);
  const full = new Uint8Array(width * height);
  for (let y = 0; y < box.height; y++) {
    for (let x = 0; x < box.width; x++) full[(box.y + y) * width + box.x + x] = box.data[y * box.width + x];
  }
  return show(full, width, height);
}

const drawn = (text: string) => {
  const g = grid(text);
  return show(g.data, g.width, g.height);
};

describe('enclosedPixels', () => {
  it('enclosedPixels of a diamond of diagonal steps returns the diamond filled: a diagonal step stops a 4-connected walk', () => {
    const outline = pixelsOf(`
      .........
      ....1....
      ...1.1...
      ..1...1..
      .1.....1.
      ..1...1..
      ...1.1...
      ....1....
      .........`);
    expect(enclosedGrid(outline, 9, 9)).toBe(
      drawn(`
      .........
      ....1....
      ...111...
      ..11111..
      .1111111.
      ..11111..
      ...111...
      ....1....
      .........`),
    );
    const box = enclosedPixels(outline);
    expect([box.x, box.y, box.width, box.height]).toEqual([1, 1, 7, 7]);
  });

  it('enclosedPixels of a staircase outline returns its pixels and the pixels inside, nothing outside the steps', () => {
    const outline = pixelsOf(`
      ..........
      .111......
      .1.1......
      .1.111....
      .1...1....
      .1...111..
      .1111111..
      ..........`);
    expect(enclosedGrid(outline, 10, 8)).toBe(
      drawn(`
      ..........
      .111......
      .111......
      .11111....
      .11111....
      .1111111..
      .1111111..
      ..........`),
    );
  });

  it('enclosedPixels of a concave outline leaves the notch out: it reaches the box border', () => {
    const outline = pixelsOf(`
      .........
      .111.111.
      .1.1.1.1.
      .1.1.1.1.
      .1.1.1.1.
      .1.111.1.
      .1.....1.
      .1111111.
      .........`);
    expect(enclosedGrid(outline, 9, 9)).toBe(
      drawn(`
      .........
      .111.111.
      .111.111.
      .111.111.
      .111.111.
      .1111111.
      .1111111.
      .1111111.
      .........`),
    );
  });

  it('enclosedPixels of two loops touching at a diagonal (a figure eight) fills each loop, not the pixels between them', () => {
    const outline = pixelsOf(`
      ..........
      .1111.....
      .1..1.....
      .1..1.....
      .1111.....
      .....1111.
      .....1..1.
      .....1..1.
      .....1111.
      ..........`);
    expect(enclosedGrid(outline, 10, 10)).toBe(
      drawn(`
      ..........
      .1111.....
      .1111.....
      .1111.....
      .1111.....
      .....1111.
      .....1111.
      .....1111.
      .....1111.
      ..........`),
    );
  });

  it('enclosedPixels of a 1-pixel-wide line returns the line; of one pixel, the pixel; of nothing, an empty box', () => {
    const line = pixelsOf(`
      .......
      .1.....
      .1.....
      .11111.
      .......`);
    expect(enclosedGrid(line, 7, 5)).toBe(
      drawn(`
      .......
      .1.....
      .1.....
      .11111.
      .......`),
    );
    expect(enclosedPixels([3, 4])).toEqual({ x: 3, y: 4, width: 1, height: 1, data: Uint8Array.of(1) });
    expect(enclosedPixels([])).toEqual({ x: 0, y: 0, width: 0, height: 0, data: new Uint8Array(0) });
  });

  it('enclosedPixels fills a ring inside a ring whole: the pixels between them cannot reach the border either', () => {
    const outline = pixelsOf(`
      .......
      .11111.
      .1...1.
      .1.1.1.
      .1...1.
      .11111.
      .......`);
    expect(enclosedGrid(outline, 7, 7)).toBe(
      drawn(`
      .......
      .11111.
      .11111.
      .11111.
      .11111.
      .11111.
      .......`),
    );
  });

  it('enclosedPixels takes pixels in any order, repeats included, and at negative coordinates', () => {
    const outline = [1, -1, -1, -1, 0, -1, -1, 1, 1, 1, 0, 1, -1, 0, 1, 0, -1, 0, 0, -1];
    expect(enclosedPixels(outline)).toEqual({ x: -1, y: -1, width: 3, height: 3, data: new Uint8Array(9).fill(1) });
  });

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`enclosedPixels equals a breadth-first labelling of the grown box's 4-connected background (seed ${seed})`, () => {
      const random = mulberry32(seed);
      const width = 3 + Math.floor(random() * 20);
      const height = 3 + Math.floor(random() * 20);
      const density = 0.2 + random() * 0.4;
      const outline: number[] = [];
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) if (random() < density) outline.push(x, y);
      }
      if (outline.length === 0) outline.push(0, 0);
      // The reference: the grown box (a one-pixel margin around the image), its background labelled by
      // BFS; a pixel is enclosed when it is on the outline or its label is not the margin's.
      const gw = width + 2;
      const gh = height + 2;
      const wall = new Uint8Array(gw * gh);
      for (let k = 0; k < outline.length; k += 2) wall[(outline[k + 1] + 1) * gw + outline[k] + 1] = 1;
      const labels = slowLabels((i) => wall[i] === 0, gw, gh, 4);
      const expected = new Uint8Array(width * height);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) expected[y * width + x] = labels[(y + 1) * gw + x + 1] === labels[0] ? 0 : 1;
      }
      // The outline's box may be smaller than the image; compare in the image's frame.
      const box = enclosedPixels(outline);
      const got = new Uint8Array(width * height);
      for (let y = 0; y < box.height; y++) {
        for (let x = 0; x < box.width; x++) got[(box.y + y) * width + box.x + x] = box.data[y * box.width + x];
      }
      expect(show(got, width, height)).toBe(show(expected, width, height));
    });
  }

  it('enclosedPixels rejects an odd number of coordinates and non-integer pixels with a SegkitError', () => {
    expect(() => enclosedPixels([1, 2, 3])).toThrow(/outline has 3 coordinates/);
    expect(() => enclosedPixels([1, 2, 3.5, 4])).toThrow(SegkitError);
    expect(() => enclosedPixels([1, 2, 3.5, 4])).toThrow(/outline pixel 1 is \(3.5, 4\)/);
  });
});
