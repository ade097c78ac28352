import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evalSemantic } from '../../src/eval/semantic.js';
import { writePng } from '../../src/io/png-file.js';

/** A folder pair gt/ and pred/ of one-channel PNGs drawn as grids (one digit a pixel). */
async function dataset(images: Record<string, { gt: string[]; pred: string[] }>) {
  const root = mkdtempSync(join(tmpdir(), 'segkit-semantic-'));
  for (const side of ['gt', 'pred'] as const) {
    mkdirSync(join(root, side));
    for (const [name, grids] of Object.entries(images)) {
      const rows = grids[side];
      const data = Uint8Array.from(rows.join('').split(''), Number);
      await writePng(join(root, side, name), {
        width: rows[0].length,
        height: rows.length,
        channels: 1,
        depth: 8,
        data,
      });
    }
  }
  return { gt: join(root, 'gt'), pred: join(root, 'pred') };
}

// 128 labelled pixels; class 2 has 1 of them (0.78%, under the 1% rare share); class 3 is on neither side.
const GT = ['00000000', '00000000', '00000000', '00000002', '11111111', '11111111', '11111111', '11111111'];
const PERFECT = GT;
const MISSED = ['00000000', '00000000', '00000000', '00000000', '11111111', '11111111', '11111111', '11111111'];
const IMAGE_B = ['00000000', '00000000', '00000000', '00000000', '11111111', '11111111', '11111111', '11111111'];

describe('evalSemantic alerts', () => {
  it('evalSemantic: a rare class predicted right is a note, not an alert; the absent class is listed apart', async () => {
    const dirs = await dataset({ 'a.png': { gt: GT, pred: PERFECT }, 'b.png': { gt: IMAGE_B, pred: IMAGE_B } });
    const report = await evalSemantic({ ...dirs, numClasses: 4, classes: undefined });
    expect(report.alerts).toEqual([]);
    expect(report.json.alerts).toEqual([]);
    expect(report.rows.map((r) => [r.id, r.rare])).toEqual([
      [0, false],
      [1, false],
      [2, true],
    ]);
    expect(report.absent.map((r) => r.id)).toEqual([3]);
    const perClass = report.json.perClass as { id: number; iou: number | null; absent?: boolean }[];
    expect(perClass.map((c) => c.absent ?? false)).toEqual([false, false, false, true]);
    expect(perClass[3].iou).toBeNull(); // mmseg's NaN, unchanged
  });

  it('evalSemantic: a rare class predicted wrong is alerted rare-and-low, first', async () => {
    const dirs = await dataset({ 'a.png': { gt: GT, pred: MISSED }, 'b.png': { gt: IMAGE_B, pred: IMAGE_B } });
    const report = await evalSemantic({ ...dirs, numClasses: 4 });
    // class 0: 63 / 64 IoU; class 1: 64 / 64; class 2: 0 / 1. Mean of the present = (63/64 + 1 + 0) / 3 = 0.6615.
    expect(report.json.alerts).toEqual([
      {
        id: 2,
        name: '2',
        kinds: ['below-threshold', 'far-below-mean', 'rare-and-low'],
        message: 'class 2 2: below 0.5, far below the mean, rare (IoU 0.0000, mean 0.6615, 0.78% of labelled pixels)',
      },
    ]);
  });

  it('evalSemantic: a ground-truth value outside the classes names the ground-truth file', async () => {
    const bad = ['00', '07'];
    const dirs = await dataset({ 'a.png': { gt: bad, pred: ['00', '00'] } });
    const run = evalSemantic({ ...dirs, numClasses: 4, ignoreIndex: 255 });
    await expect(run).rejects.toMatchObject({
      code: 'INVALID_MASK',
      context: [join(dirs.gt, 'a.png')],
      message: `${join(dirs.gt, 'a.png')}: ground truth value 7 at pixel 3 is not a class in [0, 4) or the ignore index 255`,
    });
  });

  it('evalSemantic: a predicted value outside the classes still names the prediction file', async () => {
    const dirs = await dataset({ 'a.png': { gt: ['00', '00'], pred: ['00', '09'] } });
    await expect(evalSemantic({ ...dirs, numClasses: 4 })).rejects.toMatchObject({
      context: [join(dirs.pred, 'a.png')],
    });
  });
});

const CAMVID = new URL('../../../../../shared/datasets/camvid/', import.meta.url).pathname;
const camvid = existsSync(join(CAMVID, 'valannot'));
if (!camvid) console.warn(`NOTICE: ${CAMVID} is absent; the CamVid abort test is skipped`);

describe('evalSemantic with hooks', () => {
  it('evalSemantic reports progress image by image', async () => {
    const dirs = await dataset({
      'a.png': { gt: GT, pred: GT },
      'b.png': { gt: IMAGE_B, pred: IMAGE_B },
      'c.png': { gt: IMAGE_B, pred: IMAGE_B },
    });
    const seen: [number, number][] = [];
    await evalSemantic({ ...dirs, numClasses: 4 }, { onProgress: (done, total) => seen.push([done, total]) });
    expect(seen).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });

  it('evalSemantic aborted after its first image rejects with an AbortError and reads no further image', async () => {
    const dirs = await dataset({
      'a.png': { gt: GT, pred: GT },
      'b.png': { gt: IMAGE_B, pred: IMAGE_B },
      // Never read: an invalid file that would fail the job with another error if it were.
      'c.png': { gt: ['9'], pred: ['0'] },
    });
    const controller = new AbortController();
    const seen: number[] = [];
    const run = evalSemantic(
      { ...dirs, numClasses: 4 },
      {
        signal: controller.signal,
        onProgress: (done) => {
          seen.push(done);
          controller.abort();
        },
      },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError', code: 'ABORT_ERR' });
    expect(seen).toEqual([1]);
  });

  it('evalSemantic with an already aborted signal starts nothing', async () => {
    const seen: number[] = [];
    const run = evalSemantic(
      { gt: '/nonexistent/gt', pred: '/nonexistent/pred', numClasses: 4 },
      { signal: AbortSignal.abort(), onProgress: (done) => seen.push(done) },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toEqual([]);
  });

  it.skipIf(!camvid)('evalSemantic on CamVid valannot aborted after 3 of 8 images reports 3 and stops', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const run = evalSemantic(
      { gt: join(CAMVID, 'valannot'), pred: join(CAMVID, 'valannot'), numClasses: 11, ignoreIndex: 11, threads: 1 },
      {
        signal: controller.signal,
        onProgress: (done) => {
          seen.push(done);
          if (done === 3) controller.abort(new Error('user stop'));
        },
      },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError', cause: new Error('user stop') });
    expect(seen).toEqual([1, 2, 3]);
  });
});
