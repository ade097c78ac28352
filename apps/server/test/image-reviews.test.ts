import { encode, rleToString } from '@segkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLASSES, pngBytes, type TestServer, testServer, upload } from './helpers.js';

let server: TestServer;
let manager: { id: number; token: string };
let annotator: { id: number; token: string };
let other: { id: number; token: string };
let reviewer: { id: number; token: string };
let image: number;

/** A 10×20 mask with the first `n` pixels (column-major) set. */
function first(n: number) {
  const data = new Uint8Array(200);
  for (let i = 0; i < n; i++) data[(i % 10) * 20 + Math.floor(i / 10)] = 1;
  return { size: [10, 20] as [number, number], counts: rleToString(encode({ height: 10, width: 20, data })) };
}

async function save(who: { token: string }, baseVersion: number, n: number) {
  const saved = await server.call(who.token, 'PUT', `/api/images/${image}/annotation`, {
    baseVersion,
    segments: [{ id: 1, categoryId: 0, segmentation: first(n) }],
  });
  expect(saved.statusCode).toBe(200);
}

async function comment(by: { token: string }, about: number, text = 'the kerb is road') {
  const posted = await server.call(by.token, 'POST', `/api/images/${image}/comments`, {
    x: 4,
    y: 5,
    text,
    userId: about,
  });
  expect(posted.statusCode).toBe(201);
  return posted.json().id as number;
}

beforeEach(async () => {
  server = await testServer();
  manager = await server.user('mia@example.com');
  annotator = await server.user('ann@example.com');
  other = await server.user('bo@example.com');
  reviewer = await server.user('rev@example.com');
  const created = await server.call(manager.token, 'POST', '/api/projects', {
    name: 'p',
    type: 'semantic',
    classes: CLASSES,
  });
  const id = created.json().id as number;
  for (const [user, role] of [
    [annotator, 'annotator'],
    [other, 'annotator'],
    [reviewer, 'reviewer'],
  ] as const) {
    await server.call(manager.token, 'PUT', `/api/projects/${id}/members/${user.id}`, { role });
  }
  const images = await upload(server, manager.token, id, [{ name: 'a.png', bytes: pngBytes(20, 10) }]);
  image = images.json().images[0].id as number;
});
afterEach(async () => server.close());

describe('per-image review decisions', () => {
  it("a reviewer accepts an annotator's document at its current version; the annotator reads the decision", async () => {
    await save(annotator, 0, 5);
    await save(annotator, 1, 6);
    const accepted = await server.call(reviewer.token, 'POST', `/api/images/${image}/reviews`, {
      userId: annotator.id,
      status: 'accepted',
    });
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json()).toMatchObject({
      imageId: image,
      userId: annotator.id,
      reviewerId: reviewer.id,
      version: 2,
      status: 'accepted',
      commentId: null,
    });
    const read = await server.call(annotator.token, 'GET', `/api/images/${image}/reviews`);
    expect(read.json().reviews.map((r: { status: string }) => r.status)).toEqual(['accepted']);
  });

  it('a rejection needs a comment pinned on the image about that document, then is the newest state', async () => {
    await save(annotator, 0, 5);
    const bare = await server.call(reviewer.token, 'POST', `/api/images/${image}/reviews`, {
      userId: annotator.id,
      status: 'rejected',
    });
    expect(bare.statusCode).toBe(422);
    expect(bare.json().error.code).toBe('COMMENT_REQUIRED');

    const aboutSomeoneElse = await comment(reviewer, other.id);
    const mismatch = await server.call(reviewer.token, 'POST', `/api/images/${image}/reviews`, {
      userId: annotator.id,
      status: 'rejected',
      commentId: aboutSomeoneElse,
    });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json().error.code).toBe('COMMENT_MISMATCH');

    await server.call(manager.token, 'POST', `/api/images/${image}/reviews`, {
      userId: annotator.id,
      status: 'accepted',
    });
    const pinned = await comment(reviewer, annotator.id);
    const rejected = await server.call(reviewer.token, 'POST', `/api/images/${image}/reviews`, {
      userId: annotator.id,
      status: 'rejected',
      commentId: pinned,
    });
    expect(rejected.statusCode).toBe(201);
    expect(rejected.json()).toMatchObject({ status: 'rejected', commentId: pinned, version: 1 });

    const history = await server.call(reviewer.token, 'GET', `/api/images/${image}/reviews?user=${annotator.id}`);
    expect(history.json().reviews.map((r: { status: string; reviewerId: number }) => [r.status, r.reviewerId])).toEqual(
      [
        ['accepted', manager.id],
        ['rejected', reviewer.id],
      ],
    );
    // The annotator reads the rejection and finds the comment it points at among theirs.
    const theirs = (await server.call(annotator.token, 'GET', `/api/images/${image}/comments`)).json().comments;
    expect(theirs.map((c: { id: number }) => c.id)).toContain(pinned);
  });

  it('annotators may not decide and read only decisions about their own document; an unsaved document cannot be reviewed; non-members get 404', async () => {
    await save(annotator, 0, 5);
    await save(other, 0, 7);
    const byAnnotator = await server.call(other.token, 'POST', `/api/images/${image}/reviews`, {
      userId: annotator.id,
      status: 'accepted',
    });
    expect(byAnnotator.statusCode).toBe(403);
    await server.call(reviewer.token, 'POST', `/api/images/${image}/reviews`, { userId: other.id, status: 'accepted' });
    expect((await server.call(annotator.token, 'GET', `/api/images/${image}/reviews`)).json().reviews).toEqual([]);
    expect(
      (await server.call(annotator.token, 'GET', `/api/images/${image}/reviews?user=${other.id}`)).json().reviews,
    ).toEqual([]);
    expect((await server.call(other.token, 'GET', `/api/images/${image}/reviews`)).json().reviews).toHaveLength(1);
    expect((await server.call(manager.token, 'GET', `/api/images/${image}/reviews`)).json().reviews).toHaveLength(1);
    const unsaved = await server.call(reviewer.token, 'POST', `/api/images/${image}/reviews`, {
      userId: manager.id,
      status: 'accepted',
    });
    expect(unsaved.statusCode).toBe(422);
    expect(unsaved.json().error.code).toBe('NOTHING_TO_REVIEW');
    // Someone outside the project does not learn the image exists.
    const stranger = await server.user('zed@example.com');
    expect((await server.call(stranger.token, 'GET', `/api/images/${image}/reviews`)).statusCode).toBe(404);
    const post = { userId: other.id, status: 'accepted' };
    expect((await server.call(stranger.token, 'POST', `/api/images/${image}/reviews`, post)).statusCode).toBe(404);
  });
});
