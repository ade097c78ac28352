import { SegkitError } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { fillPolygon, forEachPolygonSpan } from '../../src/cityscapes/pillow-polygon.js';
import { slowFillPolygon } from './pillow-polygon-slow.js';

/** The polygon filled into a blank image, one string per row: '#' filled, '.' not. */
function drawn(width: number, height: number, points: number[][]): string[] {
  const image = new Uint8Array(width * height);
  fillPolygon(image, width, height, points, 1);
  return Array.from({ length: height }, (_, y) =>
    Array.from(image.subarray(y * width, (y + 1) * width), (v) => (v ? '#' : '.')).join(''),
  );
}

// Every grid below was checked against Pillow's own Draw.c (12.3.0) compiled in a small harness.
describe('fillPolygon(target, w, h, points, value) fills what Pillow 12.3.0 ImageDraw.polygon fills', () => {
  it('a closed integer square includes its boundary rows and columns (3×3 pixels for 1..3, where COCO frPoly gives 2×2)', () => {
    expect(
      drawn(5, 5, [
        [1, 1],
        [3, 1],
        [3, 3],
        [1, 3],
      ]),
    ).toEqual(['.....', '.###.', '.###.', '.###.', '.....']);
  });

  it('a wedge: vertices act as pixel centres', () => {
    expect(
      drawn(5, 5, [
        [1, 0],
        [3, 2],
        [1, 4],
      ]),
    ).toEqual(['.#...', '.##..', '.###.', '.##..', '.#...']);
  });

  it('vertices are cut toward zero first: 0.9 → 0, 3.9 → 3, -0.7 → 0', () => {
    const square = drawn(5, 5, [
      [0, 0],
      [3, 0],
      [3, 3],
      [0, 3],
    ]);
    expect(
      drawn(5, 5, [
        [0.9, 0.9],
        [3.9, 0.9],
        [3.9, 3.9],
        [-0.7, 3.9],
      ]),
    ).toEqual(square);
  });

  it('a bow-tie is filled even-odd, the crossing row whole', () => {
    expect(
      drawn(5, 5, [
        [0, 0],
        [4, 4],
        [4, 0],
        [0, 4],
      ]),
    ).toEqual(['#...#', '##.##', '#####', '##.##', '#...#']);
  });

  it('two vertices give a thin line, and a crossing at exactly x.5 fills nothing on its row', () => {
    expect(
      drawn(5, 5, [
        [2, 0],
        [2, 3],
      ]),
    ).toEqual(['..#..', '..#..', '..#..', '..#..', '.....']);
    expect(
      drawn(5, 5, [
        [1, 2],
        [4, 2],
      ]),
    ).toEqual(['.....', '.....', '.####', '.....', '.....']);
    // Row 1 is crossed at x = 1.5 (left out); row 0 gains a pixel from the corner rule.
    expect(
      drawn(5, 3, [
        [0, 0],
        [3, 2],
      ]),
    ).toEqual(['##...', '.....', '...#.']);
  });

  it('a vertex repeated gives one pixel; a single vertex gives none', () => {
    const pixel = ['.....', '.....', '..#..', '.....', '.....'];
    expect(
      drawn(5, 5, [
        [2, 2],
        [2, 2],
        [2, 2],
      ]),
    ).toEqual(pixel);
    expect(
      drawn(5, 5, [
        [2, 2],
        [2, 2],
      ]),
    ).toEqual(pixel);
    expect(drawn(5, 5, [[2, 2]])).toEqual(['.....', '.....', '.....', '.....', '.....']);
    expect(drawn(5, 5, [])).toEqual(['.....', '.....', '.....', '.....', '.....']);
  });

  it('"connect discontiguous corners": a sharp top vertex whose edges both run left gains the pixel beside it', () => {
    // Without the rule row 0 would be the single pixel 10.
    expect(
      drawn(12, 5, [
        [10, 0],
        [2, 4],
        [0, 2],
      ]),
    ).toEqual(['.........##.', '.....####...', '#######.....', '.####.......', '..#.........']);
  });

  it('clips each row to the image: vertices far outside are harmless and nothing wraps', () => {
    expect(
      drawn(4, 3, [
        [-1e8, -5],
        [1e8, -5],
        [1e8, 1e8],
        [-1e8, 1e8],
      ]),
    ).toEqual(['####', '####', '####']);
    expect(
      drawn(4, 3, [
        [3, 1],
        [9, 1],
        [9, 2],
        [3, 2],
      ]),
    ).toEqual(['....', '...#', '...#']);
    expect(
      drawn(4, 3, [
        [-9, -9],
        [-2, -9],
        [-2, 9],
      ]),
    ).toEqual(['....', '....', '....']);
  });

  it('writes the given value and leaves every other pixel as it was', () => {
    const image = new Int32Array(6).fill(7);
    fillPolygon(
      image,
      3,
      2,
      [
        [1, 0],
        [2, 0],
        [2, 1],
        [1, 1],
      ],
      26001,
    );
    expect(Array.from(image)).toEqual([7, 26001, 26001, 7, 26001, 26001]);
  });

  it('rejects non-finite or huge coordinates, and a target smaller than the image', () => {
    expect(() =>
      fillPolygon(
        new Uint8Array(4),
        2,
        2,
        [
          [0, 0],
          [1, Number.NaN],
        ],
        1,
      ),
    ).toThrow(/vertex 1 has coordinate NaN/);
    expect(() =>
      fillPolygon(
        new Uint8Array(4),
        2,
        2,
        [
          [0, 0],
          [2 ** 31, 1],
        ],
        1,
      ),
    ).toThrow(SegkitError);
    expect(() =>
      fillPolygon(
        new Uint8Array(3),
        2,
        2,
        [
          [0, 0],
          [1, 1],
        ],
        1,
      ),
    ).toThrow(/3 elements, expected 2×2/);
  });

  it('forEachPolygonSpan reports clipped runs', () => {
    const spans: number[][] = [];
    forEachPolygonSpan(
      4,
      2,
      [
        [-3, 0],
        [9, 0],
        [9, 1],
        [-3, 1],
      ],
      (y, x0, x1) => spans.push([y, x0, x1]),
    );
    expect(spans.sort((a, b) => a[0] - b[0] || a[1] - b[1])).toContainEqual([0, 0, 3]);
    expect(spans.every(([, x0, x1]) => x0 >= 0 && x1 <= 3 && x0 <= x1)).toBe(true);
  });
});

/** mulberry32: small seeded generator, so failures reproduce. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomPolygon(next: () => number, width: number, height: number): number[][] {
  const count = 2 + Math.floor(next() * (next() < 0.5 ? 4 : 14));
  const style = Math.floor(next() * 4);
  const points: number[][] = [];
  for (let i = 0; i < count; i++) {
    const previous = points[i - 1];
    if (style === 0) points.push([next() * (width + 10) - 5, next() * (height + 10) - 5]);
    else if (style === 1) points.push([(next() - 0.5) * 400, (next() - 0.5) * 400]);
    else if (style === 2) points.push([Math.floor(next() * 5) * (width >> 2), Math.floor(next() * 5) * (height >> 2)]);
    else if (previous && next() < 0.4) {
      // repeat a row or a column: horizontal and vertical edges, spikes, consecutive horizontals
      points.push(
        next() < 0.5 ? [previous[0], Math.floor(next() * height)] : [Math.floor(next() * width), previous[1]],
      );
    } else points.push([Math.floor(next() * width), Math.floor(next() * height)]);
  }
  if (next() < 0.1) points.push([...points[0]]);
  return points;
}

describe('fillPolygon agrees with a plain restatement of Pillow (every edge on every row, merged horizontals)', () => {
  it.each([1, 2, 3])('seed %i: 1500 random polygons', (seed) => {
    const next = random(seed);
    for (let n = 0; n < 1500; n++) {
      const width = 1 + Math.floor(next() * 40);
      const height = 1 + Math.floor(next() * 40);
      const points = randomPolygon(next, width, height);
      const fast = new Uint8Array(width * height);
      fillPolygon(fast, width, height, points, 1);
      const slow = slowFillPolygon(width, height, points);
      if (!fast.every((v, i) => v === slow[i])) {
        throw new Error(`seed ${seed} polygon ${n} on ${width}×${height} differs: ${JSON.stringify(points)}`);
      }
    }
  });
});

/**
 * Polygons of hundreds to thousands of vertices on small images: hundreds of crossings per row (the
 * radix sort), many edges ending on one row at one rounded x (the corner rule's first-partner lookup),
 * vertices left of and above the image (negative crossings).
 */
function jaggedPolygon(next: () => number, width: number, height: number): number[][] {
  const count = 300 + Math.floor(next() * 1700);
  const integer = next() < 0.5;
  const points: number[][] = [];
  for (let i = 0; i < count; i++) {
    const x = next() * (width + 20) - 10;
    const y = next() * (height + 20) - 10;
    points.push(integer ? [Math.round(x), Math.round(y)] : [x, y]);
  }
  return points;
}

describe('fillPolygon agrees with the plain restatement on polygons of thousands of vertices', () => {
  it.each([11, 12])('seed %i: 12 jagged polygons', (seed) => {
    const next = random(seed);
    for (let n = 0; n < 12; n++) {
      const width = 8 + Math.floor(next() * 56);
      const height = 8 + Math.floor(next() * 56);
      const points = jaggedPolygon(next, width, height);
      const fast = new Uint8Array(width * height);
      fillPolygon(fast, width, height, points, 1);
      const slow = slowFillPolygon(width, height, points);
      if (!fast.every((v, i) => v === slow[i])) {
        throw new Error(`seed ${seed} polygon ${n} (${points.length} vertices) on ${width}×${height} differs`);
      }
    }
  });
});
