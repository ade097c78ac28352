import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLASSES, pngBytes, type TestServer, testServer, upload } from './helpers.js';

let server: TestServer;
let manager: { id: number; token: string };
let ann1: { id: number; token: string };
let ann2: { id: number; token: string };
let imageIds: number[];

beforeEach(async () => {
  server = await testServer();
  manager = await server.user('mia@example.com');
  ann1 = await server.user('a1@example.com');
  ann2 = await server.user('a2@example.com');
  await server.call(manager.token, 'POST', '/api/projects', { name: 'p', type: 'semantic', classes: CLASSES });
  for (const user of [ann1, ann2])
    await server.call(manager.token, 'PUT', `/api/projects/1/members/${user.id}`, { role: 'annotator' });
  const files = Array.from({ length: 8 }, (_, i) => ({ name: `${i}.png`, bytes: pngBytes(4, 4) }));
  imageIds = (await upload(server, manager.token, 1, files)).json().images.map((image: { id: number }) => image.id);
  for (const id of imageIds.slice(6))
    await server.call(manager.token, 'PUT', `/api/images/${id}/gold`, { segments: [] });
});
afterEach(async () => server.close());

describe('batches', () => {
  it('POST /api/projects/{p}/batches assigns round-robin, mixes honeypots in, and defaults the deadline to 72 hours', async () => {
    const before = Date.now();
    const response = await server.call(manager.token, 'POST', '/api/projects/1/batches', {
      name: 'week 1',
      imageIds: imageIds.slice(0, 4),
      assignees: [ann1.id, ann2.id],
      honeypotShare: 0.5,
    });
    expect(response.statusCode).toBe(201);
    const batch = response.json();
    expect(batch.status).toBe('todo');
    expect(Date.parse(batch.deadline) - before).toBeGreaterThanOrEqual(72 * 3600_000 - 1000);
    expect(Date.parse(batch.deadline) - before).toBeLessThan(72 * 3600_000 + 60_000);
    expect(batch.honeypots.sort()).toEqual(imageIds.slice(6)); // ceil(0.5 × 4) = 2 = both gold images
    expect(batch.imageIds).toHaveLength(6);
    const regular = batch.assignments.filter((a: { imageId: number }) => !batch.honeypots.includes(a.imageId));
    expect(regular).toEqual(
      [
        { imageId: imageIds[0], userId: ann1.id },
        { imageId: imageIds[1], userId: ann2.id },
        { imageId: imageIds[2], userId: ann1.id },
        { imageId: imageIds[3], userId: ann2.id },
      ].sort((a, b) => a.imageId - b.imageId || a.userId - b.userId),
    );
  });

  it('an annotator sees only their assignments, honeypots among them, with nothing telling them apart', async () => {
    await server.call(manager.token, 'POST', '/api/projects/1/batches', {
      name: 'b',
      imageIds: imageIds.slice(0, 4),
      assignees: [ann1.id, ann2.id],
      honeypotShare: 0.5,
    });
    const view = (await server.call(ann1.token, 'GET', '/api/batches/1')).json();
    expect(view).not.toHaveProperty('honeypots');
    expect(view.imageIds.sort()).toEqual([imageIds[0], imageIds[2], ...imageIds.slice(6)].sort());
    expect(view.assignees.map((a: { userId: number }) => a.userId)).toEqual([ann1.id]);
  });

  it('saving moves an assignee to in_progress; submit to submitted; the batch follows its assignees', async () => {
    await server.call(manager.token, 'POST', '/api/projects/1/batches', {
      name: 'b',
      imageIds: imageIds.slice(0, 2),
      assignees: [ann1.id, ann2.id],
      honeypotShare: 0,
    });
    await server.call(ann1.token, 'PUT', `/api/images/${imageIds[0]}/annotation`, { baseVersion: 0, segments: [] });
    let batch = (await server.call(manager.token, 'GET', '/api/batches/1')).json();
    expect(batch.status).toBe('in_progress');
    expect(batch.assignees.map((a: { status: string; saved: number }) => [a.status, a.saved])).toEqual([
      ['in_progress', 1],
      ['todo', 0],
    ]);
    expect((await server.call(ann1.token, 'POST', '/api/batches/1/submit')).statusCode).toBe(200);
    expect((await server.call(ann2.token, 'POST', '/api/batches/1/submit')).statusCode).toBe(200);
    batch = (await server.call(manager.token, 'GET', '/api/batches/1')).json();
    expect(batch.status).toBe('submitted');
    await server.call(manager.token, 'POST', '/api/batches/1/review', { userId: ann1.id, status: 'accepted' });
    await server.call(manager.token, 'POST', '/api/batches/1/review', { userId: ann2.id, status: 'accepted' });
    expect((await server.call(manager.token, 'GET', '/api/batches/1')).json().status).toBe('accepted');
  });

  it('refuses non-assignees on submit (403), annotators creating batches (403), and images of other projects (422)', async () => {
    await server.call(manager.token, 'POST', '/api/projects/1/batches', {
      name: 'b',
      imageIds: [imageIds[0]],
      assignees: [ann1.id],
    });
    expect((await server.call(ann2.token, 'POST', '/api/batches/1/submit')).statusCode).toBe(403);
    const byAnnotator = await server.call(ann1.token, 'POST', '/api/projects/1/batches', {
      name: 'x',
      imageIds: [imageIds[0]],
      assignees: [ann1.id],
    });
    expect(byAnnotator.statusCode).toBe(403);
    const foreign = await server.call(manager.token, 'POST', '/api/projects/1/batches', {
      name: 'x',
      imageIds: [999],
      assignees: [ann1.id],
    });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().error.message).toBe('image 999 is not in project 1');
  });
});
