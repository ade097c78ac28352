/**
 * The job queue on each engine: SQLite's in-process queue and PostgreSQL's pg-boss queue behind one
 * interface. The multi-process cases (a separate `segkit worker`, kill -9, SIGTERM) are in
 * apps/cli/test/worker.test.ts; here, in one process, what can be driven exactly: a run that
 * outlives its expiry, a job whose retries run out, what a closed server leaves on PostgreSQL.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { jobById } from '../src/db/jobs.js';
import type { JobHandler } from '../src/queue/queue.js';
import { openContext } from '../src/server.js';
import { CLASSES, ENGINE, freshDatabase, type TestServer, testServer } from './helpers.js';

let server: TestServer | undefined;
const db = () => (server as TestServer).ctx.db.kysely;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A project and its manager, for jobs to belong to. */
async function project(on: TestServer): Promise<{ projectId: number; userId: number }> {
  const manager = await on.user('m@example.com');
  const created = await on.call(manager.token, 'POST', '/api/projects', {
    name: 'p',
    type: 'semantic',
    classes: CLASSES,
  });
  expect(created.statusCode).toBe(201);
  return { projectId: created.json().id, userId: manager.id };
}

/**
 * An export handler whose first attempt writes its blob and then waits for `release()`; later
 * attempts finish at once. Each returns the blob it wrote as `blobKey`, as the real export does.
 */
function heldFirstAttempt() {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const handler: JobHandler = async (ctx, job) => {
    const key = `exports/${job.id}-attempt${job.attempts}.zip`;
    await ctx.blobs.put(key, new Uint8Array([job.attempts]));
    if (job.attempts === 1) await gate;
    return { blobKey: key, attempt: job.attempts };
  };
  return { handler, release: () => release() };
}

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe(`an export job's blobs once it is finished (${ENGINE})`, () => {
  /** A handler that finds what an earlier, killed run left, then fails or writes its zip. */
  const leftBehind = (fail: boolean): JobHandler => {
    return async (ctx, job) => {
      await ctx.blobs.put(`exports/${job.id}-killed-run.zip`, new Uint8Array([1]));
      // Another job's zip whose id starts with the same digits is not this job's.
      await ctx.blobs.put(`exports/${job.id}0-other.zip`, new Uint8Array([2]));
      if (fail) throw new Error('the writer failed');
      await ctx.blobs.put(`exports/${job.id}-final.zip`, new Uint8Array([3]));
      return { blobKey: `exports/${job.id}-final.zip` };
    };
  };

  it.each([
    ['failed', true],
    ['done', false],
  ])('a %s export keeps no partial zip of its own runs: only the zip its result names', async (state, fail) => {
    server = await testServer({}, { handlers: { export: leftBehind(fail) } });
    const { projectId, userId } = await project(server);
    const job = await server.ctx.queue.enqueue('export', projectId, userId, {});
    const row = await until(
      'the outcome',
      () => jobById(db(), job.id),
      (r) => r?.state === 'done' || r?.state === 'failed',
    );
    expect(row?.state).toBe(state);
    await server.ctx.queue.idle();
    const keys = (await server.blobKeys()).filter((key) => key.startsWith('exports/')).sort();
    expect(keys).toEqual(
      fail ? [`exports/${job.id}0-other.zip`] : [`exports/${job.id}-final.zip`, `exports/${job.id}0-other.zip`],
    );
  });
});

describe.skipIf(ENGINE !== 'sqlite')('jobs on SQLite (the in-process queue)', () => {
  it('openContext with jobs left to workers (work: false) is refused: BAD_SETTING, nobody else would run them', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const data = await mkdtemp(join(tmpdir(), 'segkit-jobs-'));
    try {
      await expect(
        openContext({ data, database: await freshDatabase(data), jobs: { work: false } }),
      ).rejects.toMatchObject({ code: 'BAD_SETTING', message: expect.stringContaining('needs PostgreSQL') });
    } finally {
      await rm(data, { recursive: true, force: true });
    }
  });
});

describe.skipIf(ENGINE !== 'postgres')('jobs on PostgreSQL (pg-boss)', () => {
  const fast = { expireSeconds: 1, maintenanceSeconds: 1, pollSeconds: 0.5, concurrency: 2 };

  it('a run that outlives its expiry is run again; the late run writes nothing and its blob is deleted', async () => {
    const held = heldFirstAttempt();
    server = await testServer({}, { handlers: { export: held.handler }, settings: { ...fast, retries: 1 } });
    const { projectId, userId } = await project(server);
    const job = await server.ctx.queue.enqueue('export', projectId, userId, {});
    const done = await until(
      'the retry',
      () => jobById(db(), job.id),
      (row) => row?.state !== 'running' && row?.state !== 'queued',
    );
    expect(done).toMatchObject({ state: 'done', attempts: 2, progress: 1 });
    expect(JSON.parse(done?.result ?? 'null')).toEqual({ blobKey: `exports/${job.id}-attempt2.zip`, attempt: 2 });
    // The first run ends now, long past its expiry: its outcome is dropped (the row has moved on).
    held.release();
    await server.ctx.queue.idle();
    expect(await jobById(db(), job.id)).toEqual(done);
    expect([...((await server.ctx.blobs.get(`exports/${job.id}-attempt2.zip`)) ?? [])]).toEqual([2]);
    expect(await server.ctx.blobs.get(`exports/${job.id}-attempt1.zip`)).toBeUndefined();
  });

  it('a job whose runs are all lost (no retries left) fails with JOB_LOST and stays failed when the late run ends', async () => {
    const held = heldFirstAttempt();
    server = await testServer({}, { handlers: { export: held.handler }, settings: { ...fast, retries: 0 } });
    const { projectId, userId } = await project(server);
    const job = await server.ctx.queue.enqueue('export', projectId, userId, {});
    const failed = await until(
      'JOB_LOST',
      () => jobById(db(), job.id),
      (row) => row?.state !== 'running' && row?.state !== 'queued',
    );
    expect(failed).toMatchObject({ state: 'failed', attempts: 1, result: null });
    expect(JSON.parse(failed?.error ?? 'null')).toEqual({
      code: 'JOB_LOST',
      message: `job ${job.id} was started 1 times and never finished (its workers were killed or stopped, or it ran past SEGKIT_JOB_EXPIRE_SECONDS); it is not tried again`,
    });
    // Failed for good: the lost run's partial zip is swept at once, while that run still holds.
    await until(
      'the sweep',
      async () => server?.ctx.blobs.get(`exports/${job.id}-attempt1.zip`),
      (bytes) => bytes === undefined,
    );
    held.release();
    await server.ctx.queue.idle();
    expect(await jobById(db(), job.id)).toEqual(failed);
    expect(await server.ctx.blobs.get(`exports/${job.id}-attempt1.zip`)).toBeUndefined();
  });

  it('a server starting beside a live worker leaves the job it runs alone (no requeue across processes)', async () => {
    const held = heldFirstAttempt();
    server = await testServer({}, { handlers: { export: held.handler }, settings: fast });
    const { projectId, userId } = await project(server);
    const job = await server.ctx.queue.enqueue('export', projectId, userId, {});
    await until(
      'the first run',
      () => jobById(db(), job.id),
      (row) => row?.state === 'running',
    );
    let secondRuns = 0;
    const second = await openContext({
      data: server.data,
      database: server.database,
      jobs: { settings: fast, handlers: { export: async () => ({ run: ++secondRuns }) } },
    });
    try {
      await second.queue.start();
      // SQLite's queue requeues running jobs at start; here the first server's run keeps its job.
      expect(await jobById(db(), job.id)).toMatchObject({ state: 'running', attempts: 1 });
      held.release();
      await server.ctx.queue.idle();
      expect(await jobById(db(), job.id)).toMatchObject({ state: 'done', attempts: 1 });
      expect(secondRuns).toBe(0);
    } finally {
      await second.queue.stop();
      await second.db.close();
    }
  });

  it("pg-boss lives in the test database's pgboss schema (dropped with it); a closed server leaves no connection", async () => {
    server = await testServer();
    const kysely = server.ctx.db.kysely;
    const schemas = await sql<{ name: string }>`
      select schema_name as name from information_schema.schemata where schema_name = 'pgboss'`.execute(kysely);
    expect(schemas.rows).toEqual([{ name: 'pgboss' }]);
    const connections = () =>
      sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and application_name = 'segkit-jobs'`.execute(kysely);
    expect((await connections()).rows[0]?.n).toBeGreaterThan(0);
    await server.ctx.queue.stop();
    // A backend leaves pg_stat_activity a moment after its client has gone.
    await until('pg-boss connections to close', connections, (result) => result.rows[0]?.n === 0);
  });
});
