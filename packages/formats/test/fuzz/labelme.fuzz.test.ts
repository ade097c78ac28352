/**
 * Fuzz of the labelme reader (one labelme JSON, as `convert --from labelme` reads it) and of what a
 * conversion does next: on any text, a dataset or a SegkitError, never another exception (see
 * harness.ts). Seed 1002.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labelmeFormat } from '../../src/labelme/format.js';
import { FUZZ_LIMITS, fuzzParameters, Outcomes, oneFileSource, RUNS } from './harness.js';
import { convertOnward, jsonInputs } from './json-inputs.js';

const shape = (label: string, shape_type: string, points: number[][], group_id: number | null = null) => ({
  label,
  points,
  group_id,
  shape_type,
  flags: {},
});

const BASES = [
  {
    version: '5.0.1',
    flags: { checked: false },
    shapes: [
      shape('car', 'polygon', [
        [1, 1],
        [6.5, 1],
        [3, 5],
      ]),
      shape('road', 'rectangle', [
        [0, 0],
        [2, 3],
      ]),
      shape('wheel', 'circle', [
        [4, 3],
        [5, 3],
      ]),
      shape(
        'car',
        'polygon',
        [
          [6, 4],
          [7, 4],
          [7, 5],
        ],
        1,
      ),
      shape(
        'car',
        'polygon',
        [
          [0, 4],
          [1, 4],
          [1, 5],
        ],
        1,
      ),
      shape('lane', 'line', [
        [0, 0],
        [7, 5],
      ]),
      shape('pole', 'point', [[3, 3]]),
      shape('__ignore__', 'polygon', [
        [0, 0],
        [1, 0],
        [1, 1],
      ]),
    ],
    imagePath: '..\\images\\a.jpg',
    imageData: null,
    imageHeight: 6,
    imageWidth: 8,
  },
  { version: '4.5.6', shapes: [], imagePath: 'b.png', imageData: null, imageHeight: 2, imageWidth: 3 },
];

describe('labelme reader fuzz', () => {
  it(`labelmeFormat.read then check, rasterize and write: a dataset or a SegkitError on ${RUNS} mutated and random documents (seed 1002)`, async () => {
    const read = new Outcomes();
    const onward = new Outcomes();
    await fc.assert(
      fc.asyncProperty(jsonInputs(BASES), async (text) => {
        const result = await read.runAsync(() =>
          labelmeFormat.read(oneFileSource('a.json', text), { limits: FUZZ_LIMITS }),
        );
        if (result !== undefined) await onward.runAsync(() => convertOnward(result.dataset));
      }),
      fuzzParameters(1002),
    );
    read.report('labelme read');
    onward.report('labelme onward');
    expect(read.total).toBe(RUNS);
    read.expectBothWays();
    expect(onward.total, onward.describe()).toBeGreaterThan(RUNS / 10);
  });
});
