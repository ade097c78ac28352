/**
 * Isolation: every pinned route called as every role, as a member of another project only, and as
 * nobody; the status must be api.md's table (403 for a role without the right, 404 for a project
 * the caller is not a member of, 401 without credentials).
 */
import { encode, rleToString } from '@segkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLASSES, pngBytes, type TestServer, testServer, upload } from './helpers.js';

type Who = 'admin' | 'manager' | 'annotator' | 'reviewer' | 'outsider' | 'nobody';
const WHO: Who[] = ['admin', 'manager', 'annotator', 'reviewer', 'outsider', 'nobody'];

let server: TestServer;
const users = {} as Record<Exclude<Who, 'nobody'>, { id: number; token: string }>;
const segments = [
  {
    id: 1,
    categoryId: 1,
    segmentation: {
      size: [4, 4],
      counts: rleToString(encode({ height: 4, width: 4, data: new Uint8Array(16).fill(1, 0, 4) })),
    },
  },
];

beforeAll(async () => {
  server = await testServer();
  users.admin = await server.user('admin@example.com', 'admin');
  for (const who of ['manager', 'annotator', 'reviewer', 'outsider'] as const)
    users[who] = await server.user(`${who}@example.com`);
  await server.call(users.manager.token, 'POST', '/api/projects', { name: 'p', type: 'semantic', classes: CLASSES });
  await server.call(users.outsider.token, 'POST', '/api/projects', {
    name: 'elsewhere',
    type: 'semantic',
    classes: CLASSES,
  });
  await server.call(users.manager.token, 'PUT', `/api/projects/1/members/${users.annotator.id}`, { role: 'annotator' });
  await server.call(users.manager.token, 'PUT', `/api/projects/1/members/${users.reviewer.id}`, { role: 'reviewer' });
  await upload(
    server,
    users.manager.token,
    1,
    [1, 2].map((i) => ({ name: `${i}.png`, bytes: pngBytes(4, 4) })),
  );
  await server.call(users.manager.token, 'PUT', '/api/images/2/gold', { segments });
  const batch = await server.call(users.manager.token, 'POST', '/api/projects/1/batches', {
    name: 'b',
    imageIds: [1],
    assignees: [users.annotator.id, users.manager.id, users.admin.id],
    honeypotShare: 1,
  });
  expect(batch.statusCode).toBe(201);
  for (const who of ['annotator', 'manager', 'admin'] as const) {
    await server.call(users[who].token, 'PUT', '/api/images/2/annotation', { baseVersion: 0, segments });
  }
});
afterAll(async () => server.close());

interface Row {
  route: string;
  call: (who: Who, token: string | undefined) => Promise<{ statusCode: number }>;
  expect: Record<Who, number>;
}

const byRole = (
  admin: number,
  manager: number,
  annotator: number,
  reviewer: number,
  outsider = 404,
): Record<Who, number> => ({
  admin,
  manager,
  annotator,
  reviewer,
  outsider,
  nobody: 401,
});

let counter = 0;
let exportJob: number | undefined;
const ROWS: Row[] = [
  {
    route: 'POST /api/users',
    call: (_who, token) =>
      server.call(token, 'POST', '/api/users', {
        email: `u${++counter}@example.com`,
        password: 'long enough',
        name: 'u',
        role: 'member',
      }),
    expect: byRole(201, 403, 403, 403, 403),
  },
  {
    route: 'POST /api/projects',
    call: (_who, token) =>
      server.call(token, 'POST', '/api/projects', { name: 'n', type: 'instance', classes: CLASSES }),
    expect: byRole(201, 201, 201, 201, 201),
  },
  {
    route: 'PUT /api/projects/{p}/members/{u}',
    call: (_who, token) =>
      server.call(token, 'PUT', `/api/projects/1/members/${users.reviewer.id}`, { role: 'reviewer' }),
    expect: byRole(200, 200, 403, 403),
  },
  {
    route: 'POST /api/projects/{p}/images',
    call: (_who, token) => uploadAs(token),
    expect: byRole(201, 201, 403, 403),
  },
  {
    route: 'GET /api/projects/{p}/images',
    call: (_w, t) => server.call(t, 'GET', '/api/projects/1/images'),
    expect: byRole(200, 200, 200, 200),
  },
  {
    route: 'GET /api/images/{i}/file',
    call: (_w, t) => server.call(t, 'GET', '/api/images/1/file'),
    expect: byRole(200, 200, 200, 200),
  },
  {
    route: 'GET /api/images/{i}/annotation',
    call: (_w, t) => server.call(t, 'GET', '/api/images/1/annotation'),
    expect: byRole(200, 200, 200, 200),
  },
  {
    route: 'GET /api/images/{i}/annotation?user=ID',
    call: (_w, t) => server.call(t, 'GET', `/api/images/2/annotation?user=${users.annotator.id}`),
    expect: { ...byRole(200, 200, 200, 200), annotator: 200 },
  },
  {
    route: "GET /api/images/{i}/annotation?user=ID (someone else's)",
    call: (_w, t) => server.call(t, 'GET', `/api/images/2/annotation?user=${users.manager.id}`),
    expect: byRole(200, 200, 403, 200),
  },
  {
    route: 'PUT /api/images/{i}/annotation',
    call: async (_w, t) => {
      const current = await server.call(t, 'GET', '/api/images/1/annotation');
      const baseVersion = current.statusCode === 200 ? (current.json() as { version: number }).version : 0;
      return server.call(t, 'PUT', '/api/images/1/annotation', { baseVersion, segments });
    },
    expect: byRole(200, 200, 200, 403),
  },
  {
    route: 'GET /api/images/{i}/gold',
    call: (_w, t) => server.call(t, 'GET', '/api/images/2/gold'),
    expect: byRole(200, 200, 403, 200),
  },
  {
    route: 'PUT /api/images/{i}/gold',
    call: (_w, t) => server.call(t, 'PUT', '/api/images/2/gold', { segments }),
    expect: byRole(200, 200, 403, 403),
  },
  {
    route: 'POST /api/projects/{p}/batches',
    call: (_w, t) =>
      server.call(t, 'POST', '/api/projects/1/batches', { name: 'x', imageIds: [1], assignees: [users.annotator.id] }),
    expect: byRole(201, 201, 403, 403),
  },
  {
    route: 'POST /api/batches/{b}/submit (assignees)',
    call: (_w, t) => server.call(t, 'POST', '/api/batches/1/submit'),
    expect: byRole(200, 200, 200, 403),
  },
  {
    route: 'GET /api/batches/{b}/qa',
    call: (_w, t) => server.call(t, 'GET', '/api/batches/1/qa'),
    expect: byRole(200, 200, 403, 200),
  },
  {
    route: 'GET /api/projects/{p}/qa',
    call: (_w, t) => server.call(t, 'GET', '/api/projects/1/qa'),
    expect: byRole(200, 200, 403, 200),
  },
  {
    route: 'POST /api/projects/{p}/exports',
    call: async (_w, t) => {
      const response = await server.call(t, 'POST', '/api/projects/1/exports', {});
      if (response.statusCode === 202) exportJob ??= response.json().jobId;
      return response;
    },
    expect: byRole(202, 202, 403, 403),
  },
  {
    route: 'GET /api/jobs/{j}',
    call: (_w, t) => server.call(t, 'GET', `/api/jobs/${exportJob}`),
    expect: byRole(200, 200, 403, 403),
  },
  {
    route: 'GET /api/jobs/{j}/download',
    call: async (_w, t) => {
      await server.ctx.queue.idle();
      return server.call(t, 'GET', `/api/jobs/${exportJob}/download`);
    },
    expect: byRole(200, 200, 403, 403),
  },
  {
    route: 'POST /api/projects/{p}/uploads',
    call: (_w, t) =>
      server.call(t, 'POST', '/api/projects/1/uploads', { fileName: 'd.png', bytes: 100, contentType: 'image/png' }),
    expect: byRole(201, 201, 403, 403),
  },
  {
    route: 'POST /api/projects/{p}/uploads/register (a key never signed)',
    call: (_w, t) =>
      server.call(t, 'POST', '/api/projects/1/uploads/register', { key: 'uploads/none', fileName: 'd.png' }),
    expect: byRole(422, 422, 403, 403),
  },
  {
    route: 'POST /api/images/{i}/reviews',
    call: (_w, t) =>
      server.call(t, 'POST', '/api/images/2/reviews', { userId: users.annotator.id, status: 'accepted' }),
    expect: byRole(201, 201, 403, 201),
  },
  {
    route: 'GET /api/images/{i}/reviews',
    call: (_w, t) => server.call(t, 'GET', '/api/images/2/reviews'),
    expect: byRole(200, 200, 200, 200),
  },
  {
    route: 'PATCH /api/comments/{c} (about the annotator)',
    call: async (_w, t) => server.call(t, 'PATCH', `/api/comments/${await aboutAnnotator()}`, { resolved: true }),
    expect: byRole(200, 200, 200, 200),
  },
  {
    route: "PATCH /api/comments/{c} (about the image, the manager's)",
    call: async (_w, t) => server.call(t, 'PATCH', `/api/comments/${await onImage()}`, { resolved: true }),
    expect: byRole(200, 200, 403, 200),
  },
  {
    route: "DELETE /api/comments/{c} (the manager's, about the annotator)",
    call: async (_w, t) => server.call(t, 'DELETE', `/api/comments/${await newComment()}`),
    expect: byRole(204, 204, 403, 403),
  },
  {
    route: "DELETE /api/comments/{c} (a rejection's reason)",
    call: async (_w, t) => server.call(t, 'DELETE', `/api/comments/${await rejectionReason()}`),
    expect: byRole(409, 409, 403, 403),
  },
];

/** A new comment by the manager on image 2, about the annotator's document (or the image: `about` null). */
async function newComment(about: number | null = users.annotator.id): Promise<number> {
  const posted = await server.call(users.manager.token, 'POST', '/api/images/2/comments', {
    x: 1,
    y: 1,
    text: 'look here',
    ...(about === null ? {} : { userId: about }),
  });
  expect(posted.statusCode).toBe(201);
  return posted.json().id;
}
let annotatorComment: number | undefined;
const aboutAnnotator = async () => (annotatorComment ??= await newComment());
let imageComment: number | undefined;
const onImage = async () => (imageComment ??= await newComment(null));
let reason: number | undefined;
/** A comment named as the reason of a rejection of the annotator's document of image 2. */
async function rejectionReason(): Promise<number> {
  if (reason !== undefined) return reason;
  const id = await newComment();
  const rejected = await server.call(users.manager.token, 'POST', '/api/images/2/reviews', {
    userId: users.annotator.id,
    status: 'rejected',
    commentId: id,
  });
  expect(rejected.statusCode).toBe(201);
  reason = id;
  return id;
}

let uploads = 0;
function uploadAs(token: string | undefined) {
  if (token === undefined) {
    return server.app.inject({ method: 'POST', url: '/api/projects/1/images', payload: '' });
  }
  return upload(server, token, 1, [{ name: `r${++uploads}.png`, bytes: pngBytes(4, 4) }]);
}

describe("every route as every role answers api.md's table", () => {
  for (const row of ROWS) {
    it(row.route, async () => {
      const got: Record<string, number> = {};
      for (const who of WHO) {
        const token = who === 'nobody' ? undefined : users[who].token;
        got[who] = (await row.call(who, token)).statusCode;
      }
      expect(got).toEqual(row.expect);
    });
  }
});
