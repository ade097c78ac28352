/**
 * compareDocuments on documents drawn as grids: each letter is one segment (its class given beside
 * the grid), `.` is unlabelled. Overlapping instances are drawn as one grid per instance.
 * Expected IoUs are worked by hand in the comments (I = intersection, U = union, in pixels).
 */
import { decode, encode, rleToString, SegkitError } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { type ComparedSegment, compareDocuments } from '../../src/agreement/index.js';

const CLASSES = [
  { id: 0, name: 'road', isthing: false },
  { id: 1, name: 'car', isthing: true },
  { id: 2, name: 'person', isthing: true },
  { id: 3, name: 'sky', isthing: false },
];

function rows(text: string): string[][] {
  return text
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/));
}

/** One segment per letter of `classOf`, in that order, drawn in `text`. */
function drawn(text: string, classOf: Record<string, number>): ComparedSegment[] {
  return Object.entries(classOf).map(([letter, categoryId]) => ({
    categoryId,
    segmentation: grid(text, letter),
  }));
}

/** The compressed RLE of the cells of `text` that hold `letter`. */
function grid(text: string, letter = 'X') {
  const cells = rows(text);
  const height = cells.length;
  const width = cells[0].length;
  const data = new Uint8Array(height * width);
  for (const [y, row] of cells.entries()) {
    for (const [x, c] of row.entries()) data[y * width + x] = c === letter ? 1 : 0;
  }
  return { size: [height, width] as [number, number], counts: rleToString(encode({ height, width, data })) };
}

/** The diff mask as a grid of X and `.`, for comparison with a drawn one. */
function shown(comparison: ReturnType<typeof compareDocuments>): string {
  const { data } = decode(comparison.diff);
  const lines: string[] = [];
  for (let y = 0; y < comparison.height; y++) {
    const cells: string[] = [];
    for (let x = 0; x < comparison.width; x++) cells.push(data[y * comparison.width + x] ? 'X' : '.');
    lines.push(cells.join(' '));
  }
  return lines.join('\n');
}

function ious(comparison: ReturnType<typeof compareDocuments>) {
  return Object.fromEntries(comparison.perClass.map((c) => [c.name, c.iou]));
}

describe('compareDocuments', () => {
  it('semantic: per-class IoU and the pixels whose class differs (gold vs an annotator who calls a person a car)', () => {
    const gold = drawn(
      `R R R R
       C C P .`,
      { R: 0, C: 1, P: 2 },
    );
    const bo = drawn(
      `R R R R
       C C C .`,
      { R: 0, C: 1 },
    );
    const result = compareDocuments(gold, bo, { kind: 'semantic', classes: CLASSES, height: 2, width: 4 });
    // road: I 4, U 4 → 1; car: gold 2, Bo 3, I 2, U 3 → 2/3; person: gold 1, Bo 0, I 0, U 1 → 0;
    // sky: in neither document → null.
    expect(ious(result)).toEqual({ road: 1, car: 2 / 3, person: 0, sky: null });
    expect(result.perClass[1]).toEqual({
      id: 1,
      name: 'car',
      iou: 2 / 3,
      intersection: 2,
      union: 3,
      referencePixels: 2,
      otherPixels: 3,
    });
    expect(shown(result)).toBe(
      `. . . .
. . X .`,
    );
    expect(result.diffPixels).toBe(1);
    expect(result.classDiffPixels).toBe(1);
    expect(result.matchedInstances).toBe(0);
  });

  it('semantic: labelled against unlabelled differs, unlabelled on both sides does not', () => {
    const a = drawn(
      `R R .
       R . .`,
      { R: 0 },
    );
    const b = drawn(
      `R . .
       R R .`,
      { R: 0 },
    );
    // road: I 2, U 4 → 0.5.
    const result = compareDocuments(a, b, { kind: 'semantic', classes: CLASSES, height: 2, width: 3 });
    expect(result.perClass[0].iou).toBe(0.5);
    expect(shown(result)).toBe(
      `. X .
. X .`,
    );
  });

  it('panoptic: the same class pixels split into other instances differ by instance, not by class', () => {
    const gold = drawn(`R R A A A A`, { R: 0, A: 1 });
    const other = drawn(`R R A B B B`, { R: 0, A: 1, B: 1 });
    const result = compareDocuments(gold, other, { kind: 'panoptic', classes: CLASSES, height: 1, width: 6 });
    // road 2/2 = 1; car: union of the instances on each side is columns 2–5 → 4/4 = 1.
    expect(ious(result)).toMatchObject({ road: 1, car: 1 });
    expect(result.classDiffPixels).toBe(0);
    // gold A (cols 2–5) vs other B (cols 3–5): I 3, U 4 → 0.75 > 0.5, matched, xor = column 2;
    // other A (col 2) is unmatched: column 2 differs by instance.
    expect(result.matchedInstances).toBe(1);
    expect(shown(result)).toBe('. . X . . .');
    // A semantic project sees only classes: no difference at all.
    const semantic = compareDocuments(gold, other, { kind: 'semantic', classes: CLASSES, height: 1, width: 6 });
    expect(semantic.diffPixels).toBe(0);
  });

  it('panoptic: a stuff class is compared by class only; one car split in two halves matches neither (IoU 0.5 is not > 0.5)', () => {
    const gold = drawn(`S S A A A A`, { S: 3, A: 1 });
    const other = drawn(`S S A A B B`, { S: 3, A: 1, B: 1 });
    const result = compareDocuments(gold, other, { kind: 'panoptic', classes: CLASSES, height: 1, width: 6 });
    // gold A vs other A: I 2, U 4 → 0.5; vs other B: 0.5; no match: all car pixels differ by instance.
    expect(result.matchedInstances).toBe(0);
    expect(ious(result)).toMatchObject({ sky: 1, car: 1 });
    expect(shown(result)).toBe('. . X X X X');
  });

  it('instance: overlapping instances, one matched with a 1-pixel miss, one unmatched pair (IoU 0.4)', () => {
    const a1 = grid(`X X X . . .
                     X X X . . .
                     . . . . . .`);
    const a2 = grid(`. . . . X X
                     . . . . X X
                     . . . . . .`);
    const b1 = grid(`X X X . . .
                     X X . . . .
                     . . . . . .`);
    const b2 = grid(`. . . . . X
                     . . . . . X
                     . . . . . X`);
    const car = (segmentation: ComparedSegment['segmentation']) => ({ categoryId: 1, segmentation });
    const result = compareDocuments([car(a1), car(a2)], [car(b2), car(b1)], {
      kind: 'instance',
      classes: CLASSES,
      height: 3,
      width: 6,
    });
    // car: gold union 6 + 4 = 10 px, other union 5 + 3 = 8 px, I = 5 + 2 = 7, U = 10 + 8 − 7 = 11 → 7/11.
    expect(result.perClass[1].iou).toBe(7 / 11);
    // a1~b1: I 5, U 6 → 0.83, matched (xor: (2, 1)); a2~b2: I 2, U 5 → 0.4, both unmatched.
    expect(result.matchedInstances).toBe(1);
    // By class: (2,1), (4,0), (4,1) only in gold, (5,2) only in the other → 4 px.
    expect(result.classDiffPixels).toBe(4);
    // By instance as well: all of a2 and b2 → (5,0) and (5,1) join.
    expect(shown(result)).toBe(
      `. . . . X X
. . X . X X
. . . . . X`,
    );
    expect(result.diffPixels).toBe(6);
  });

  it('a class the project lacks gets a row of its own after the project classes', () => {
    const a = drawn(`Z Z`, { Z: 9 });
    const result = compareDocuments(a, [], { kind: 'semantic', classes: CLASSES, height: 1, width: 2 });
    expect(result.perClass.map((c) => [c.name, c.iou])).toEqual([
      ['road', null],
      ['car', null],
      ['person', null],
      ['sky', null],
      ['class 9', 0],
    ]);
  });

  it('a segment of another size is a SegkitError naming the side and the segment', () => {
    const good = drawn(`R R`, { R: 0 });
    const bad = [...good, { categoryId: 1, segmentation: grid(`X X X`) }];
    expect(() => compareDocuments(good, bad, { kind: 'semantic', classes: CLASSES, height: 1, width: 2 })).toThrow(
      SegkitError,
    );
    expect(() => compareDocuments(good, bad, { kind: 'semantic', classes: CLASSES, height: 1, width: 2 })).toThrow(
      'other segment 1: its mask is 3×1, the image 2×1',
    );
    const broken = [{ categoryId: 0, segmentation: { size: [1, 2] as [number, number], counts: '!!' } }];
    expect(() => compareDocuments(broken, good, { kind: 'semantic', classes: CLASSES, height: 1, width: 2 })).toThrow(
      /^reference segment 0: /,
    );
  });
});
