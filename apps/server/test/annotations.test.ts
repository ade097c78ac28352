import { encode, rleToString } from '@segkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLASSES, pngBytes, type TestServer, testServer, upload } from './helpers.js';

let server: TestServer;
let manager: { id: number; token: string };
let annotator: { id: number; token: string };
let reviewer: { id: number; token: string };

/** A compressed RLE of a `height` × `width` mask with the box [x, y, w, h] set. */
function box(height: number, width: number, [x, y, w, h]: [number, number, number, number]) {
  const data = new Uint8Array(height * width);
  for (let r = y; r < y + h; r++) data.fill(1, r * width + x, r * width + x + w);
  return { size: [height, width] as [number, number], counts: rleToString(encode({ height, width, data })) };
}

async function project(type: 'semantic' | 'instance' | 'panoptic'): Promise<number> {
  const created = await server.call(manager.token, 'POST', '/api/projects', { name: type, type, classes: CLASSES });
  const id = created.json().id as number;
  await server.call(manager.token, 'PUT', `/api/projects/${id}/members/${annotator.id}`, { role: 'annotator' });
  await server.call(manager.token, 'PUT', `/api/projects/${id}/members/${reviewer.id}`, { role: 'reviewer' });
  const images = await upload(server, manager.token, id, [{ name: `${type}.png`, bytes: pngBytes(20, 10) }]);
  return images.json().images[0].id as number;
}

beforeEach(async () => {
  server = await testServer();
  manager = await server.user('mia@example.com');
  annotator = await server.user('ann@example.com');
  reviewer = await server.user('rev@example.com');
});
afterEach(async () => server.close());

describe('annotations', () => {
  it('a document never saved reads as version 0 with no segments; each save is the next version', async () => {
    const image = await project('instance');
    const empty = await server.call(annotator.token, 'GET', `/api/images/${image}/annotation`);
    expect(empty.json()).toEqual({ version: 0, updatedAt: null, userId: annotator.id, segments: [] });
    const segments = [{ id: 1, categoryId: 1, segmentation: box(10, 20, [0, 0, 5, 5]) }];
    const saved = await server.call(annotator.token, 'PUT', `/api/images/${image}/annotation`, {
      baseVersion: 0,
      segments,
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({ version: 1 });
    const second = await server.call(annotator.token, 'PUT', `/api/images/${image}/annotation`, {
      baseVersion: 1,
      segments: [...segments, { id: 2, categoryId: 2, segmentation: box(10, 20, [3, 3, 5, 5]), iscrowd: 1 }],
    });
    expect(second.json()).toEqual({ version: 2 });
    const read = await server.call(annotator.token, 'GET', `/api/images/${image}/annotation`);
    expect(read.json().version).toBe(2);
    expect(read.json().segments).toHaveLength(2);
    const first = await server.call(annotator.token, 'GET', `/api/images/${image}/annotation?version=1`);
    expect(first.json().segments).toEqual(segments);
    const versions = await server.call(annotator.token, 'GET', `/api/images/${image}/annotation/versions`);
    expect(versions.json().versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    // Restoring version 1 is saving it again, as version 3.
    const restored = await server.call(annotator.token, 'PUT', `/api/images/${image}/annotation`, {
      baseVersion: 2,
      segments: first.json().segments,
    });
    expect(restored.json()).toEqual({ version: 3 });
  });

  it('a stale baseVersion gets 409 with currentVersion and writes nothing', async () => {
    const image = await project('instance');
    const segments = [{ id: 1, categoryId: 1, segmentation: box(10, 20, [0, 0, 5, 5]) }];
    await server.call(annotator.token, 'PUT', `/api/images/${image}/annotation`, { baseVersion: 0, segments });
    const stale = await server.call(annotator.token, 'PUT', `/api/images/${image}/annotation`, {
      baseVersion: 0,
      segments: [],
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().currentVersion).toBe(1);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    const read = await server.call(annotator.token, 'GET', `/api/images/${image}/annotation`);
    expect(read.json().version).toBe(1);
    expect(read.json().segments).toEqual(segments);
  });

  it('concurrent saves on one base version: exactly one lands, the others get 409', async () => {
    const image = await project('instance');
    const saves = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        server.call(annotator.token, 'PUT', `/api/images/${image}/annotation`, {
          baseVersion: 0,
          segments: [{ id: 1, categoryId: 1, segmentation: box(10, 20, [i, 0, 1, 1]) }],
        }),
      ),
    );
    expect(saves.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(saves.filter((r) => r.statusCode === 409)).toHaveLength(9);
  });

  it.each([
    [
      'an RLE of another size',
      { id: 1, categoryId: 1, segmentation: box(20, 10, [0, 0, 1, 1]) },
      'SIZE_MISMATCH',
      "segment 0 (id 1): mask size [20, 10] is not image 1's [10, 20]",
    ],
    [
      'an unknown class id',
      { id: 1, categoryId: 9, segmentation: box(10, 20, [0, 0, 1, 1]) },
      'UNKNOWN_CLASS',
      "segment 0 (id 1): class id 9 is not in the project's taxonomy",
    ],
    [
      'a broken counts string',
      { id: 1, categoryId: 1, segmentation: { size: [10, 20], counts: '!!' } },
      'INVALID_RLE',
      'segment 0 (id 1): ',
    ],
  ])('refuses %s with 422 naming the segment, and stores nothing', async (_what, segment, code, message) => {
    const image = await project('instance');
    const response = await server.call(annotator.token, 'PUT', `/api/images/${image}/annotation`, {
      baseVersion: 0,
      segments: [segment],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe(code);
    expect(response.json().error.message).toContain(message);
    expect((await server.call(annotator.token, 'GET', `/api/images/${image}/annotation`)).json().version).toBe(0);
  });

  it('wrong field types and malformed JSON are 400', async () => {
    const image = await project('instance');
    const typed = await server.call(annotator.token, 'PUT', `/api/images/${image}/annotation`, {
      baseVersion: '0',
      segments: [],
    });
    expect(typed.statusCode).toBe(400);
    const malformed = await server.app.inject({
      method: 'PUT',
      url: `/api/images/${image}/annotation`,
      headers: { authorization: `Bearer ${annotator.token}`, 'content-type': 'application/json' },
      payload: '{"baseVersion": 0, "segments": [',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('MALFORMED_JSON');
  });

  it('overlap rules: instance allows overlaps, panoptic refuses them, semantic allows one segment per class', async () => {
    const overlapping = [
      { id: 1, categoryId: 1, segmentation: box(10, 20, [0, 0, 5, 5]) },
      { id: 2, categoryId: 2, segmentation: box(10, 20, [4, 4, 5, 5]) },
    ];
    const instance = await project('instance');
    const ok = await server.call(annotator.token, 'PUT', `/api/images/${instance}/annotation`, {
      baseVersion: 0,
      segments: overlapping,
    });
    expect(ok.statusCode).toBe(200);
    const panoptic = await project('panoptic');
    const refused = await server.call(annotator.token, 'PUT', `/api/images/${panoptic}/annotation`, {
      baseVersion: 0,
      segments: overlapping,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toEqual({
      code: 'OVERLAP',
      message: 'segment 1 (id 2): overlaps segment 0 (id 1); a panoptic project allows no overlaps',
    });
    const stuffTwice = [
      { id: 1, categoryId: 0, segmentation: box(10, 20, [0, 0, 2, 2]) },
      { id: 2, categoryId: 0, segmentation: box(10, 20, [5, 5, 2, 2]) },
    ];
    const twice = await server.call(annotator.token, 'PUT', `/api/images/${panoptic}/annotation`, {
      baseVersion: 0,
      segments: stuffTwice,
    });
    expect(twice.json().error.code).toBe('DUPLICATE_CLASS');
    const semantic = await project('semantic');
    const carsTwice = stuffTwice.map((s) => ({ ...s, categoryId: 1 }));
    const semanticTwice = await server.call(annotator.token, 'PUT', `/api/images/${semantic}/annotation`, {
      baseVersion: 0,
      segments: carsTwice,
    });
    expect(semanticTwice.json().error.code).toBe('DUPLICATE_CLASS');
  });

  it('a panoptic 422 names the first segment in document order that breaks a rule, overlaps included', async () => {
    const panoptic = await project('panoptic');
    const save = async (segments: unknown[]) =>
      (
        await server.call(annotator.token, 'PUT', `/api/images/${panoptic}/annotation`, { baseVersion: 0, segments })
      ).json().error;
    const a = { id: 1, categoryId: 1, segmentation: box(10, 20, [0, 0, 4, 4]) };
    const b = { id: 2, categoryId: 2, segmentation: box(10, 20, [10, 0, 4, 4]) };
    const c = { id: 3, categoryId: 1, segmentation: box(10, 20, [12, 2, 4, 4]) }; // meets b, not a
    const d = { id: 4, categoryId: 1, segmentation: box(10, 20, [2, 2, 12, 2]) }; // meets a, b and c
    const unknown = { id: 5, categoryId: 99, segmentation: box(10, 20, [18, 8, 1, 1]) };
    expect(await save([a, b, c, unknown])).toEqual({
      code: 'OVERLAP',
      message: 'segment 2 (id 3): overlaps segment 1 (id 2); a panoptic project allows no overlaps',
    });
    expect((await save([a, b, unknown, c])).code).toBe('UNKNOWN_CLASS');
    expect((await save([a, b, d, c])).message).toMatch(/^segment 2 \(id 4\): overlaps segment 0 \(id 1\)/);
    // Nothing was stored by any of them.
    const read = await server.call(annotator.token, 'GET', `/api/images/${panoptic}/annotation`);
    expect(read.json().version).toBe(0);
  });

  it("roles: reviewers read others' documents but never save; annotators never read others' or gold", async () => {
    const image = await project('instance');
    const segments = [{ id: 1, categoryId: 1, segmentation: box(10, 20, [0, 0, 5, 5]) }];
    await server.call(annotator.token, 'PUT', `/api/images/${image}/annotation`, { baseVersion: 0, segments });
    const asReviewer = await server.call(reviewer.token, 'GET', `/api/images/${image}/annotation?user=${annotator.id}`);
    expect(asReviewer.json().segments).toEqual(segments);
    expect(
      (await server.call(reviewer.token, 'PUT', `/api/images/${image}/annotation`, { baseVersion: 0, segments }))
        .statusCode,
    ).toBe(403);
    expect(
      (await server.call(annotator.token, 'GET', `/api/images/${image}/annotation?user=${manager.id}`)).statusCode,
    ).toBe(403);
    expect((await server.call(manager.token, 'PUT', `/api/images/${image}/gold`, { segments })).statusCode).toBe(200);
    expect((await server.call(annotator.token, 'GET', `/api/images/${image}/gold`)).statusCode).toBe(403);
    expect((await server.call(reviewer.token, 'GET', `/api/images/${image}/gold`)).json().segments).toEqual(segments);
    expect((await server.call(annotator.token, 'PUT', `/api/images/${image}/gold`, { segments })).statusCode).toBe(403);
    const list = await server.call(annotator.token, 'GET', '/api/projects/1/images');
    expect(list.json().images[0]).not.toHaveProperty('gold');
    const managerList = await server.call(manager.token, 'GET', '/api/projects/1/images');
    expect(managerList.json().images[0].gold).toBe(true);
  });
});

describe('review comments', () => {
  it('a reviewer places a comment on the image about an annotator; the annotator reads it, another annotator does not', async () => {
    const image = await project('instance');
    const other = await server.user('other@example.com');
    await server.call(manager.token, 'PUT', `/api/projects/1/members/${other.id}`, { role: 'annotator' });
    const posted = await server.call(reviewer.token, 'POST', `/api/images/${image}/comments`, {
      x: 3.5,
      y: 2,
      text: 'the wheel is missing',
      userId: annotator.id,
    });
    expect(posted.statusCode).toBe(201);
    expect(posted.json()).toMatchObject({ imageId: image, authorId: reviewer.id, userId: annotator.id, x: 3.5, y: 2 });
    expect((await server.call(annotator.token, 'GET', `/api/images/${image}/comments`)).json().comments).toHaveLength(
      1,
    );
    expect((await server.call(other.token, 'GET', `/api/images/${image}/comments`)).json().comments).toHaveLength(0);
    const outside = await server.call(reviewer.token, 'POST', `/api/images/${image}/comments`, {
      x: 99,
      y: 0,
      text: 'x',
    });
    expect(outside.statusCode).toBe(422);
  });
});
