import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evalInstance } from '../../src/eval/instance.js';
import { evalPanoptic } from '../../src/eval/panoptic.js';
import { evalSemantic } from '../../src/eval/semantic.js';
import { AbortError } from '../../src/hooks.js';

const METRICS_FIXTURES = new URL('../../../metrics/test/fixtures/', import.meta.url).pathname;
const SAMPLE = new URL('../../../../../shared/fixtures/reference/panoptic/coco_sample/', import.meta.url).pathname;
const sample = existsSync(join(SAMPLE, 'gt.json'));
if (!sample) console.warn(`NOTICE: ${SAMPLE} is absent; the panoptic abort test is skipped`);

describe('an aborted eval job', () => {
  it.skipIf(!sample)('evalPanoptic aborted after the first of 2 images rejects with an AbortError', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const run = evalPanoptic(
      { gt: join(SAMPLE, 'gt.json'), pred: join(SAMPLE, 'pred_a.json'), threads: 1 },
      {
        signal: controller.signal,
        onProgress: (done) => {
          seen.push(done);
          controller.abort();
        },
      },
    );
    await expect(run).rejects.toBeInstanceOf(AbortError);
    expect(seen).toEqual([1]);
  });

  it('evalInstance with an aborted signal reads nothing and evaluates nothing', async () => {
    const seen: number[] = [];
    const run = evalInstance(
      { gt: '/nonexistent/gt.json', dt: '/nonexistent/dt.json' },
      { signal: AbortSignal.abort(), onProgress: (done) => seen.push(done) },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError', code: 'ABORT_ERR' });
    expect(seen).toEqual([]);
  });

  it('evalInstance reports its images done once COCOeval has evaluated them', async () => {
    const seen: [number, number][] = [];
    const report = await evalInstance(
      { gt: `${METRICS_FIXTURES}cocoeval_micro_gt.json`, dt: `${METRICS_FIXTURES}cocoeval_micro_dt.json` },
      { onProgress: (done, total) => seen.push([done, total]) },
    );
    expect(report.metric).toBe('AP');
    expect(seen.length).toBe(1);
    expect(seen[0][0]).toBe(seen[0][1]);
  });

  it('evalSemantic --preset cityscapes with an aborted signal starts nothing', async () => {
    const run = evalSemantic(
      { gt: '/nonexistent', pred: '/nonexistent', preset: 'cityscapes' },
      {
        signal: AbortSignal.abort(),
      },
    );
    await expect(run).rejects.toBeInstanceOf(AbortError);
  });
});
