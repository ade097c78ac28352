import { existsSync, readFileSync } from 'node:fs';
import { encode, isSegkitError } from '@segkit/core';
import { DEFAULT_RULES, type ScopeDataset } from '@segkit/scope';
import { describe, expect, it } from 'vitest';
import { MIN_VERDICT_REGIONS, type ScopeJobOptions, sampleCaveat, scopeJob } from '../../src/scope/job.js';

const COCO = new URL(
  '../../../../../shared/datasets/coco_val2014_ann100/instances_val2014_shared.json',
  import.meta.url,
).pathname;
const haveCoco = existsSync(COCO);
if (!haveCoco) console.warn(`scopeJob: skipping the COCO tests, ${COCO} is absent`);

const settings: ScopeJobOptions = {
  input: 'test.json',
  from: 'coco',
  semantic: false,
  vertices: 20,
  tolerance: 2,
  targetIou: 0.95,
  minArea: 4,
  rules: DEFAULT_RULES,
};

/** An uncompressed RLE of a 16 × 16 image: the 3 × 3 square with top-left corner (x, y). */
function square(x: number, y: number) {
  const data = new Uint8Array(256);
  for (let yy = y; yy < y + 3; yy++) for (let xx = x; xx < x + 3; xx++) data[yy * 16 + xx] = 1;
  return { size: [16, 16], counts: Array.from(encode({ height: 16, width: 16, data }).counts) };
}

/**
 * Class "few" has 4 squares, class "enough" 10, class "none" no annotation; every square is a box.
 * One image per square, so the counts are easy to read.
 */
function squares(): ScopeDataset {
  const annotations = [];
  for (let i = 0; i < 14; i++) {
    annotations.push({ id: i + 1, image_id: i + 1, category_id: i < 4 ? 1 : 2, segmentation: square(2 + (i % 5), 3) });
  }
  return {
    images: annotations.map((a) => ({ id: a.image_id, height: 16, width: 16, file_name: `${a.image_id}.png` })),
    categories: [
      { id: 1, name: 'few' },
      { id: 2, name: 'enough' },
      { id: 3, name: 'none' },
    ],
    annotations,
  };
}

const loadCoco = (): ScopeDataset => JSON.parse(readFileSync(COCO, 'utf8'));

describe('scopeJob', () => {
  it('scopeJob puts a sample-size caveat beside verdicts from fewer than 10 regions, and none from 10', async () => {
    const { report } = await scopeJob(squares(), settings);
    expect(MIN_VERDICT_REGIONS).toBe(10);
    const [few, enough, none] = report.perClass;
    expect(few).toMatchObject({ name: 'few', instances: 4, verdict: 'box' });
    expect(few.caveat).toBe('only 4 regions, under 10: too few for a firm verdict');
    expect(enough).toMatchObject({ name: 'enough', instances: 10, verdict: 'box', caveat: null });
    expect(none).toMatchObject({ name: 'none', instances: 0 });
    expect(none.caveat).toBe('no region measured: the verdict is a default');
    expect(report.dataset).toMatchObject({ input: 'test.json', from: 'coco', images: 14, regions: 14 });
  });

  it('sampleCaveat: one region is singular; 9 is too few; 10 is enough', () => {
    expect(sampleCaveat(1)).toBe('only 1 region, under 10: too few for a firm verdict');
    expect(sampleCaveat(9)).toBe('only 9 regions, under 10: too few for a firm verdict');
    expect(sampleCaveat(10)).toBeNull();
  });

  it('scopeJob reports progress up to (total, total) and never backwards', async () => {
    const calls: [number, number][] = [];
    await scopeJob(squares(), { ...settings, onProgress: (done, total) => calls.push([done, total]) });
    expect(calls.at(-1)).toEqual([14, 14]);
    for (let i = 1; i < calls.length; i++) expect(calls[i][0]).toBeGreaterThanOrEqual(calls[i - 1][0]);
  });

  it('scopeJob rejects at once with an AbortError caused by the reason of a signal aborted before it starts', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop here'));
    await expect(scopeJob(squares(), { ...settings, signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
      cause: new Error('stop here'),
    });
  });

  it('scopeJob names the dataset and the annotation of a bad image_id', async () => {
    const dataset = squares();
    const bad = { ...dataset, annotations: [...dataset.annotations, { id: 99, image_id: 77, category_id: 1 }] };
    const error = await scopeJob(bad, settings).catch((e: unknown) => e);
    expect(isSegkitError(error)).toBe(true);
    expect((error as Error).message).toBe('test.json: annotation 14 (id 99): image_id 77 is not in "images"');
  });

  it.skipIf(!haveCoco)(
    'scopeJob on 546 COCO val2014 annotations gives the same JSON bytes with 1 and 2 worker threads',
    async () => {
      const dataset = loadCoco();
      const one = await scopeJob(dataset, { ...settings, minArea: 20, threads: 1 });
      const two = await scopeJob(dataset, { ...settings, minArea: 20, threads: 2 });
      expect(JSON.stringify(two.report)).toBe(JSON.stringify(one.report));
      expect(two.regions.map((r) => r.annotation)).toEqual(one.regions.map((r) => r.annotation));
      // From the file: 546 annotations, 6 of them crowd (iscrowd 1), over 60 images.
      expect(one.report.dataset).toMatchObject({ images: 60, crowdSkipped: 6 });
      expect(one.report.dataset.regions + one.report.dataset.skipped).toBe(540);
    },
  );

  it.skipIf(!haveCoco)('scopeJob stops on an abort raised while it runs, on this thread and in workers', async () => {
    for (const threads of [1, 2]) {
      const controller = new AbortController();
      let calls = 0;
      const run = scopeJob(loadCoco(), {
        ...settings,
        threads,
        signal: controller.signal,
        onProgress: (done, total) => {
          calls++;
          if (done > 0 && done < total) controller.abort(new Error(`aborted at ${done}`));
        },
      });
      await expect(run).rejects.toMatchObject({
        name: 'AbortError',
        cause: { message: expect.stringMatching(/^aborted at \d+$/) },
      });
      expect(calls).toBeGreaterThan(0);
    }
  });
});
