import { mulberry32, SegkitError } from '@segkit/core';
import { floodFill, magicWand } from '@segkit/editor';
import { describe, expect, it } from 'vitest';
import { grid, paint, show, slowLabels } from './grid.js';

// Palette values 0..3: light grey, a slightly darker grey, mid grey, black.
const PALETTE = [
  [200, 200, 200],
  [196, 203, 200],
  [150, 150, 150],
  [0, 0, 0],
] as const;

describe('magicWand', () => {
  const image = grid(`
    0010333
    0120300
    1120300
    3333300
    0000000
  `);
  const rgba = paint(image, PALETTE);

  it('magicWand(rgba, …, tolerance 0) returns the 4-connected pixels of exactly the seed colour', () => {
    const region = magicWand(rgba, image.width, image.height, 0, 0, 0);
    expect(show(region.mask, image.width, image.height)).toBe(
      ['11.....', '1......', '.......', '.......', '.......'].join('\n'),
    );
    expect(region.pixels).toBe(3);
    expect(region.bbox).toEqual([0, 0, 2, 2]);
  });

  it('magicWand with tolerance 4 also takes colours within 4 on every channel (max |ΔR|,|ΔG|,|ΔB|)', () => {
    // Colour 1 differs from colour 0 by (4, 3, 0): in at 4, out at 3.
    const at4 = magicWand(rgba, image.width, image.height, 0, 0, 4);
    expect(show(at4.mask, image.width, image.height)).toBe(
      ['1111...', '11.1...', '11.1...', '.......', '.......'].join('\n'),
    );
    expect(at4.pixels).toBe(10);
    const at3 = magicWand(rgba, image.width, image.height, 0, 0, 3);
    expect(at3.pixels).toBe(3);
  });

  it('magicWand ignores alpha and never crosses a diagonal', () => {
    const other = rgba.slice();
    for (let i = 3; i < other.length; i += 4) other[i] = i % 7;
    const region = magicWand(other, image.width, image.height, 6, 4, 0);
    expect(show(region.mask, image.width, image.height)).toBe(
      ['.......', '.....11', '.....11', '.....11', '1111111'].join('\n'),
    );
    expect(region.bbox).toEqual([0, 1, 7, 4]);
  });

  it('magicWand reuses `out`, clearing what an earlier call left there', () => {
    const out = new Uint8Array(image.width * image.height).fill(1);
    const region = magicWand(rgba, image.width, image.height, 4, 0, 0, out);
    expect(region.mask).toBe(out);
    expect(region.pixels).toBe(10);
    expect(region.bbox).toEqual([0, 0, 7, 4]);
    expect(show(out, image.width, image.height)).toBe(
      ['....111', '....1..', '....1..', '11111..', '.......'].join('\n'),
    );
  });

  it('magicWand rejects bad input with a SegkitError naming the values', () => {
    expect(() => magicWand(rgba, 7, 5, 7, 0, 0)).toThrow(/pixel \(7, 0\) is outside the 7×5 image/);
    expect(() => magicWand(rgba, 6, 5, 0, 0, 0)).toThrow(/rgba has 140 elements; a 6×5 image needs 120/);
    expect(() => magicWand(rgba, 7, 5, 0, 0, -1)).toThrow(SegkitError);
    expect(() => magicWand(rgba, 7, 5, 0, 0, Number.NaN)).toThrow(/tolerance/);
    expect(() => magicWand(rgba, 7, 5, 0, 0, 0, new Uint8Array(3))).toThrow(/out has 3 elements/);
    expect(() => magicWand(rgba, 7.5, 5, 0, 0, 0)).toThrow(SegkitError);
  });

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`magicWand equals a breadth-first search from the seed on a random image (seed ${seed})`, () => {
      const random = mulberry32(seed);
      const width = 1 + Math.floor(random() * 40);
      const height = 1 + Math.floor(random() * 30);
      const rgba = new Uint8Array(width * height * 4);
      for (let i = 0; i < rgba.length; i++) rgba[i] = Math.floor(random() * 5) * 20 + (random() < 0.5 ? 0 : 3);
      const tolerance = Math.floor(random() * 40);
      const x = Math.floor(random() * width);
      const y = Math.floor(random() * height);
      const s = (y * width + x) * 4;
      const close = (i: number) =>
        Math.abs(rgba[i * 4] - rgba[s]) <= tolerance &&
        Math.abs(rgba[i * 4 + 1] - rgba[s + 1]) <= tolerance &&
        Math.abs(rgba[i * 4 + 2] - rgba[s + 2]) <= tolerance;
      const labels = slowLabels(close, width, height, 4);
      const region = magicWand(rgba, width, height, x, y, tolerance);
      const seedLabel = labels[y * width + x];
      const expected = Array.from(labels, (l) => (l === seedLabel ? 1 : 0));
      expect(Array.from(region.mask)).toEqual(expected);
      expect(region.pixels).toBe(expected.reduce<number>((a, b) => a + b, 0));
    });
  }
});

describe('floodFill', () => {
  it('floodFill(labels, …) returns the 4-connected pixels carrying the seed label', () => {
    const labels = grid(`
      1122
      1.22
      11.2
      .1.2
    `);
    const region = floodFill(Uint16Array.from(labels.data), labels.width, labels.height, 0, 0);
    expect(show(region.mask, 4, 4)).toBe(['11..', '1...', '11..', '.1..'].join('\n'));
    expect(region.bbox).toEqual([0, 0, 2, 4]);
    const background = floodFill(labels.data, 4, 4, 2, 2);
    expect(show(background.mask, 4, 4)).toBe(['....', '....', '..1.', '..1.'].join('\n'));
  });

  for (const seed of [11, 12, 13, 14]) {
    it(`floodFill equals a breadth-first search on a random label map (seed ${seed})`, () => {
      const random = mulberry32(seed);
      const width = 1 + Math.floor(random() * 50);
      const height = 1 + Math.floor(random() * 50);
      const labels = new Uint32Array(width * height);
      for (let i = 0; i < labels.length; i++) labels[i] = random() < 0.6 ? 0 : 1 + Math.floor(random() * 2);
      const x = Math.floor(random() * width);
      const y = Math.floor(random() * height);
      const value = labels[y * width + x];
      const parts = slowLabels((i) => labels[i] === value, width, height, 4);
      const region = floodFill(labels, width, height, x, y);
      const expected = Array.from(parts, (l) => (l === parts[y * width + x] ? 1 : 0));
      expect(Array.from(region.mask)).toEqual(expected);
    });
  }
});
