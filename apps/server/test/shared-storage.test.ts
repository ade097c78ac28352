import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import type { AppContext } from '../src/context.js';
import { openContext } from '../src/server.js';
import { createUser } from '../src/services/users.js';
import type { StorageEnv } from '../src/storage/open.js';
import { closePool } from '../src/workers/pool.js';
import { CLASSES, multipart, PASSWORD, pngBytes } from './helpers.js';
import { startS3rver, type TestS3 } from './s3rver.js';

/** One server process's app, over its own data folder, sharing `database` and `storage` with others. */
interface Process {
  app: FastifyInstance;
  ctx: AppContext;
  data: string;
}

const opened: Process[] = [];
let s3: TestS3 | undefined;
afterEach(async () => {
  for (const p of opened.splice(0)) {
    await p.app.close();
    await p.ctx.queue.stop();
    await p.ctx.db.close();
    await rm(p.data, { recursive: true, force: true });
  }
  await closePool();
  await s3?.close();
  s3 = undefined;
});

/**
 * A process; only the first one (no `database` given: it makes the database) runs jobs, since the
 * in-process queue is for one process (several job runners are the PostgreSQL queue's work).
 */
async function start(database: string | undefined, storage: { storage?: string; env: StorageEnv }): Promise<Process> {
  const data = await mkdtemp(join(tmpdir(), 'segkit-process-'));
  const ctx = await openContext({ data, ...(database === undefined ? {} : { database }), ...storage });
  const app = await buildApp(ctx);
  if (database === undefined) await ctx.queue.start();
  const p = { app, ctx, data };
  opened.push(p);
  return p;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A manager's token and a project with one 4×3 image, made through `p`. */
async function projectWithImage(p: Process): Promise<string> {
  await createUser(p.ctx, undefined, { email: 'm@example.com', password: PASSWORD, name: 'm', role: 'member' });
  const login = await p.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: 'm@example.com', password: PASSWORD },
  });
  const token = login.json().token as string;
  await p.app.inject({
    method: 'POST',
    url: '/api/projects',
    headers: bearer(token),
    payload: { name: 'roads', type: 'semantic', classes: CLASSES },
  });
  const body = multipart([{ name: 'a.png', bytes: pngBytes(4, 3, 77) }]);
  const uploaded = await p.app.inject({
    method: 'POST',
    url: '/api/projects/1/images',
    headers: { ...body.headers, ...bearer(token) },
    payload: body.payload,
  });
  expect(uploaded.statusCode).toBe(201);
  return token;
}

describe('several server processes on one database and one bucket', () => {
  it('an image uploaded through one process downloads through another: a 302 to a presigned URL of the bucket', async () => {
    s3 = await startS3rver();
    const storage = { storage: `s3://${s3.bucket}/team`, env: s3.env };
    const first = await start(undefined, storage);
    const second = await start(join(first.data, 'segkit.db'), storage);
    const token = await projectWithImage(first);

    const answer = await second.app.inject({ method: 'GET', url: '/api/images/1/file', headers: bearer(token) });
    expect(answer.statusCode).toBe(302);
    expect(answer.headers['cache-control']).toBe('no-store');
    const location = new URL(answer.headers.location as string);
    expect(location.origin).toBe(s3.endpoint);
    expect(location.pathname).toMatch(/^\/segkit-test\/team\/images\/[0-9a-f]{32}$/);
    const bytes = await fetch(location);
    expect(bytes.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await bytes.arrayBuffer())).toEqual(pngBytes(4, 3, 77));
    // Nothing about the blob was kept by the first process or in its data folder.
    expect((await s3.keys('team/')).length).toBe(2);
  });

  it('the access check runs before the redirect: a non-member gets 404 and no URL', async () => {
    s3 = await startS3rver();
    const p = await start(undefined, { storage: `s3://${s3.bucket}/team`, env: s3.env });
    await projectWithImage(p);
    await createUser(p.ctx, undefined, { email: 'o@example.com', password: PASSWORD, name: 'o', role: 'member' });
    const login = await p.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'o@example.com', password: PASSWORD },
    });
    const answer = await p.app.inject({
      method: 'GET',
      url: '/api/images/1/thumbnail',
      headers: bearer(login.json().token),
    });
    expect(answer.statusCode).toBe(404);
    expect(answer.headers.location).toBeUndefined();
  });

  it('an export run by one process downloads through another as an attachment named after the project', async () => {
    s3 = await startS3rver();
    const storage = { storage: `s3://${s3.bucket}/team`, env: s3.env };
    const first = await start(undefined, storage);
    const second = await start(join(first.data, 'segkit.db'), storage);
    const token = await projectWithImage(first);
    const started = await first.app.inject({
      method: 'POST',
      url: '/api/projects/1/exports',
      headers: bearer(token),
      payload: { format: 'png' },
    });
    await first.ctx.queue.idle();
    const job = await second.app.inject({
      method: 'GET',
      url: `/api/jobs/${started.json().jobId}`,
      headers: bearer(token),
    });
    expect(job.json().state).toBe('done');
    const answer = await second.app.inject({
      method: 'GET',
      url: job.json().result.downloadUrl,
      headers: bearer(token),
    });
    expect(answer.statusCode).toBe(302);
    const zip = await fetch(answer.headers.location as string);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    expect(zip.headers.get('content-disposition')).toBe(`attachment; filename="roads-${started.json().jobId}.zip"`);
    const bytes = new Uint8Array(await zip.arrayBuffer());
    expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]); // a zip's local file header
  });

  it('on the local driver with a data folder each, the second process cannot read the first one’s blobs', async () => {
    // Why several processes on local disk need one shared folder (docs/server.md).
    const first = await start(undefined, { env: {} });
    const second = await start(join(first.data, 'segkit.db'), { env: {} });
    const token = await projectWithImage(first);
    const own = await first.app.inject({ method: 'GET', url: '/api/images/1/file', headers: bearer(token) });
    expect(own.statusCode).toBe(200);
    const other = await second.app.inject({ method: 'GET', url: '/api/images/1/file', headers: bearer(token) });
    expect(other.statusCode).toBe(404);
  });
});
