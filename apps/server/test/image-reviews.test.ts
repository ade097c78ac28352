import { encode, rleToString } from '@segkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLASSES, pngBytes, type TestServer, testServer, upload } from './helpers.js';

let server: TestServer;
let manager: { id: number; token: string };
let annotator: { id: number; token: string };
let other: { id: number; token: string };
let reviewer: { id: number; token: string };
let project: number;
let image: number;

/** A 10×20 mask with the first `n` pixels (column-major) set. */
function first(n: number) {
  const data = new Uint8Array(200);
  for (let i = 0; i < n; i++) data[(i % 10) * 20 + Math.floor(i / 10)] = 1;
  return { size: [10, 20] as [number, number], counts: rleToString(encode({ height: 10, width: 20, data })) };
}

async function save(who: { token: string }, baseVersion: number, n: number, on = image) {
  const saved = await server.call(who.token, 'PUT', `/api/images/${on}/annotation`, {
    baseVersion,
    segments: [{ id: 1, categoryId: 0, segmentation: first(n) }],
  });
  expect(saved.statusCode).toBe(200);
}

async function comment(by: { token: string }, about: number, text = 'the kerb is road', on = image) {
  const posted = await server.call(by.token, 'POST', `/api/images/${on}/comments`, {
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
  project = id;
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

/** Uploads `n` more 20×10 images into the project. */
async function moreImages(n: number): Promise<number[]> {
  const files = Array.from({ length: n }, (_, i) => ({ name: `more-${i}.png`, bytes: pngBytes(20, 10) }));
  const uploaded = await upload(server, manager.token, project, files);
  return uploaded.json().images.map((row: { id: number }) => row.id);
}

/** A batch of `imageIds`, all of them assigned to each of `assignees` in turn (no honeypots). */
async function batch(imageIds: number[], assignees: number[]): Promise<number> {
  const created = await server.call(manager.token, 'POST', `/api/projects/${project}/batches`, {
    name: 'b',
    imageIds,
    assignees,
    honeypotShare: 0,
  });
  expect(created.statusCode).toBe(201);
  return created.json().id as number;
}

async function decide(on: number, about: { id: number }, status: 'accepted' | 'rejected', commentId?: number) {
  const posted = await server.call(reviewer.token, 'POST', `/api/images/${on}/reviews`, {
    userId: about.id,
    status,
    ...(commentId === undefined ? {} : { commentId }),
  });
  expect(posted.statusCode).toBe(201);
}

/** The batch's status and the assignee's status and decision counts, as the batch view shows them. */
async function statuses(batchId: number, who: { id: number }) {
  const view = (await server.call(manager.token, 'GET', `/api/batches/${batchId}`)).json();
  const mine = view.assignees.find((a: { userId: number }) => a.userId === who.id);
  return { batch: view.status, assignee: mine.status, decisions: mine.decisions };
}

describe('per-image decisions drive the batch statuses', () => {
  it('accepting every image of a submitted assignee makes them accepted and the batch accepted; the batch view counts the decisions', async () => {
    const [a, b] = (await moreImages(2)) as [number, number];
    const id = await batch([a, b], [annotator.id]);
    await save(annotator, 0, 5, a);
    await save(annotator, 0, 6, b);
    expect((await server.call(annotator.token, 'POST', `/api/batches/${id}/submit`)).statusCode).toBe(200);
    expect(await statuses(id, annotator)).toEqual({
      batch: 'submitted',
      assignee: 'submitted',
      decisions: { accepted: 0, rejected: 0, undecided: 2 },
    });

    await decide(a, annotator, 'accepted');
    expect(await statuses(id, annotator)).toEqual({
      batch: 'in_review',
      assignee: 'in_review',
      decisions: { accepted: 1, rejected: 0, undecided: 1 },
    });
    await decide(b, annotator, 'accepted');
    expect(await statuses(id, annotator)).toEqual({
      batch: 'accepted',
      assignee: 'accepted',
      decisions: { accepted: 2, rejected: 0, undecided: 0 },
    });
    // The annotator's own view carries their counts too.
    const theirs = (await server.call(annotator.token, 'GET', `/api/batches/${id}`)).json();
    expect(theirs.assignees).toMatchObject([{ userId: annotator.id, decisions: { accepted: 2, rejected: 0 } }]);
  });

  it('one rejection makes the assignee and the batch rejected; a newer acceptance of that image replaces it', async () => {
    const [a, b] = (await moreImages(2)) as [number, number];
    const id = await batch([a, b], [annotator.id]);
    await save(annotator, 0, 5, a);
    await save(annotator, 0, 6, b);
    await server.call(annotator.token, 'POST', `/api/batches/${id}/submit`);

    await decide(a, annotator, 'accepted');
    await decide(b, annotator, 'rejected', await comment(reviewer, annotator.id, 'the kerb is road', b));
    expect(await statuses(id, annotator)).toEqual({
      batch: 'rejected',
      assignee: 'rejected',
      decisions: { accepted: 1, rejected: 1, undecided: 0 },
    });
    await decide(b, annotator, 'accepted');
    expect(await statuses(id, annotator)).toMatchObject({ batch: 'accepted', assignee: 'accepted' });
  });

  it('a decision about an older version is stale and counts as none; a new save alone changes no status', async () => {
    const [a, b] = (await moreImages(2)) as [number, number];
    const id = await batch([a, b], [annotator.id]);
    await save(annotator, 0, 5, a);
    await save(annotator, 0, 6, b);
    await server.call(annotator.token, 'POST', `/api/batches/${id}/submit`);
    await decide(a, annotator, 'accepted');
    await decide(b, annotator, 'rejected', await comment(reviewer, annotator.id, 'missed the kerb', b));
    expect((await statuses(id, annotator)).assignee).toBe('rejected');

    // The annotator fixes b (version 2): the rejection of version 1 is stale, but nothing is recomputed yet.
    await save(annotator, 1, 7, b);
    expect(await statuses(id, annotator)).toEqual({
      batch: 'rejected',
      assignee: 'rejected',
      decisions: { accepted: 1, rejected: 0, undecided: 1 },
    });
    // The next decision recomputes: a accepted, b undecided at version 2 → in_review.
    await decide(a, annotator, 'accepted');
    expect(await statuses(id, annotator)).toMatchObject({ batch: 'in_review', assignee: 'in_review' });
    await decide(b, annotator, 'accepted');
    expect(await statuses(id, annotator)).toMatchObject({ batch: 'accepted', assignee: 'accepted' });
  });

  it('a decision about an image in two batches moves the assignee in both, each by its own images', async () => {
    const [shared, onlyFirst, onlySecond] = (await moreImages(3)) as [number, number, number];
    const first = await batch([shared, onlyFirst], [annotator.id]);
    const second = await batch([shared, onlySecond], [annotator.id]);
    for (const on of [shared, onlyFirst, onlySecond]) await save(annotator, 0, 5, on);
    for (const id of [first, second]) await server.call(annotator.token, 'POST', `/api/batches/${id}/submit`);

    await decide(onlyFirst, annotator, 'accepted');
    expect((await statuses(first, annotator)).assignee).toBe('in_review');
    expect((await statuses(second, annotator)).assignee).toBe('submitted');
    await decide(shared, annotator, 'accepted');
    expect(await statuses(first, annotator)).toMatchObject({ batch: 'accepted', assignee: 'accepted' });
    expect(await statuses(second, annotator)).toEqual({
      batch: 'in_review',
      assignee: 'in_review',
      decisions: { accepted: 1, rejected: 0, undecided: 1 },
    });
  });

  it('a decision about an assignee in todo or in_progress leaves their status and the batch status alone', async () => {
    const [a, b] = (await moreImages(2)) as [number, number];
    // Saved before the batch exists: the document is there, the assignee is still todo.
    await save(other, 0, 4, b);
    const id = await batch([a, b], [annotator.id, other.id]);
    await save(annotator, 0, 5, a);
    await decide(a, annotator, 'accepted');
    await decide(b, other, 'accepted');
    const view = (await server.call(manager.token, 'GET', `/api/batches/${id}`)).json();
    expect(view.status).toBe('in_progress');
    expect(view.assignees.map((x: { userId: number; status: string }) => [x.userId, x.status])).toEqual([
      [annotator.id, 'in_progress'],
      [other.id, 'todo'],
    ]);
    // The counts are there all the same.
    expect(view.assignees.map((x: { decisions: unknown }) => x.decisions)).toEqual([
      { accepted: 1, rejected: 0, undecided: 0 },
      { accepted: 1, rejected: 0, undecided: 0 },
    ]);
  });

  it('decisions recorded at once about every image of an assignee leave them accepted', async () => {
    const ids = await moreImages(6);
    const id = await batch(ids, [annotator.id]);
    for (const on of ids) await save(annotator, 0, 5, on);
    await server.call(annotator.token, 'POST', `/api/batches/${id}/submit`);
    await Promise.all(ids.map((on) => decide(on, annotator, 'accepted')));
    expect(await statuses(id, annotator)).toEqual({
      batch: 'accepted',
      assignee: 'accepted',
      decisions: { accepted: 6, rejected: 0, undecided: 0 },
    });
  });
});
