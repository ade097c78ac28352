import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writePng } from '@segkit/jobs';
import { describe, expect, it } from 'vitest';
import { int32FromBase64, uint8FromBase64 } from '../../../packages/metrics/test/semantic/fixtures.js';
import { segkit } from './run-cli.js';

const FIXTURES = new URL('../../../packages/metrics/test/fixtures/', import.meta.url).pathname;
const CAMVID = new URL('../../../../shared/datasets/camvid/', import.meta.url).pathname;

describe('segkit eval instance', () => {
  it.each(['segm', 'bbox'])(
    '--iou-type %s on cocoeval_s3 prints the 12 pycocotools stats in --format json',
    (iouType) => {
      const expected = JSON.parse(readFileSync(`${FIXTURES}cocoeval_s3_expected.json`, 'utf8'))[iouType];
      const run = segkit(
        'eval',
        'instance',
        '--gt',
        `${FIXTURES}cocoeval_s3_gt.json`,
        '--dt',
        `${FIXTURES}cocoeval_s3_dt.json`,
        '--iou-type',
        iouType,
        '--format',
        'json',
      );
      expect(run.stderr).toBe('');
      const result = JSON.parse(run.stdout);
      expect(result.iouType).toBe(iouType);
      expect(result.stats).toEqual(expected.stats);
      expect(Object.keys(result.perClass[0])).toEqual([
        'id',
        'name',
        'ap',
        'ap50',
        'ap75',
        'apSmall',
        'apMedium',
        'apLarge',
        'ar100',
        'nGt',
        'nDt',
      ]);
    },
  );

  it('a detection for an image the ground truth lacks is an error naming the results file and the item', () => {
    const dir = mkdtempSync(join(tmpdir(), 'segkit-eval-'));
    const dt = join(dir, 'dt.json');
    writeFileSync(dt, JSON.stringify([{ image_id: -5, category_id: 1, bbox: [0, 0, 1, 1], score: 1 }]));
    const run = segkit('eval', 'instance', '--gt', `${FIXTURES}cocoeval_s3_gt.json`, '--dt', dt, '--iou-type', 'bbox');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/dt\.json.*-5/);
  });
});

describe('segkit eval semantic --preset cityscapes', () => {
  it('gives evalPixelLevelSemanticLabeling averages on a reference case written as PNGs', async () => {
    const fixture = JSON.parse(readFileSync(`${FIXTURES}cityscapes_eval.json`, 'utf8'));
    const c = fixture.cases.find((x: { name: string }) => x.name === 'instances');
    const dir = mkdtempSync(join(tmpdir(), 'segkit-cs-'));
    for (const [i, image] of c.images.entries()) {
      const stem = `city_${String(i).padStart(6, '0')}_000019`;
      const { h, w } = image;
      await writePng(join(dir, 'gt', `${stem}_gtFine_labelIds.png`), {
        width: w,
        height: h,
        channels: 1,
        depth: 8,
        data: uint8FromBase64(image.gt_labelIds.b64),
      });
      const instances = Uint16Array.from(int32FromBase64(image.gt_instanceIds.b64));
      await writePng(join(dir, 'gt', `${stem}_gtFine_instanceIds.png`), {
        width: w,
        height: h,
        channels: 1,
        depth: 16,
        data: instances,
      });
      await writePng(join(dir, 'pred', `${stem}_pred.png`), {
        width: w,
        height: h,
        channels: 1,
        depth: 8,
        data: uint8FromBase64(image.pred_labelIds.b64),
      });
    }
    const run = segkit(
      'eval',
      'semantic',
      '--preset',
      'cityscapes',
      '--gt',
      join(dir, 'gt'),
      '--pred',
      join(dir, 'pred'),
      '--format',
      'json',
    );
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout);
    expect(Math.abs(result.miou - c.averageScoreClasses)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(result.miiou - c.averageScoreInstClasses)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(result.categoryMiou - c.averageScoreCategories)).toBeLessThanOrEqual(1e-12);
  });
});

describe.skipIf(!existsSync(CAMVID))('segkit eval semantic on CamVid', () => {
  it('ground truth against itself: mIoU 1, and the JSON has the pinned shape', () => {
    const run = segkit(
      'eval',
      'semantic',
      '--gt',
      join(CAMVID, 'valannot'),
      '--pred',
      join(CAMVID, 'valannot'),
      '--num-classes',
      '11',
      '--ignore-index',
      '11',
      '--format',
      'json',
    );
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout);
    expect(result.miou).toBe(1);
    expect(Object.keys(result)).toEqual([
      'miou',
      'pixelAccuracy',
      'meanAccuracy',
      'fwIou',
      'perClass',
      'confusion',
      'alerts',
    ]);
    expect(result.alerts).toEqual([]);
    expect(Object.keys(result.perClass[0])).toEqual([
      'id',
      'name',
      'iou',
      'dice',
      'accuracy',
      'precision',
      'gtPixels',
      'predPixels',
    ]);
  });
});

describe('segkit eval instance --iou-type boundary', () => {
  it('boundary-iou-api numbers on cocoeval_boundary_b2', () => {
    const expected = JSON.parse(readFileSync(`${FIXTURES}cocoeval_boundary_b2_expected.json`, 'utf8'));
    const run = segkit(
      'eval',
      'instance',
      '--gt',
      `${FIXTURES}cocoeval_boundary_b2_gt.json`,
      '--dt',
      `${FIXTURES}cocoeval_boundary_b2_dt.json`,
      '--iou-type',
      'boundary',
      '--format',
      'json',
    );
    expect(run.stderr).toBe('');
    const stats = JSON.parse(run.stdout).stats as number[];
    const reference = (expected.boundary ?? expected.result ?? expected).stats as number[];
    for (const [i, value] of stats.entries()) expect(Math.abs(value - reference[i])).toBeLessThanOrEqual(1e-12);
  });
});

describe('segkit eval semantic errors', () => {
  it('a ground-truth value outside the classes names the ground-truth file, not the prediction', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'segkit-eval-gt-'));
    await mkdir(join(dir, 'gt'));
    await mkdir(join(dir, 'pred'));
    // 2x2 maps: the ground truth has a 5 with 3 classes.
    const png = (values: number[]) => ({ width: 2, height: 2, channels: 1, depth: 8, data: Uint8Array.from(values) });
    await writePng(join(dir, 'gt', 'a.png'), png([0, 1, 2, 5]));
    await writePng(join(dir, 'pred', 'a.png'), png([0, 1, 2, 2]));
    const run = segkit('eval', 'semantic', '--gt', join(dir, 'gt'), '--pred', join(dir, 'pred'), '--num-classes', '3');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `${join(dir, 'gt', 'a.png')}: ground truth value 5 at pixel 3 is not a class in [0, 3)`,
    );
    expect(run.stderr).not.toContain(join(dir, 'pred'));
  });
});

describe('segkit eval instance alerts', () => {
  it('--format json carries the alerts the text prints first, in the same order', () => {
    const args = [
      'eval',
      'instance',
      '--gt',
      `${FIXTURES}cocoeval_s3_gt.json`,
      '--dt',
      `${FIXTURES}cocoeval_s3_dt.json`,
      '--iou-type',
      'bbox',
    ];
    const text = segkit(...args).stdout.split('\n');
    const printed = text[0].startsWith('ALERTS') ? text.slice(1, text.indexOf('')).map((l) => l.trim()) : [];
    const json = JSON.parse(segkit(...args, '--format', 'json').stdout);
    expect(json.alerts.map((a: { message: string }) => a.message)).toEqual(printed);
    for (const alert of json.alerts) {
      expect(Object.keys(alert)).toEqual(['id', 'name', 'kinds', 'message']);
      for (const kind of alert.kinds) expect(['below-threshold', 'far-below-mean', 'rare-and-low']).toContain(kind);
    }
  });
});
