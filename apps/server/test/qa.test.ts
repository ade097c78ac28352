/**
 * Batch QA is exactly what `segkit eval ... --format json` prints for the same labels: each case
 * writes the gold and annotator documents as the files the CLI reads (class-index PNGs, COCO JSON,
 * COCO panoptic PNGs + JSON), runs the CLI's eval job on them, and compares with the server's QA.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode, mulberry32, rleToString } from '@segkit/core';
import { segmentIdsToPng } from '@segkit/formats';
import { evalInstance, evalPanoptic, evalSemantic, writePng } from '@segkit/jobs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closePool } from '../src/workers/pool.js';
import { CLASSES, pngBytes, type TestServer, testServer, upload } from './helpers.js';

const H = 12;
const W = 16;

let server: TestServer;
let folder: string;
beforeEach(async () => {
  server = await testServer();
  folder = await mkdtemp(join(tmpdir(), 'segkit-qa-'));
});
afterEach(async () => {
  await server.close();
  await rm(folder, { recursive: true, force: true });
});

interface Doc {
  // class per pixel (row-major), -1 unlabelled; and instance per pixel for instance/panoptic
  classes: Int32Array;
  instances: Int32Array;
}

/** A seeded random labelling: a few rectangles, each a class and an instance, painted in order. */
function randomDoc(random: () => number, covered: boolean, classIds: number[]): Doc {
  const classes = new Int32Array(H * W).fill(covered ? classIds[0] : -1);
  const instances = new Int32Array(H * W).fill(covered ? 1 : 0);
  const count = 2 + Math.floor(random() * 4);
  for (let k = 0; k < count; k++) {
    const x = Math.floor(random() * W);
    const y = Math.floor(random() * H);
    const w = 1 + Math.floor(random() * (W - x));
    const h = 1 + Math.floor(random() * (H - y));
    const c = classIds[Math.floor(random() * classIds.length)];
    for (let r = y; r < y + h; r++) {
      for (let q = x; q < x + w; q++) {
        classes[r * W + q] = c;
        instances[r * W + q] = k + 2;
      }
    }
  }
  return { classes, instances };
}

/** One segment per (class, instance) present, as compressed RLE; semantic: one per class; panoptic: stuff per class. */
function segments(doc: Doc, perInstance: boolean | 'things') {
  const isThing = new Map(CLASSES.map((c) => [c.id, c.isthing]));
  const keys = new Map<string, { categoryId: number; mask: Uint8Array }>();
  for (let i = 0; i < H * W; i++) {
    if (doc.classes[i] < 0) continue;
    const split = perInstance === true || (perInstance === 'things' && isThing.get(doc.classes[i]));
    const key = split ? `${doc.classes[i]}:${doc.instances[i]}` : `${doc.classes[i]}`;
    let entry = keys.get(key);
    if (entry === undefined) {
      entry = { categoryId: doc.classes[i], mask: new Uint8Array(H * W) };
      keys.set(key, entry);
    }
    entry.mask[i] = 1;
  }
  return [...keys.values()].map((entry, index) => ({
    id: index + 1,
    categoryId: entry.categoryId,
    segmentation: {
      size: [H, W] as [number, number],
      counts: rleToString(encode({ height: H, width: W, data: entry.mask })),
    },
  }));
}

async function setUp(type: 'semantic' | 'instance' | 'panoptic', seed: number, perInstance: boolean | 'things') {
  const manager = await server.user('m@example.com');
  const a1 = await server.user('a1@example.com');
  const a2 = await server.user('a2@example.com');
  await server.call(manager.token, 'POST', '/api/projects', { name: 'qa', type, classes: CLASSES });
  for (const user of [a1, a2])
    await server.call(manager.token, 'PUT', `/api/projects/1/members/${user.id}`, { role: 'annotator' });
  const files = Array.from({ length: 4 }, (_, i) => ({ name: `img${i}.png`, bytes: pngBytes(W, H) }));
  const ids: number[] = (await upload(server, manager.token, 1, files)).json().images.map((i: { id: number }) => i.id);
  const random = mulberry32(seed);
  const classIds = CLASSES.map((c) => c.id);
  const gold = ids.slice(0, 3).map(() => randomDoc(random, type !== 'semantic', classIds));
  for (const [k, id] of ids.slice(0, 3).entries()) {
    const response = await server.call(manager.token, 'PUT', `/api/images/${id}/gold`, {
      segments: segments(gold[k], perInstance),
    });
    expect(response.statusCode).toBe(200);
  }
  const batch = await server.call(manager.token, 'POST', '/api/projects/1/batches', {
    name: 'b',
    imageIds: [ids[3]],
    assignees: [a1.id, a2.id],
    honeypotShare: 1,
  });
  expect(batch.json().honeypots).toHaveLength(1);
  // Annotators label every gold image (fully covered where the CLI needs it).
  const docs = new Map<number, Doc[]>();
  for (const user of [a1, a2]) {
    const list = ids.slice(0, 3).map(() => randomDoc(random, true, classIds));
    docs.set(user.id, list);
    for (const [k, id] of ids.slice(0, 3).entries()) {
      const saved = await server.call(user.token, 'PUT', `/api/images/${id}/annotation`, {
        baseVersion: 0,
        segments: segments(list[k], perInstance),
      });
      expect(saved.statusCode).toBe(200);
    }
  }
  return { manager, users: [a1, a2], ids, gold, docs, honeypot: batch.json().honeypots[0] as number };
}

describe('QA equals segkit eval on the same labels', () => {
  it('semantic (seed 11): GET /api/projects/{p}/qa per annotator equals eval semantic on class-index PNGs', async () => {
    const { manager, users, gold, docs } = await setUp('semantic', 11, false);
    const qa = (await server.call(manager.token, 'GET', '/api/projects/1/qa')).json();
    expect(qa.perAnnotator.map((a: { userId: number; images: number }) => [a.userId, a.images])).toEqual(
      users.map((u) => [u.id, 3]),
    );
    for (const [index, user] of users.entries()) {
      const gt = join(folder, `gt${index}`);
      const pred = join(folder, `pred${index}`);
      for (let k = 0; k < 3; k++) {
        const toPng = (doc: Doc, empty: number) => ({
          width: W,
          height: H,
          channels: 1,
          depth: 8,
          data: Uint8Array.from(doc.classes, (c) => (c < 0 ? empty : c)),
        });
        await writePng(join(gt, `${k}.png`), toPng(gold[k], 255));
        await writePng(join(pred, `${k}.png`), toPng((docs.get(user.id) as Doc[])[k], 0));
      }
      const cli = await evalSemantic({ gt, pred, numClasses: 3, ignoreIndex: 255, classes: await names() });
      expect(qa.perAnnotator[index].report).toEqual(cli.json);
    }
  });

  it('instance (seed 5): batch QA per assignee equals eval instance on COCO JSON', async () => {
    const { manager, users, ids, gold, docs, honeypot } = await setUp('instance', 5, true);
    const qa = (await server.call(manager.token, 'GET', '/api/batches/1/qa')).json();
    const k = ids.indexOf(honeypot);
    for (const [index, user] of users.entries()) {
      const gtPath = join(folder, `gt${index}.json`);
      const dtPath = join(folder, `dt${index}.json`);
      const gtSegments = segments(gold[k], true);
      await writeFile(
        gtPath,
        JSON.stringify({
          images: [{ id: 1, width: W, height: H, file_name: 'x.png' }],
          annotations: gtSegments.map((s) => ({
            id: s.id,
            image_id: 1,
            category_id: s.categoryId,
            segmentation: s.segmentation,
            area: area(s),
            bbox: [0, 0, 1, 1],
            iscrowd: 0,
          })),
          categories: CLASSES.map((c) => ({ id: c.id, name: c.name })),
        }),
      );
      await writeFile(
        dtPath,
        JSON.stringify(
          segments((docs.get(user.id) as Doc[])[k], true).map((s) => ({
            image_id: 1,
            category_id: s.categoryId,
            segmentation: s.segmentation,
            score: 1,
          })),
        ),
      );
      const cli = await evalInstance({ gt: gtPath, dt: dtPath, threads: 1 });
      expect(qa.perAnnotator[index].images).toBe(1);
      expect(qa.perAnnotator[index].report).toEqual(cli.json);
    }
  });

  it('panoptic (seed 3): project QA per annotator equals eval panoptic on COCO panoptic PNGs and JSON', async () => {
    const { manager, users, gold, docs } = await setUp('panoptic', 3, 'things');
    const qa = (await server.call(manager.token, 'GET', '/api/projects/1/qa')).json();
    for (const [index, user] of users.entries()) {
      const write = async (name: string, list: Doc[]) => {
        const annotations = [];
        for (let k = 0; k < 3; k++) {
          const segs = segments(list[k], 'things');
          const ids = new Uint32Array(H * W);
          for (const s of segs) {
            const mask = decodeRle(s.segmentation.counts);
            for (let i = 0; i < H * W; i++) if (mask[i]) ids[i] = s.id;
          }
          await writePng(join(folder, name, `${k}.png`), segmentIdsToPng({ height: H, width: W, data: ids }));
          annotations.push({
            image_id: k + 1,
            file_name: `${k}.png`,
            segments_info: segs.map((s) => ({ id: s.id, category_id: s.categoryId, iscrowd: 0, area: area(s) })),
          });
        }
        await writeFile(
          join(folder, `${name}.json`),
          JSON.stringify({
            images: [0, 1, 2].map((k) => ({ id: k + 1, width: W, height: H, file_name: `${k}.png` })),
            annotations,
            categories: CLASSES.map((c) => ({ id: c.id, name: c.name, isthing: c.isthing ? 1 : 0 })),
          }),
        );
      };
      await write(`gt${index}`, gold);
      await write(`pred${index}`, docs.get(user.id) as Doc[]);
      const cli = await evalPanoptic({
        gt: join(folder, `gt${index}.json`),
        pred: join(folder, `pred${index}.json`),
        threads: 1,
      });
      expect(qa.perAnnotator[index].report).toEqual(cli.json);
    }
  });

  it('semantic: pixels an annotator left unlabelled are misses of the gold class (hand-checked)', async () => {
    const manager = await server.user('m@example.com');
    const a1 = await server.user('a1@example.com');
    await server.call(manager.token, 'POST', '/api/projects', {
      name: 'qa',
      type: 'semantic',
      classes: CLASSES.slice(0, 2),
    });
    await server.call(manager.token, 'PUT', `/api/projects/1/members/${a1.id}`, { role: 'annotator' });
    await upload(server, manager.token, 1, [{ name: 'a.png', bytes: pngBytes(2, 2) }]);
    // gold: column 0 class 0, column 1 class 1; annotator: only the top-left pixel, class 0.
    const mask = (pixels: number[]) => {
      const data = new Uint8Array(4);
      for (const p of pixels) data[p] = 1;
      return { size: [2, 2], counts: rleToString(encode({ height: 2, width: 2, data })) };
    };
    await server.call(manager.token, 'PUT', '/api/images/1/gold', {
      segments: [
        { id: 1, categoryId: 0, segmentation: mask([0, 2]) },
        { id: 2, categoryId: 1, segmentation: mask([1, 3]) },
      ],
    });
    await server.call(a1.token, 'PUT', '/api/images/1/annotation', {
      baseVersion: 0,
      segments: [{ id: 1, categoryId: 0, segmentation: mask([0]) }],
    });
    const qa = (await server.call(manager.token, 'GET', '/api/projects/1/qa')).json();
    const report = qa.perAnnotator[0].report;
    // class 0: I = 1, L = 2, P = 1 → IoU 1/2; class 1: I = 0, L = 2, P = 0 → IoU 0; accuracy 1/4.
    expect(report.perClass.map((c: { iou: number }) => c.iou)).toEqual([0.5, 0]);
    expect(report.pixelAccuracy).toBe(0.25);
    expect(report.miou).toBe(0.25);
    expect(report.alerts.length).toBeGreaterThan(0);
  });
});

afterEach(async () => closePool());

function area(segment: { segmentation: { counts: string } }): number {
  let n = 0;
  for (const v of decodeRle(segment.segmentation.counts)) n += v;
  return n;
}

function decodeRle(counts: string): Uint8Array {
  // Row-major mask of a compressed RLE of this test's size.
  const { decode, rleFromString } = coreDecode;
  return decode(rleFromString(counts, H, W)).data;
}

async function names(): Promise<string> {
  const path = join(folder, 'names.txt');
  await writeFile(path, `${CLASSES.map((c) => c.name).join('\n')}\n`);
  return path;
}

import * as coreDecode from '@segkit/core';

describe('QA on submit', () => {
  it('submitting keeps the batch QA as of then; GET /api/projects/{p}/qa/history lists it per batch', async () => {
    const { manager, users } = await setUp('instance', 9, true);
    expect((await server.call(users[0].token, 'POST', '/api/batches/1/submit')).statusCode).toBe(200);
    await server.ctx.queue.idle();
    const live = (await server.call(manager.token, 'GET', '/api/batches/1/qa')).json();
    const history = (await server.call(manager.token, 'GET', '/api/projects/1/qa/history')).json();
    expect(history.batches).toHaveLength(1);
    expect(history.batches[0]).toMatchObject({ batchId: 1, name: 'b' });
    expect(history.batches[0].batch).toEqual(live.batch);
    expect((await server.call(users[0].token, 'GET', '/api/projects/1/qa/history')).statusCode).toBe(403);
  });
});
