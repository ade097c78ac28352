import { encode, rleToString } from '@segkit/core';
import { decodePng } from '@segkit/formats';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLASSES, pngBytes, type TestServer, testServer, unzip, upload } from './helpers.js';

let server: TestServer;
beforeEach(async () => {
  server = await testServer();
});
afterEach(async () => server.close());

function mask(h: number, w: number, pixels: number[]) {
  const data = new Uint8Array(h * w);
  for (const p of pixels) data[p] = 1;
  return { size: [h, w] as [number, number], counts: rleToString(encode({ height: h, width: w, data })) };
}

/** A semantic project: 3 images (the third gold), a batch of the first two for one annotator. */
async function semanticProject(deliveryFormat: string) {
  const manager = await server.user('m@example.com');
  const annotator = await server.user('a@example.com');
  await server.call(manager.token, 'POST', '/api/projects', {
    name: 'roads',
    type: 'semantic',
    classes: CLASSES,
    deliveryFormat,
  });
  await server.call(manager.token, 'PUT', `/api/projects/1/members/${annotator.id}`, { role: 'annotator' });
  await upload(
    server,
    manager.token,
    1,
    [0, 1, 2].map((i) => ({ name: `${i}.png`, bytes: pngBytes(3, 2) })),
  );
  await server.call(manager.token, 'PUT', '/api/images/3/gold', {
    segments: [{ id: 1, categoryId: 1, segmentation: mask(2, 3, [0, 1, 2]) }],
  });
  const batch = await server.call(manager.token, 'POST', '/api/projects/1/batches', {
    name: 'b',
    imageIds: [1, 2],
    assignees: [annotator.id],
    honeypotShare: 1,
  });
  expect(batch.json().honeypots).toEqual([3]);
  // Image 1 (row-major pixel indices): class 1 on pixels 0, 1 (top row), class 2 on pixels 4, 5 (bottom row).
  await server.call(annotator.token, 'PUT', '/api/images/1/annotation', {
    baseVersion: 0,
    segments: [
      { id: 1, categoryId: 1, segmentation: mask(2, 3, [0, 1]) },
      { id: 2, categoryId: 2, segmentation: mask(2, 3, [4, 5]) },
    ],
  });
  await server.call(annotator.token, 'PUT', '/api/images/3/annotation', {
    baseVersion: 0,
    segments: [{ id: 1, categoryId: 1, segmentation: mask(2, 3, [0, 1]) }],
  });
  return { manager, annotator };
}

async function runExport(token: string, body: object) {
  const started = await server.call(token, 'POST', '/api/projects/1/exports', body);
  expect(started.statusCode).toBe(202);
  await server.ctx.queue.idle();
  const job = (await server.call(token, 'GET', `/api/jobs/${started.json().jobId}`)).json();
  expect(job.state).toBe('done');
  expect(job.progress).toBe(1);
  const download = await server.call(token, 'GET', job.result.downloadUrl);
  expect(download.headers['content-type']).toBe('application/zip');
  return unzip(download.rawPayload);
}

describe('exports', () => {
  it('a png export holds a class-index PNG per image (honeypots left out, unlabelled = ignoreIndex), qa.json and report.html', async () => {
    const { manager } = await semanticProject('png');
    const files = await runExport(manager.token, {});
    const pngs = [...files.keys()].filter((name) => name.endsWith('.png')).sort();
    expect(pngs).toEqual(['0.png', '1.png']);
    const first = decodePng(files.get('0.png') as Buffer, '0.png');
    // Row-major 2×3: the rest unlabelled (the project's ignoreIndex, 255).
    expect(Array.from(first.data)).toEqual([1, 1, 255, 255, 2, 2]);
    const second = decodePng(files.get('1.png') as Buffer, '1.png');
    expect(Array.from(second.data)).toEqual([255, 255, 255, 255, 255, 255]);
    const qa = JSON.parse((files.get('qa.json') as Buffer).toString());
    const live = (await server.call(manager.token, 'GET', '/api/projects/1/qa')).json();
    expect(qa).toEqual({ perAnnotator: live.perAnnotator, project: live.project });
    expect((files.get('report.html') as Buffer).toString()).toContain('<html');
  });

  it('a coco-rle export of gold holds the gold masks as stored', async () => {
    const { manager } = await semanticProject('coco-rle');
    const files = await runExport(manager.token, { source: 'gold' });
    const coco = JSON.parse((files.get('annotations.json') as Buffer).toString());
    expect(coco.images.map((i: { file_name: string }) => i.file_name)).toEqual(['2.png']);
    expect(coco.annotations).toHaveLength(1);
    expect(coco.annotations[0].segmentation).toEqual(mask(2, 3, [0, 1, 2]));
    expect(coco.annotations[0].area).toBe(3);
    expect(coco.categories.map((c: { id: number }) => c.id)).toEqual([0, 1, 2]);
  });

  it('export jobs are for managers: annotators get 403 on POST and GET', async () => {
    const { manager, annotator } = await semanticProject('png');
    expect((await server.call(annotator.token, 'POST', '/api/projects/1/exports', {})).statusCode).toBe(403);
    const started = await server.call(manager.token, 'POST', '/api/projects/1/exports', {});
    await server.ctx.queue.idle();
    expect((await server.call(annotator.token, 'GET', `/api/jobs/${started.json().jobId}`)).statusCode).toBe(403);
  });
});

describe('GET /api/projects/{p}/delivery-loss', () => {
  it('measures what PNG delivery loses on an instance project: two overlapping cars become one class region', async () => {
    const manager = await server.user('m@example.com');
    await server.call(manager.token, 'POST', '/api/projects', {
      name: 'cars',
      type: 'instance',
      classes: CLASSES,
      deliveryFormat: 'png',
    });
    await upload(server, manager.token, 1, [{ name: 'a.png', bytes: pngBytes(3, 2) }]);
    await server.call(manager.token, 'PUT', '/api/images/1/annotation', {
      baseVersion: 0,
      segments: [
        { id: 1, categoryId: 1, segmentation: mask(2, 3, [0, 1]) },
        { id: 2, categoryId: 2, segmentation: mask(2, 3, [1, 2]) },
      ],
    });
    const loss = (await server.call(manager.token, 'GET', '/api/projects/1/delivery-loss')).json();
    expect(loss.format).toBe('png');
    expect(loss.holds.instances).toBe(false);
    expect(loss.images).toBe(1);
    expect(loss.report.lossless).toBe(false);
    const coco = (await server.call(manager.token, 'GET', '/api/projects/1/delivery-loss?format=coco-rle')).json();
    expect(coco.report.lossless).toBe(true);
  });
});
