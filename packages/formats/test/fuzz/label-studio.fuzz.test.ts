/**
 * Fuzz of the Label Studio JSON export reader (brush masks in its packed RLE, and polygons in
 * percent) and of what a conversion does next: on any text, a dataset or a SegkitError, never
 * another exception (see harness.ts). Seed 1003.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labelStudioFormat } from '../../src/label-studio/format.js';
import { brushLabelsResult, polygonLabelsResult } from '../../src/label-studio/json-export.js';
import { FUZZ_LIMITS, fuzzParameters, Outcomes, oneFileSource, RUNS } from './harness.js';
import { convertOnward, jsonInputs } from './json-inputs.js';

const bitmap = { height: 6, width: 8, data: Uint8Array.from({ length: 48 }, (_, i) => (i % 7 < 3 ? 1 : 0)) };

const BASES = [
  [
    {
      id: 5,
      data: { image: '/data/upload/1/a.png' },
      annotations: [
        {
          id: 6,
          was_cancelled: false,
          result: [
            { ...brushLabelsResult({ bitmap, labels: ['car'], fromName: 'tag', toName: 'image', id: 'b1' }) },
            {
              ...polygonLabelsResult({
                points: [1, 1, 6, 1, 3, 5],
                height: 6,
                width: 8,
                labels: ['road'],
                fromName: 'label',
                toName: 'image',
                id: 'p1',
              }),
            },
            { type: 'rectanglelabels', value: { x: 1, y: 1, width: 10, height: 10, rectanglelabels: ['car'] } },
          ],
        },
      ],
      predictions: [
        {
          id: 7,
          result: [{ ...brushLabelsResult({ bitmap, labels: ['car'], fromName: 'tag', toName: 'image' }) }],
        },
      ],
    },
    { id: 8, data: { image: 'b.jpg' }, annotations: [] },
  ],
];

describe('label studio reader fuzz', () => {
  it(`labelStudioFormat.read then check, rasterize and write: a dataset or a SegkitError on ${RUNS} mutated and random documents (seed 1003)`, async () => {
    const read = new Outcomes();
    const onward = new Outcomes();
    await fc.assert(
      fc.asyncProperty(jsonInputs(BASES), async (text) => {
        const result = await read.runAsync(() =>
          labelStudioFormat.read(oneFileSource('tasks.json', text), { limits: FUZZ_LIMITS }),
        );
        if (result !== undefined) await onward.runAsync(() => convertOnward(result.dataset));
      }),
      fuzzParameters(1003),
    );
    read.report('label-studio read');
    onward.report('label-studio onward');
    expect(read.total).toBe(RUNS);
    read.expectBothWays();
    expect(onward.total, onward.describe()).toBeGreaterThan(RUNS / 10);
  });
});
