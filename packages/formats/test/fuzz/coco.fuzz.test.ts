/**
 * Fuzz of the COCO instances reader (the registry's `coco`, what `convert`, `validate` and the
 * server read uploads with) and of what a conversion does next: on any text, a dataset or a
 * SegkitError, never another exception (see harness.ts). Seed 1001.
 */
import { rleToString } from '@segkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cocoFormat } from '../../src/registry/coco.js';
import { validateCoco } from '../../src/validate/coco.js';
import { FUZZ_LIMITS, fuzzParameters, Outcomes, oneFileSource, RUNS } from './harness.js';
import { convertOnward, jsonInputs } from './json-inputs.js';

const BASES = [
  {
    info: { description: 'fuzz' },
    images: [
      { id: 1, file_name: 'a.jpg', width: 8, height: 6 },
      { id: 'b', file_name: 'd/b.png', width: 5, height: 5 },
    ],
    annotations: [
      {
        id: 1,
        image_id: 1,
        category_id: 1,
        segmentation: [[1, 1, 6, 1, 3, 5]],
        area: 12,
        bbox: [1, 1, 5, 4],
        iscrowd: 0,
      },
      {
        id: 2,
        image_id: 1,
        category_id: 2,
        segmentation: [
          [0, 0, 2, 0, 2, 2],
          [4, 4, 7, 4, 7, 5, 4, 5],
        ],
        area: 5,
        bbox: [0, 0, 7, 5],
        iscrowd: 0,
      },
      { id: 3, image_id: 1, category_id: 1, segmentation: { size: [6, 8], counts: [10, 5, 33] }, area: 5, iscrowd: 1 },
      {
        id: 4,
        image_id: 'b',
        category_id: 2,
        segmentation: { size: [5, 5], counts: rleToString({ counts: Uint32Array.of(6, 3, 2, 3, 11) }) },
        area: 6,
        bbox: [1, 1, 2, 3],
        iscrowd: 0,
      },
    ],
    categories: [
      { id: 1, name: 'car', supercategory: 'vehicle' },
      { id: 2, name: 'road' },
    ],
  },
  { images: [{ id: 7, width: 3, height: 2 }], annotations: [], categories: [] },
];

describe('coco reader fuzz', () => {
  it(`cocoFormat.read then check, rasterize and write: a dataset or a SegkitError on ${RUNS} mutated and random documents (seed 1001)`, async () => {
    const read = new Outcomes();
    const onward = new Outcomes();
    const validated = new Outcomes();
    await fc.assert(
      fc.asyncProperty(jsonInputs(BASES), async (text) => {
        const result = await read.runAsync(() =>
          cocoFormat.read(oneFileSource('in.json', text), { limits: FUZZ_LIMITS }),
        );
        if (result !== undefined) await onward.runAsync(() => convertOnward(result.dataset));
        // validate reads the same text its own way (every problem listed): it too may only refuse with a SegkitError.
        let document: unknown;
        try {
          document = JSON.parse(text);
        } catch {
          return;
        }
        validated.run(() => validateCoco(document, { file: 'in.json', limits: FUZZ_LIMITS }));
      }),
      fuzzParameters(1001),
    );
    read.report('coco read');
    onward.report('coco onward');
    validated.report('coco validated');
    expect(read.total).toBe(RUNS);
    read.expectBothWays();
    expect(onward.total, onward.describe()).toBeGreaterThan(RUNS / 10);
  });
});
