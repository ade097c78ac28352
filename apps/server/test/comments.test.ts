/**
 * Review comments resolved, reopened and deleted (PATCH and DELETE /api/comments/{c}), on the suite's
 * engine: who may do what, what the lists then carry, and the comment a rejection names as its
 * reason, which stays.
 */
import { encode, rleToString } from '@segkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteComment, isForeignKeyViolation } from '../src/db/comments.js';
import { insertImageReview } from '../src/db/image-reviews.js';
import { CLASSES, pngBytes, type TestServer, testServer, upload } from './helpers.js';

type Someone = { id: number; token: string };

let server: TestServer;
let manager: Someone;
let annotator: Someone;
let other: Someone;
let reviewer: Someone;
let image: number;

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
  const project = created.json().id as number;
  for (const [user, role] of [
    [annotator, 'annotator'],
    [other, 'annotator'],
    [reviewer, 'reviewer'],
  ] as const) {
    await server.call(manager.token, 'PUT', `/api/projects/${project}/members/${user.id}`, { role });
  }
  const images = await upload(server, manager.token, project, [{ name: 'a.png', bytes: pngBytes(20, 10) }]);
  image = images.json().images[0].id as number;
});
afterEach(async () => server.close());

/** A comment by `by` at (4, 5) about `about`'s document (null: about the image); its id. */
async function comment(by: Someone, about: Someone | null, text = 'the kerb is road'): Promise<number> {
  const posted = await server.call(by.token, 'POST', `/api/images/${image}/comments`, {
    x: 4,
    y: 5,
    text,
    ...(about === null ? {} : { userId: about.id }),
  });
  expect(posted.statusCode).toBe(201);
  return posted.json().id as number;
}

const resolve = (who: Someone | undefined, id: number, resolved = true) =>
  server.call(who?.token, 'PATCH', `/api/comments/${id}`, { resolved });
const remove = (who: Someone | undefined, id: number) => server.call(who?.token, 'DELETE', `/api/comments/${id}`);

/** The comment as `who` reads it in the image's list (undefined: not listed). */
async function listed(who: Someone, id: number) {
  const list = await server.call(who.token, 'GET', `/api/images/${image}/comments`);
  expect(list.statusCode).toBe(200);
  return (list.json().comments as Array<{ id: number; resolved: boolean }>).find((c) => c.id === id);
}

/** A 10×20 document with its first row labelled, saved by `who` as version 1. */
async function saveDocument(who: Someone) {
  const data = new Uint8Array(200);
  for (let x = 0; x < 20; x++) data[x * 10] = 1;
  const segmentation = { size: [10, 20], counts: rleToString(encode({ height: 10, width: 20, data })) };
  const saved = await server.call(who.token, 'PUT', `/api/images/${image}/annotation`, {
    baseVersion: 0,
    segments: [{ id: 1, categoryId: 0, segmentation }],
  });
  expect(saved.statusCode).toBe(200);
}

describe('resolving and reopening review comments', () => {
  it('POST /api/images/{i}/comments returns an open comment: resolved false, resolvedAt and resolvedBy null', async () => {
    const posted = await server.call(reviewer.token, 'POST', `/api/images/${image}/comments`, {
      x: 4,
      y: 5,
      text: 'the kerb is road',
      userId: annotator.id,
    });
    expect(posted.json()).toMatchObject({ resolved: false, resolvedAt: null, resolvedBy: null });
    expect(await listed(annotator, posted.json().id)).toMatchObject({
      resolved: false,
      resolvedAt: null,
      resolvedBy: null,
    });
  });

  it('PATCH {resolved: true} by the annotator it is about records who and when; every list shows it; {resolved: false} reopens it', async () => {
    const id = await comment(reviewer, annotator);
    const created = (await listed(reviewer, id)) as unknown as { createdAt: string };

    const resolved = await resolve(annotator, id);
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({ id, resolved: true, resolvedBy: annotator.id, text: 'the kerb is road' });
    const at = resolved.json().resolvedAt as string;
    expect(new Date(at).toISOString()).toBe(at);
    expect(at >= created.createdAt).toBe(true);
    for (const who of [annotator, reviewer, manager]) {
      expect(await listed(who, id)).toMatchObject({ resolved: true, resolvedAt: at, resolvedBy: annotator.id });
    }

    const reopened = await resolve(reviewer, id, false);
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json()).toMatchObject({ id, resolved: false, resolvedAt: null, resolvedBy: null });
    expect(await listed(annotator, id)).toMatchObject({ resolved: false, resolvedAt: null, resolvedBy: null });
  });

  it('PATCH {resolved: true} on a resolved comment keeps the first resolution; after a reopen the next resolver is recorded', async () => {
    const id = await comment(reviewer, annotator);
    const first = (await resolve(annotator, id)).json();
    const again = await resolve(manager, id);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ resolved: true, resolvedBy: annotator.id, resolvedAt: first.resolvedAt });
    await resolve(annotator, id, false);
    expect((await resolve(manager, id)).json()).toMatchObject({ resolved: true, resolvedBy: manager.id });
  });

  it('PATCH: the author, managers, reviewers and the annotator it is about may; other annotators may not; non-members get 404', async () => {
    const aboutAnn = await comment(manager, annotator);
    for (const who of [manager, reviewer, annotator]) {
      expect((await resolve(who, aboutAnn, false)).statusCode, `${who.id}`).toBe(200);
    }
    // Another annotator does not read a comment about Ann's document: it does not exist for them.
    const hidden = await resolve(other, aboutAnn);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().error).toEqual({ code: 'NOT_FOUND', message: `comment ${aboutAnn} does not exist` });

    // A comment about the image itself: annotators read it, only its author among them may resolve it.
    const onImage = await comment(reviewer, null);
    const refused = await resolve(annotator, onImage);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN');
    expect(refused.json().error.message).toContain(`comment ${onImage}`);
    expect((await listed(annotator, onImage))?.resolved).toBe(false);
    const own = await comment(other, null, 'is this a kerb?');
    expect((await resolve(other, own)).json()).toMatchObject({ resolved: true, resolvedBy: other.id });

    const stranger = await server.user('zed@example.com');
    const outside = await resolve(stranger, aboutAnn);
    expect(outside.statusCode).toBe(404);
    expect(outside.json().error.message).toBe(`comment ${aboutAnn} does not exist`);
    expect((await resolve(undefined, aboutAnn)).statusCode).toBe(401);
    const admin = await server.user('root@example.com', 'admin');
    expect((await resolve(admin, aboutAnn)).json()).toMatchObject({ resolved: true, resolvedBy: admin.id });
  });

  it('PATCH with a body that is not {resolved: boolean} is 400; an unknown comment is 404', async () => {
    const id = await comment(reviewer, annotator);
    for (const body of [{ resolved: 'yes' }, {}, { resolved: true, text: 'edited' }]) {
      const answer = await server.call(reviewer.token, 'PATCH', `/api/comments/${id}`, body);
      expect(answer.statusCode, JSON.stringify(body)).toBe(400);
      expect(answer.json().error.code).toBe('BAD_REQUEST');
    }
    expect((await listed(reviewer, id))?.resolved).toBe(false);
    const missing = await resolve(reviewer, 9999);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toBe('comment 9999 does not exist');
  });
});

describe('deleting review comments', () => {
  it('DELETE by the author or a manager is 204 and the comment leaves every list; a second DELETE is 404', async () => {
    const byReviewer = await comment(reviewer, annotator);
    const byReviewerToo = await comment(reviewer, annotator, 'and the wheel');
    const deleted = await remove(reviewer, byReviewer);
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expect((await remove(manager, byReviewerToo)).statusCode).toBe(204);
    for (const who of [annotator, reviewer, manager]) {
      expect(await listed(who, byReviewer)).toBeUndefined();
      expect(await listed(who, byReviewerToo)).toBeUndefined();
    }
    expect((await remove(reviewer, byReviewer)).statusCode).toBe(404);
  });

  it('DELETE: a reviewer who did not write it, and the annotator it is about, get 403; other annotators and non-members 404', async () => {
    const id = await comment(manager, annotator);
    for (const who of [reviewer, annotator]) {
      const refused = await remove(who, id);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error).toEqual({
        code: 'FORBIDDEN',
        message: `only the author or a manager may delete comment ${id}`,
      });
    }
    expect((await remove(other, id)).statusCode).toBe(404);
    const stranger = await server.user('zed@example.com');
    expect((await remove(stranger, id)).statusCode).toBe(404);
    expect((await remove(undefined, id)).statusCode).toBe(401);
    expect(await listed(manager, id)).toBeDefined();
    // An annotator deletes what they wrote about their own document.
    const answer = await comment(annotator, annotator, 'fixed the kerb');
    expect((await remove(annotator, answer)).statusCode).toBe(204);
  });

  it("DELETE of a rejection's reason is 409 naming the decision; the comment stays and can still be resolved", async () => {
    await saveDocument(annotator);
    const reason = await comment(reviewer, annotator);
    const rejected = await server.call(reviewer.token, 'POST', `/api/images/${image}/reviews`, {
      userId: annotator.id,
      status: 'rejected',
      commentId: reason,
    });
    expect(rejected.statusCode).toBe(201);
    const decision = rejected.json().id as number;

    for (const who of [reviewer, manager]) {
      const refused = await remove(who, reason);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error).toEqual({
        code: 'COMMENT_IS_REASON',
        message:
          `comment ${reason} is the reason of review decision ${decision} (rejected user ${annotator.id}'s document ` +
          `of image ${image} at version 1); a decision keeps its reason, so the comment cannot be deleted (resolve it instead)`,
      });
    }
    expect(await listed(annotator, reason)).toBeDefined();
    // A later acceptance does not release it: the rejection still names it.
    await server.call(reviewer.token, 'POST', `/api/images/${image}/reviews`, {
      userId: annotator.id,
      status: 'accepted',
    });
    expect((await remove(manager, reason)).statusCode).toBe(409);
    expect((await resolve(annotator, reason)).json()).toMatchObject({ resolved: true, resolvedBy: annotator.id });
    const reviews = (await server.call(reviewer.token, 'GET', `/api/images/${image}/reviews`)).json().reviews;
    expect(reviews.map((r: { commentId: number | null }) => r.commentId)).toEqual([reason, null]);
  });

  it('deleteComment returns false when a decision names the comment: the foreign key refuses, as for one recorded after the check', async () => {
    await saveDocument(annotator);
    const reason = await comment(reviewer, annotator);
    await insertImageReview(server.ctx.db.kysely, {
      image_id: image,
      user_id: annotator.id,
      reviewer_id: reviewer.id,
      version: 1,
      status: 'rejected',
      comment_id: reason,
    });
    expect(await deleteComment(server.ctx.db.kysely, reason)).toBe(false);
    expect(await listed(reviewer, reason)).toBeDefined();
    const free = await comment(reviewer, annotator, 'and the wheel');
    expect(await deleteComment(server.ctx.db.kysely, free)).toBe(true);
    expect(await listed(reviewer, free)).toBeUndefined();
  });

  it('a decision naming a comment deleted meanwhile is refused by the foreign key, which isForeignKeyViolation recognises', async () => {
    await saveDocument(annotator);
    const gone = await comment(reviewer, annotator);
    expect(await deleteComment(server.ctx.db.kysely, gone)).toBe(true);
    const refused = await insertImageReview(server.ctx.db.kysely, {
      image_id: image,
      user_id: annotator.id,
      reviewer_id: reviewer.id,
      version: 1,
      status: 'rejected',
      comment_id: gone,
    }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeDefined();
    expect(isForeignKeyViolation(refused)).toBe(true);
    expect(isForeignKeyViolation(new Error('other'))).toBe(false);
    // Through the route, the check before the insert names it.
    const answer = await server.call(reviewer.token, 'POST', `/api/images/${image}/reviews`, {
      userId: annotator.id,
      status: 'rejected',
      commentId: gone,
    });
    expect(answer.statusCode).toBe(422);
    expect(answer.json().error.code).toBe('COMMENT_MISMATCH');
  });
});
