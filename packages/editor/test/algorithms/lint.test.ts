import { decode, encode, mulberry32, SegkitError } from '@segkit/core';
import { type LintFinding, type LintMode, type LintSegment, lint } from '@segkit/editor';
import { describe, expect, it } from 'vitest';
import { type Grid, grid, rleOf, slowLabels } from './grid.js';

/** Segments 1..n of a label grid (value v → segment id v, category v), as one image's labels. */
function segmentsOf(g: Grid, things: readonly number[] = []): LintSegment[] {
  const ids = [...new Set(g.data)].filter((v) => v !== 0).sort((a, b) => a - b);
  return ids.map((id) => ({ id, categoryId: id, isThing: things.includes(id), rle: rleOf(g, id) }));
}

function run(g: Grid, mode: LintMode, segments: LintSegment[], options = {}): LintFinding[] {
  return lint({ width: g.width, height: g.height, mode, segments }, options);
}

describe('lint', () => {
  it('lint finds each 4-connected part of the unlabeled pixels in semantic and panoptic mode only', () => {
    const g = grid(`
      11..
      11..
      1.11
      .111
    `);
    const expected = [
      { kind: 'unlabeled', bbox: [2, 0, 2, 2], pixels: 4 },
      { kind: 'unlabeled', bbox: [0, 3, 1, 1], pixels: 1 },
      { kind: 'unlabeled', bbox: [1, 2, 1, 1], pixels: 1 },
    ];
    const sorted = (f: LintFinding[]) => [...f].sort((a, b) => a.bbox[0] - b.bbox[0] || a.bbox[1] - b.bbox[1]);
    const options = { minIsland: 0, sliverWidth: 0 };
    expect(sorted(run(g, 'semantic', segmentsOf(g), options))).toEqual(sorted(expected as LintFinding[]));
    expect(run(g, 'panoptic', segmentsOf(g), options)).toHaveLength(3);
    // Instance mode never reports unlabeled pixels, but (1, 2) is a hole of segment 1.
    expect(run(g, 'instance', segmentsOf(g), options)).toEqual([
      { kind: 'hole', segmentId: 1, bbox: [1, 2, 1, 1], pixels: 1 },
    ]);
    // No segments at all: the whole image is one unlabeled part.
    expect(run(g, 'semantic', [])).toEqual([{ kind: 'unlabeled', bbox: [0, 0, 4, 4], pixels: 16 }]);
  });

  it('lint reports each overlapping pair where the mode forbids overlaps, with the shared pixels', () => {
    const a = grid(`
      111.
      111.
      ....
    `);
    const b = grid(`
      ..11
      ..11
      ..11
    `);
    const segments: LintSegment[] = [
      { id: 7, categoryId: 1, rle: rleOf(a, 1) },
      { id: 9, categoryId: 2, rle: rleOf(b, 1) },
    ];
    const options = { minIsland: 0, sliverWidth: 0 };
    const found = run(a, 'semantic', segments, options);
    expect(found).toContainEqual({ kind: 'overlap', segmentId: 9, otherSegmentId: 7, bbox: [2, 0, 1, 2], pixels: 2 });
    expect(found.filter((f) => f.kind === 'overlap')).toHaveLength(1);
    expect(found).toContainEqual({ kind: 'unlabeled', bbox: [0, 2, 2, 1], pixels: 2 });
    expect(run(a, 'instance', segments, options)).toEqual([]);
  });

  it('lint reports an empty segment with bbox [0, 0, 0, 0]', () => {
    const g = grid(`
      11
      11
    `);
    const empty = encode({ width: 2, height: 2, data: new Uint8Array(4) });
    const found = run(g, 'instance', [...segmentsOf(g), { id: 5, categoryId: 1, rle: empty }]);
    expect(found).toEqual([
      { kind: 'island', segmentId: 1, bbox: [0, 0, 2, 2], pixels: 4 },
      { kind: 'empty', segmentId: 5, bbox: [0, 0, 0, 0], pixels: 0 },
    ]);
  });

  it('lint reports the 8-connected parts of a segment smaller than minIsland', () => {
    const g = grid(`
      11111...
      11111..1
      11111.1.
      11111...
      ........
      .......1
    `);
    // The diagonal pair is one part of 2 pixels (8-connected); the corner pixel another.
    const found = run(g, 'instance', segmentsOf(g), { minIsland: 16, sliverWidth: 0 });
    expect(found).toEqual([
      { kind: 'island', segmentId: 1, bbox: [6, 1, 2, 2], pixels: 2 },
      { kind: 'island', segmentId: 1, bbox: [7, 5, 1, 1], pixels: 1 },
    ]);
    expect(run(g, 'instance', segmentsOf(g), { minIsland: 2, sliverWidth: 0 })).toEqual([
      { kind: 'island', segmentId: 1, bbox: [7, 5, 1, 1], pixels: 1 },
    ]);
  });

  it('lint reports a sliver: pixels an opening with a k×k square removes, in parts of at least k² pixels', () => {
    const g = grid(`
      .............
      .1111........
      .111111111111
      .1111........
      .1111........
      .............
    `);
    // The 4×4 block survives a 3×3 opening; the 1-pixel-wide tail of 8 pixels does not, but 8 < 9.
    expect(run(g, 'instance', segmentsOf(g), { minIsland: 0, sliverWidth: 3 })).toEqual([]);
    // With k = 2 the tail (8 ≥ 4) is a sliver.
    expect(run(g, 'instance', segmentsOf(g), { minIsland: 0, sliverWidth: 2 })).toEqual([
      { kind: 'sliver', segmentId: 1, bbox: [5, 2, 8, 1], pixels: 8 },
    ]);
    const thick = grid(`
      1111.......
      1111111111.
      1111111111.
      1111.......
    `);
    // A tail two pixels thick: a sliver for k = 3 (12 pixels ≥ 9), not for k = 2.
    expect(run(thick, 'instance', segmentsOf(thick), { minIsland: 0, sliverWidth: 3 })).toEqual([
      { kind: 'sliver', segmentId: 1, bbox: [4, 1, 6, 2], pixels: 12 },
    ]);
    expect(run(thick, 'instance', segmentsOf(thick), { minIsland: 0, sliverWidth: 2 })).toEqual([]);
  });

  it('lint reports holes (background parts not touching the edge) of instances and panoptic things only', () => {
    const g = grid(`
      .....222
      .111.2.2
      .1.1.222
      .111....
      ...1.1..
      ..1...1.
      ..1...1.
      ...111..
    `);
    const options = { minIsland: 0, sliverWidth: 0 };
    // Segment 1's hole at (2, 2); its lower ring is open (5,4)-(4,4)... only through (4,4): a gap, no hole.
    // Segment 2 is a ring on the top edge: its hole at (6, 1) is enclosed all the same.
    const instance = run(g, 'instance', segmentsOf(g), options);
    expect(instance).toEqual([
      { kind: 'hole', segmentId: 1, bbox: [2, 2, 1, 1], pixels: 1 },
      { kind: 'hole', segmentId: 2, bbox: [6, 1, 1, 1], pixels: 1 },
    ]);
    const panoptic = run(g, 'panoptic', segmentsOf(g, [2]), options).filter((f) => f.kind === 'hole');
    expect(panoptic).toEqual([{ kind: 'hole', segmentId: 2, bbox: [6, 1, 1, 1], pixels: 1 }]);
    expect(run(g, 'semantic', segmentsOf(g), options).filter((f) => f.kind === 'hole')).toEqual([]);
  });

  it('lint counts a hole behind a diagonal gap (background is 4-connected)', () => {
    const g = grid(`
      .11..
      1..1.
      1..1.
      .11..
      .....
    `);
    expect(run(g, 'instance', segmentsOf(g), { minIsland: 0, sliverWidth: 0 })).toEqual([
      { kind: 'hole', segmentId: 1, bbox: [1, 1, 2, 2], pixels: 4 },
    ]);
  });

  it('lint rejects bad input with a SegkitError naming the segment', () => {
    const g = grid(`
      11
      1.
    `);
    const segments = segmentsOf(g);
    expect(() => lint({ width: 3, height: 2, mode: 'semantic', segments })).toThrow(
      /segment 0 \(id 1\): rle is 2×2 but the image is 3×2/,
    );
    const broken = { height: 2, width: 2, counts: Uint32Array.of(1, 1) };
    expect(() =>
      lint({ width: 2, height: 2, mode: 'semantic', segments: [{ id: 4, categoryId: 1, rle: broken }] }),
    ).toThrow(/segment 0 \(id 4\): counts sum to 2/);
    expect(() => lint({ width: 2, height: 2, mode: 'stuff' as LintMode, segments })).toThrow(/mode must be/);
    expect(() => lint({ width: 2, height: 2, mode: 'semantic', segments }, { minIsland: -1 })).toThrow(SegkitError);
    expect(() => lint({ width: 2, height: 2, mode: 'semantic', segments }, { sliverWidth: 1.5 })).toThrow(
      /sliverWidth/,
    );
  });

  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
    it(`lint equals a from-scratch pixel recomputation on random labels (seed ${seed})`, () => {
      const random = mulberry32(seed);
      const width = 4 + Math.floor(random() * 30);
      const height = 4 + Math.floor(random() * 30);
      const mode = (['semantic', 'instance', 'panoptic'] as const)[seed % 3];
      const count = 1 + Math.floor(random() * 5);
      const masks: Uint8Array[] = [];
      for (let s = 0; s < count; s++) {
        const data = new Uint8Array(width * height);
        for (let r = 0; r < 4; r++) {
          const x0 = Math.floor(random() * width);
          const y0 = Math.floor(random() * height);
          const x1 = Math.min(width, x0 + 1 + Math.floor(random() * 12));
          const y1 = Math.min(height, y0 + 1 + Math.floor(random() * 12));
          const value = r > 0 && random() < 0.3 ? 0 : 1;
          for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * width + x] = value;
        }
        for (let i = 0; i < data.length; i++) if (random() < 0.03) data[i] ^= 1;
        if (random() < 0.1) data.fill(0);
        masks.push(data);
      }
      // Semantic and panoptic documents are mostly exclusive: later masks win, except a few pixels.
      if (mode !== 'instance') {
        for (let i = 0; i < width * height; i++) {
          let last = -1;
          for (let s = 0; s < count; s++) if (masks[s][i] !== 0) last = s;
          if (last >= 0 && random() < 0.97) for (let s = 0; s < count; s++) masks[s][i] = s === last ? 1 : 0;
        }
      }
      const segments: LintSegment[] = masks.map((data, s) => ({
        id: 100 + s,
        categoryId: s,
        isThing: s % 2 === 0,
        rle: encode({ width, height, data }),
      }));
      const options = { minIsland: 1 + Math.floor(random() * 20), sliverWidth: Math.floor(random() * 5) };
      const actual = lint({ width, height, mode, segments }, options);
      const expected = slowLint(width, height, mode, segments, options.minIsland, options.sliverWidth);
      expect(canonical(actual)).toEqual(canonical(expected));
    });
  }
});

function canonical(findings: LintFinding[]): string[] {
  return findings.map((f) => JSON.stringify([f.kind, f.segmentId, f.otherSegmentId, f.bbox, f.pixels])).sort();
}

/** Every rule recomputed on decoded pixels, by the definitions in lint.ts's header. */
function slowLint(
  width: number,
  height: number,
  mode: LintMode,
  segments: LintSegment[],
  minIsland: number,
  k: number,
): LintFinding[] {
  const findings: LintFinding[] = [];
  const pixels = segments.map((s) => decode(s.rle).data);
  const partsOf = (accept: (i: number) => boolean, connectivity: 4 | 8) => {
    const labels = slowLabels(accept, width, height, connectivity);
    const parts = new Map<number, { box: [number, number, number, number]; n: number; border: boolean }>();
    labels.forEach((l, i) => {
      if (l === 0) return;
      const x = i % width;
      const y = Math.floor(i / width);
      const part = parts.get(l) ?? { box: [x, y, x, y], n: 0, border: false };
      part.box = [
        Math.min(part.box[0], x),
        Math.min(part.box[1], y),
        Math.max(part.box[2], x),
        Math.max(part.box[3], y),
      ];
      part.n++;
      if (x === 0 || y === 0 || x === width - 1 || y === height - 1) part.border = true;
      parts.set(l, part);
    });
    return [...parts.values()].map((p) => ({
      bbox: [p.box[0], p.box[1], p.box[2] - p.box[0] + 1, p.box[3] - p.box[1] + 1] as [number, number, number, number],
      n: p.n,
      border: p.border,
    }));
  };
  if (mode !== 'instance') {
    for (const p of partsOf((i) => pixels.every((m) => m[i] === 0), 4)) {
      findings.push({ kind: 'unlabeled', bbox: p.bbox, pixels: p.n });
    }
    for (let later = 1; later < segments.length; later++) {
      for (let earlier = 0; earlier < later; earlier++) {
        const shared = partsOf((i) => pixels[later][i] !== 0 && pixels[earlier][i] !== 0, 8);
        if (shared.length === 0) continue;
        const x0 = Math.min(...shared.map((p) => p.bbox[0]));
        const y0 = Math.min(...shared.map((p) => p.bbox[1]));
        const x1 = Math.max(...shared.map((p) => p.bbox[0] + p.bbox[2]));
        const y1 = Math.max(...shared.map((p) => p.bbox[1] + p.bbox[3]));
        findings.push({
          kind: 'overlap',
          segmentId: segments[later].id,
          otherSegmentId: segments[earlier].id,
          bbox: [x0, y0, x1 - x0, y1 - y0],
          pixels: shared.reduce((sum, p) => sum + p.n, 0),
        });
      }
    }
  }
  segments.forEach((segment, s) => {
    const m = pixels[s];
    const id = segment.id;
    if (m.every((v) => v === 0)) {
      findings.push({ kind: 'empty', segmentId: id, bbox: [0, 0, 0, 0], pixels: 0 });
      return;
    }
    for (const p of partsOf((i) => m[i] !== 0, 8)) {
      if (p.n < minIsland) findings.push({ kind: 'island', segmentId: id, bbox: p.bbox, pixels: p.n });
    }
    if (k > 1) {
      // Covered: some k×k square inside the mask contains the pixel.
      const inside = (x: number, y: number) => x >= 0 && y >= 0 && x < width && y < height && m[y * width + x] !== 0;
      const squareInside = (x0: number, y0: number) => {
        for (let y = y0; y < y0 + k; y++) for (let x = x0; x < x0 + k; x++) if (!inside(x, y)) return false;
        return true;
      };
      const covered = (i: number) => {
        const x = i % width;
        const y = Math.floor(i / width);
        for (let y0 = y - k + 1; y0 <= y; y0++)
          for (let x0 = x - k + 1; x0 <= x; x0++) if (squareInside(x0, y0)) return true;
        return false;
      };
      for (const p of partsOf((i) => m[i] !== 0 && !covered(i), 8)) {
        if (p.n >= k * k) findings.push({ kind: 'sliver', segmentId: id, bbox: p.bbox, pixels: p.n });
      }
    }
    if (mode === 'instance' || (mode === 'panoptic' && segment.isThing === true)) {
      for (const p of partsOf((i) => m[i] === 0, 4)) {
        if (!p.border) findings.push({ kind: 'hole', segmentId: id, bbox: p.bbox, pixels: p.n });
      }
    }
  });
  return findings;
}
