import { polygonToRle, rleToString } from '@segkit/core';
import { encodePng } from '@segkit/formats';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZipFile } from 'yazl';
import { CLASSES, multipart, pngBytes, type TestServer, testServer, upload } from './helpers.js';

let server: TestServer;
let manager: { id: number; token: string };
let annotator: { id: number; token: string };
beforeEach(async () => {
  server = await testServer();
  manager = await server.user('m@example.com');
  annotator = await server.user('a@example.com');
});
afterEach(async () => server.close());

async function importFiles(files: Array<{ name: string; bytes: Uint8Array }>) {
  const body = multipart(files);
  return server.app.inject({
    method: 'POST',
    url: '/api/projects/1/imports',
    headers: { ...body.headers, authorization: `Bearer ${manager.token}` },
    payload: body.payload,
  });
}

async function project(type: string) {
  await server.call(manager.token, 'POST', '/api/projects', { name: 'p', type, classes: CLASSES });
  await server.call(manager.token, 'PUT', `/api/projects/1/members/${annotator.id}`, { role: 'annotator' });
  await upload(server, manager.token, 1, [
    { name: 'a.png', bytes: pngBytes(8, 6) },
    { name: 'b.png', bytes: pngBytes(8, 6) },
  ]);
}

describe('POST /api/projects/{p}/imports', () => {
  it('imports COCO polygons as pre-labels, matched by file name; unknown classes and images are reported', async () => {
    await project('instance');
    const polygon = [1, 1, 6, 1, 6, 4, 1, 4];
    const coco = {
      images: [
        { id: 10, file_name: 'a.png', width: 8, height: 6 },
        { id: 11, file_name: 'missing.png', width: 8, height: 6 },
      ],
      annotations: [
        { id: 1, image_id: 10, category_id: 1, segmentation: [polygon], area: 15, bbox: [1, 1, 5, 3], iscrowd: 0 },
        { id: 2, image_id: 10, category_id: 7, segmentation: [polygon], area: 15, bbox: [1, 1, 5, 3], iscrowd: 0 },
      ],
      categories: [
        { id: 1, name: 'car' },
        { id: 7, name: 'boat' },
      ],
    };
    const response = await importFiles([{ name: 'pre.json', bytes: Buffer.from(JSON.stringify(coco)) }]);
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({
      format: 'coco',
      matched: 1,
      segments: 1,
      unmatched: ['missing.png'],
      skippedCount: 1,
    });
    expect(report.skipped).toEqual(["a.png: annotation 2: class 7 is not in the project's taxonomy"]);
    const doc = (await server.call(annotator.token, 'GET', '/api/images/1/annotation')).json();
    expect(doc.version).toBe(0);
    expect(doc.segments).toEqual([
      { id: 1, categoryId: 1, segmentation: { size: [6, 8], counts: rleToString(polygonToRle(polygon, 6, 8)) } },
    ]);
    // The pre-labels are the base of the first save.
    const saved = await server.call(annotator.token, 'PUT', '/api/images/1/annotation', {
      baseVersion: 0,
      segments: doc.segments,
    });
    expect(saved.json()).toEqual({ version: 1 });
  });

  it('imports a zip of class-index PNG masks into a semantic project, one segment per class', async () => {
    await project('semantic');
    const data = new Uint8Array(48).fill(255);
    data.fill(1, 0, 8); // the top row: class 1
    data.fill(2, 40, 48); // the bottom row: class 2
    const zip = new ZipFile();
    zip.addBuffer(Buffer.from(encodePng({ width: 8, height: 6, channels: 1, depth: 8, data })), 'masks/b.png');
    zip.end();
    const chunks: Buffer[] = [];
    for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
    const body = multipart([{ name: 'masks.zip', bytes: Buffer.concat(chunks) }]);
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/projects/1/imports',
      headers: { ...body.headers, authorization: `Bearer ${manager.token}` },
      payload: body.payload,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ format: 'png', matched: 1, segments: 2, unmatched: [] });
    const doc = (await server.call(annotator.token, 'GET', '/api/images/2/annotation')).json();
    expect(doc.segments.map((s: { categoryId: number }) => s.categoryId).sort()).toEqual([1, 2]);
  });

  it('annotators may not import (403)', async () => {
    await project('instance');
    const body = multipart([{ name: 'pre.json', bytes: Buffer.from('{}') }]);
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/projects/1/imports',
      headers: { ...body.headers, authorization: `Bearer ${annotator.token}` },
      payload: body.payload,
    });
    expect(response.statusCode).toBe(403);
  });
});
