/**
 * Fuzz of the Cityscapes polygons reader (a `*_gtFine_polygons.json`: checked, planned, drawn with
 * Pillow's fill, then cut into instances) and of what a conversion does next: on any text, a
 * dataset or a SegkitError, never another exception (see harness.ts). Seed 1004.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cityscapesFormat } from '../../src/cityscapes/format.js';
import { FUZZ_LIMITS, fuzzParameters, Outcomes, oneFileSource, RUNS } from './harness.js';
import { convertOnward, jsonInputs } from './json-inputs.js';

const object = (label: string, polygon: number[][], extra: Record<string, unknown> = {}) => ({
  label,
  polygon,
  ...extra,
});

const BASES = [
  {
    imgHeight: 6,
    imgWidth: 8,
    objects: [
      object('road', [
        [0, 3],
        [8, 3],
        [8, 6],
        [0, 6],
      ]),
      object('car', [
        [1, 1],
        [6, 1],
        [3, 5],
      ]),
      object('cargroup', [
        [5, 0],
        [8, 0],
        [8, 2],
      ]),
      object(
        'person',
        [
          [2, 2],
          [3, 2],
          [3, 4],
        ],
        { deleted: 1 },
      ),
      object('license plate', [
        [4, 4],
        [5, 4],
        [5, 5],
      ]),
      object(
        'sky',
        [
          [0, 0],
          [2, 0],
          [0, 1],
        ],
        { id: 3, date: '01-Jan-2016', verified: 1 },
      ),
    ],
  },
  { imgHeight: 2, imgWidth: 3, objects: [] },
];

describe('cityscapes reader fuzz', () => {
  it(`cityscapesFormat.read then check, rasterize and write: a dataset or a SegkitError on ${RUNS} mutated and random documents (seed 1004)`, async () => {
    const read = new Outcomes();
    const onward = new Outcomes();
    await fc.assert(
      fc.asyncProperty(jsonInputs(BASES), async (text) => {
        const source = oneFileSource('a/x_000000_000019_gtFine_polygons.json', text);
        const result = await read.runAsync(() => cityscapesFormat.read(source, { limits: FUZZ_LIMITS }));
        if (result !== undefined) await onward.runAsync(() => convertOnward(result.dataset));
      }),
      fuzzParameters(1004),
    );
    read.report('cityscapes read');
    onward.report('cityscapes onward');
    expect(read.total).toBe(RUNS);
    read.expectBothWays();
    expect(onward.total, onward.describe()).toBeGreaterThan(RUNS / 10);
  });
});
