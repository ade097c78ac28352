import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePng, encodePng } from '@segkit/formats';
import { describe, expect, it } from 'vitest';
import { evalPanoptic } from '../../src/eval/panoptic.js';

const REFERENCE = new URL('../../../../../shared/fixtures/reference/', import.meta.url).pathname;
const SAMPLE = join(REFERENCE, 'panoptic/coco_sample');
const present = existsSync(join(SAMPLE, 'gt.json'));
if (!present) console.warn(`NOTICE: ${SAMPLE} is absent; the COCO panoptic sample tests are skipped`);

interface ReferenceCase {
  dataset: string;
  prediction: string;
  result: { All: { pq: number; n: number }; per_class: Record<string, { pq: number }>; per_class_raw: object };
}
const reference = (prediction: string): ReferenceCase['result'] => {
  const cases = JSON.parse(readFileSync(join(REFERENCE, 'panoptic.json'), 'utf8')).cases as ReferenceCase[];
  const found = cases.find((c) => c.dataset === 'coco_sample' && c.prediction === prediction);
  if (found === undefined) throw new Error(`no coco_sample/${prediction} case in panoptic.json`);
  return found.result;
};

/**
 * The COCO sample's ground truth as a prediction, with the one "sports ball" segment (id 16757838,
 * category 37, image 142238) painted void and left out of segments_info: the class is removed.
 */
function predictionWithoutSportsBall(): { json: string; dir: string } {
  const root = mkdtempSync(join(tmpdir(), 'segkit-removed-'));
  const dir = join(root, 'pred');
  mkdirSync(dir);
  const gt = JSON.parse(readFileSync(join(SAMPLE, 'gt.json'), 'utf8'));
  for (const annotation of gt.annotations) {
    const from = join(SAMPLE, 'gt', annotation.file_name);
    if (annotation.image_id !== 142238) {
      copyFileSync(from, join(dir, annotation.file_name));
      continue;
    }
    const png = decodePng(readFileSync(from), from);
    const data = png.data as Uint8Array;
    let painted = 0;
    for (let p = 0; p < data.length; p += 3) {
      if (data[p] + 256 * data[p + 1] + 65536 * data[p + 2] !== 16757838) continue;
      data[p] = data[p + 1] = data[p + 2] = 0;
      painted++;
    }
    if (painted === 0) throw new Error('the sports ball segment was not found');
    writeFileSync(join(dir, annotation.file_name), encodePng(png));
    annotation.segments_info = annotation.segments_info.filter((s: { id: number }) => s.id !== 16757838);
  }
  const json = join(root, 'pred.json');
  writeFileSync(json, JSON.stringify(gt));
  return { json, dir };
}

describe.skipIf(!present)('evalPanoptic on the COCO panoptic sample (2 images, 133 categories)', () => {
  it.each([
    ['the ground truth itself', 'gt'],
    ['the re-encoded ground truth (pred_identity)', 'pred_identity'],
  ])('evalPanoptic(gt against %s) is PQ 1 and alerts nothing', async (_, pred) => {
    const report = await evalPanoptic({ gt: join(SAMPLE, 'gt.json'), pred: join(SAMPLE, `${pred}.json`) });
    expect(report.json.all).toEqual(reference('identity').All);
    expect(report.alerts).toEqual([]);
    expect(report.json.alerts).toEqual([]);
  });

  it('evalPanoptic marks the 125 classes on neither side absent, keeping panopticapi 0.0 for them', async () => {
    const report = await evalPanoptic({ gt: join(SAMPLE, 'gt.json'), pred: join(SAMPLE, 'pred_identity.json') });
    const ref = reference('identity');
    const touched = new Set(Object.keys(ref.per_class_raw).map(Number));
    const perClass = report.json.perClass as { id: number; pq: number; absent?: boolean }[];
    expect(perClass).toHaveLength(133);
    for (const c of perClass) {
      expect(c.pq).toBe(ref.per_class[String(c.id)].pq);
      if (touched.has(c.id)) expect(c).not.toHaveProperty('absent');
      else expect(c.absent).toBe(true);
    }
    expect(report.absent).toHaveLength(133 - touched.size);
    expect(report.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual([...touched].sort((a, b) => a - b));
  });

  it('evalPanoptic alerts a removed class first and alone', async () => {
    const pred = predictionWithoutSportsBall();
    const report = await evalPanoptic({ gt: join(SAMPLE, 'gt.json'), pred: pred.json, predDir: pred.dir });
    // Sports ball has 1 of the 50 ground-truth segments and PQ 0; the 7 other present classes PQ 1:
    // mean 7 / 8 = 0.875, and 0 < 0.75 · 0.875.
    expect(report.json.alerts).toEqual([
      {
        id: 37,
        name: 'sports ball',
        kinds: ['below-threshold', 'far-below-mean'],
        message:
          'class 37 sports ball: below 0.5, far below the mean (PQ 0.0000, mean 0.8750, 2.00% of ground-truth segments)',
      },
    ]);
    expect(report.rows[0].id).toBe(37);
  });

  it('evalPanoptic on pred_b alerts only classes the reference scores, worst first', async () => {
    const report = await evalPanoptic({ gt: join(SAMPLE, 'gt.json'), pred: join(SAMPLE, 'pred_b.json') });
    const ref = reference('b');
    const touched = Object.keys(ref.per_class_raw).map(Number);
    const low = touched.filter((id) => ref.per_class[String(id)].pq < 0.5);
    const alerted = report.alerts.map((a) => a.id);
    for (const id of alerted) expect(touched).toContain(id);
    for (const id of low) expect(alerted).toContain(id);
    const pqOf = (id: number) => ref.per_class[String(id)].pq;
    expect(alerted.map(pqOf)).toEqual(alerted.map(pqOf).sort((a, b) => a - b));
  });
});
