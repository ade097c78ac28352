import { mulberry32, SegkitError } from '@segkit/core';
import { connectedComponents } from '@segkit/editor';
import { describe, expect, it } from 'vitest';
import { grid, show, slowLabels } from './grid.js';

describe('connectedComponents', () => {
  const mask = grid(`
    1.1.
    .11.
    ...1
    11..
  `);

  it('connectedComponents(mask, 4) numbers the parts in row-major order of their first pixel', () => {
    const parts = connectedComponents(mask.data, 4, 4, 4);
    expect(show(parts.labels, 4, 4)).toBe(['1.2.', '.22.', '...3', '44..'].join('\n'));
    expect(parts.count).toBe(4);
    expect(Array.from(parts.areas)).toEqual([1, 3, 1, 2]);
    expect(Array.from(parts.bboxes)).toEqual([0, 0, 1, 1, 1, 0, 2, 2, 3, 2, 1, 1, 0, 3, 2, 1]);
  });

  it('connectedComponents(mask, 8) joins parts that touch at a corner', () => {
    const parts = connectedComponents(mask.data, 4, 4, 8);
    expect(show(parts.labels, 4, 4)).toBe(['1.1.', '.11.', '...1', '22..'].join('\n'));
    expect(Array.from(parts.areas)).toEqual([5, 2]);
    expect(Array.from(parts.bboxes)).toEqual([0, 0, 4, 3, 0, 3, 2, 1]);
  });

  it('connectedComponents joins a U shape whose arms meet only through a lower row', () => {
    const u = grid(`
      1.1.1
      1.1.1
      11111
    `);
    const parts = connectedComponents(u.data, 5, 3);
    expect(parts.count).toBe(1);
    expect(parts.areas[0]).toBe(11);
  });

  it('connectedComponents of an empty or 0×0 mask has no parts', () => {
    expect(connectedComponents(new Uint8Array(6), 3, 2).count).toBe(0);
    expect(connectedComponents(new Uint8Array(0), 0, 0).count).toBe(0);
  });

  it('connectedComponents rejects bad input with a SegkitError', () => {
    expect(() => connectedComponents(mask.data, 4, 3)).toThrow(/mask has 16 elements; a 4×3 image needs 12/);
    expect(() => connectedComponents(mask.data, 4, 4, 6 as 4)).toThrow(/connectivity must be 4 or 8, got 6/);
    expect(() => connectedComponents(mask.data, -4, -4)).toThrow(SegkitError);
  });

  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`connectedComponents equals a breadth-first labelling on a random mask (seed ${seed})`, () => {
      const random = mulberry32(seed);
      const width = 1 + Math.floor(random() * 60);
      const height = 1 + Math.floor(random() * 60);
      const p = random();
      const data = new Uint8Array(width * height);
      for (let i = 0; i < data.length; i++) data[i] = random() < p ? 1 + Math.floor(random() * 3) : 0;
      for (const connectivity of [4, 8] as const) {
        const expected = slowLabels((i) => data[i] !== 0, width, height, connectivity);
        const parts = connectedComponents(data, width, height, connectivity, new Int32Array(width * height).fill(7));
        expect(Array.from(parts.labels)).toEqual(Array.from(expected));
        const count = Math.max(0, ...expected);
        expect(parts.count).toBe(count);
        for (let k = 0; k < count; k++) {
          let pixels = 0;
          let [x0, y0, x1, y1] = [width, height, -1, -1];
          for (let i = 0; i < expected.length; i++) {
            if (expected[i] !== k + 1) continue;
            pixels++;
            const x = i % width;
            const y = Math.floor(i / width);
            x0 = Math.min(x0, x);
            y0 = Math.min(y0, y);
            x1 = Math.max(x1, x);
            y1 = Math.max(y1, y);
          }
          expect(parts.areas[k]).toBe(pixels);
          expect(Array.from(parts.bboxes.subarray(4 * k, 4 * k + 4))).toEqual([x0, y0, x1 - x0 + 1, y1 - y0 + 1]);
        }
      }
    });
  }
});
