/**
 * One suite for every implementation of boundary-iou-api's `mask_to_boundary` (hono's
 * `common.case.test.ts` habit): the reference vectors of boundary.json, hand-drawn grids and seeded
 * random masks against the literal erosion in ./reference.ts.
 */
import { describe, expect, it } from 'vitest';
import { boundaryDilation } from '../../src/boundary/dilation.js';
import { decode } from '../../src/rle/decode.js';
import { encode } from '../../src/rle/encode.js';
import { rleFromString, rleToString } from '../../src/rle/string-codec.js';
import type { Bitmap, Rle } from '../../src/rle/types.js';
import { loadFixture } from '../fixtures.js';
import { grid, mulberry32 } from '../properties/arbitraries.js';
import { referenceBoundary } from './reference.js';

export interface BoundaryCase {
  id: number;
  family: string;
  h: number;
  w: number;
  counts: number[];
  rle: string;
  area: number;
  dilation_ratio: number;
  diag: number;
  ratio_x_diag: number;
  dilation: number;
  boundary_rle: string;
  boundary_area: number;
  note?: string;
}

export const fixture = loadFixture<{ cases: BoundaryCase[]; other_ratio_cases: BoundaryCase[] }>('boundary.json');

/** The implementation under test, seen through RLEs (the form COCO stores boundaries in). */
export type ToBoundary = (rle: Rle, dilationRatio?: number) => Rle;

function render(mask: Bitmap): string {
  const rows: string[] = [];
  for (let y = 0; y < mask.height; y++) {
    let row = '';
    for (let x = 0; x < mask.width; x++) row += mask.data[y * mask.width + x] !== 0 ? '#' : '.';
    rows.push(row);
  }
  return rows.join('\n');
}

function drawn(text: string): string {
  return render(grid(text));
}

/** A random mask of rectangles, discs and noise, so runs cross columns, touch borders and leave holes. */
function randomMask(random: () => number, h: number, w: number): Bitmap {
  const data = new Uint8Array(h * w);
  const shapes = 1 + Math.floor(random() * 5);
  for (let s = 0; s < shapes; s++) {
    const kind = random();
    const cx = random() * w;
    const cy = random() * h;
    const rx = 1 + random() * w * 0.6;
    const ry = 1 + random() * h * 0.6;
    const value = random() < 0.8 ? 1 : 0; // some shapes cut holes
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const inside =
          kind < 0.4
            ? Math.abs(x - cx) <= rx / 2 && Math.abs(y - cy) <= ry / 2
            : kind < 0.8
              ? ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1
              : random() < 0.3;
        if (inside) data[y * w + x] = value;
      }
    }
  }
  return { height: h, width: w, data };
}

export function runBoundaryTests(name: string, toBoundary: ToBoundary): void {
  describe(`${name}: boundary.json (boundary-iou-api mask_to_boundary)`, () => {
    const all = [...fixture.cases, ...fixture.other_ratio_cases];

    it('returns the reference boundary of every case, pixel for pixel', () => {
      for (const c of all) {
        const mask = rleFromString(c.rle, c.h, c.w);
        const boundary = toBoundary(mask, c.dilation_ratio);
        expect([boundary.height, boundary.width]).toEqual([c.h, c.w]);
        const got = rleToString(boundary);
        if (got !== c.boundary_rle) {
          throw new Error(`case ${c.id} (${c.family}, ${c.h}x${c.w}, d=${c.dilation}): ${got} vs ${c.boundary_rle}`);
        }
        let area = 0;
        for (let i = 1; i < boundary.counts.length; i += 2) area += boundary.counts[i];
        expect(area, `case ${c.id}`).toBe(c.boundary_area);
      }
    });

    it('returns canonical counts (no empty run but the first)', () => {
      for (const c of all) {
        const { counts } = toBoundary(rleFromString(c.rle, c.h, c.w), c.dilation_ratio);
        for (let i = 1; i < counts.length; i++) expect(counts[i], `case ${c.id} run ${i}`).toBeGreaterThan(0);
      }
    });

    it('uses the default ratio 0.02', () => {
      const c = fixture.cases.find((k) => k.family === 'tie_diag') as BoundaryCase;
      expect(rleToString(toBoundary(rleFromString(c.rle, c.h, c.w)))).toBe(c.boundary_rle);
    });

    it('accepts a non-canonical RLE (empty runs inside)', () => {
      // [2 rows of background, 1 fg, 0 bg, 2 fg, 0 fg, ...] is the 3x3 all-but-first-two mask in disguise.
      const odd: Rle = { height: 3, width: 3, counts: new Uint32Array([2, 1, 0, 2, 0, 0, 0, 4]) };
      const canonical: Rle = { height: 3, width: 3, counts: new Uint32Array([2, 7]) };
      expect(Array.from(toBoundary(odd).counts)).toEqual(Array.from(toBoundary(canonical).counts));
    });
  });

  describe(`${name}: hand-checked grids`, () => {
    const boundaryOf = (mask: Bitmap, ratio?: number): string => render(decode(toBoundary(encode(mask), ratio)));

    it('returns the 5x5 test vector of faster-coco-eval minus its only interior pixel', () => {
      const mask = grid(`
        ..###
        .###.
        .###.
        .####
        ...#.`);
      expect(boundaryOf(mask)).toBe(
        drawn(`
        ..###
        .###.
        .#.#.
        .####
        ...#.`),
      );
    });

    it('returns a frame of width d for a full mask (the image border is background)', () => {
      // 60x80: d = round(0.02 * 100) = 2; with ratio 0.05, d = 5.
      const full: Bitmap = { height: 60, width: 80, data: new Uint8Array(60 * 80).fill(1) };
      const frame = decode(toBoundary(encode(full)));
      const expected = (x: number, y: number) => (x < 2 || y < 2 || x >= 78 || y >= 58 ? 1 : 0);
      for (let y = 0; y < 60; y++) for (let x = 0; x < 80; x++) expect(frame.data[y * 80 + x]).toBe(expected(x, y));
      const wider = decode(toBoundary(encode(full), 0.05));
      expect(wider.data.reduce((s, v) => s + v, 0)).toBe(60 * 80 - 50 * 70);
    });

    it('keeps a part thinner than 2d + 1 whole and the inner edge of a hole', () => {
      // 7x8 image: d = 1. The 3-wide bar keeps its middle row; the 2-wide bar is all boundary.
      expect(
        boundaryOf(
          grid(`
        ........
        .#####..
        .#####..
        .#####..
        ........
        .######.
        .######.`),
        ),
      ).toBe(
        drawn(`
        ........
        .#####..
        .#...#..
        .#####..
        ........
        .######.
        .######.`),
      );
      expect(
        boundaryOf(
          grid(`
        #######
        #######
        ##...##
        ##...##
        #######
        #######
        #######`),
        ),
      ).toBe(
        drawn(`
        #######
        #######
        ##...##
        ##...##
        #######
        #.....#
        #######`),
      );
    });

    it('treats diagonal neighbours as background too (square, not cross)', () => {
      expect(
        boundaryOf(
          grid(`
        #####
        #####
        #####
        ####.
        #####`),
        ),
      ).toBe(
        drawn(`
        #####
        #...#
        #..##
        #..#.
        #####`),
      );
    });

    it('returns the empty mask and the 0x0 mask unchanged', () => {
      expect(Array.from(toBoundary({ height: 4, width: 5, counts: new Uint32Array([20]) }).counts)).toEqual([20]);
      expect(Array.from(toBoundary({ height: 0, width: 0, counts: new Uint32Array([0]) }).counts)).toEqual([0]);
    });
  });

  describe(`${name}: against the literal erosion`, () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      it(`matches mask - erode^d(mask) on 60 random masks (seed ${seed})`, () => {
        const random = mulberry32(seed);
        for (let n = 0; n < 60; n++) {
          const h = 1 + Math.floor(random() * 40);
          const w = 1 + Math.floor(random() * 40);
          const mask = randomMask(random, h, w);
          const ratio = [0.02, 0.05, 0.1, 0.2, 0.001][n % 5];
          const d = boundaryDilation(h, w, ratio);
          const want = rleToString(encode(referenceBoundary(mask, d)));
          const got = rleToString(toBoundary(encode(mask), ratio));
          if (got !== want) throw new Error(`seed ${seed} mask ${n} (${h}x${w}, d=${d}):\n${render(mask)}`);
        }
      });
    }
  });
}
