/**
 * The database layer on the suite's engine (SQLite or PostgreSQL, see helpers.ts's ENGINE):
 * migrations from an empty database, values that read back the same on both engines, servers
 * starting together on one database, and what GET /api/health says.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { batchById, insertBatch } from '../src/db/batches.js';
import { type Db, openDatabase } from '../src/db/database.js';
import { imageWithProject, insertImages, tokenUserWithImage } from '../src/db/images.js';
import { finishJob, insertJob, jobById, setProgress } from '../src/db/jobs.js';
import { MIGRATION_LOCK, migrateToLatest } from '../src/db/migrate.js';
import { insertProject, setMember } from '../src/db/projects.js';
import { countUsers, insertToken, insertUser, userByTokenHash } from '../src/db/users.js';
import { openContext } from '../src/server.js';
import { createUser, ensureFirstAdmin } from '../src/services/users.js';
import { closePool } from '../src/workers/pool.js';
import { CLASSES, ENGINE, freshDatabase, multipart, PASSWORD, pngBytes, testServer } from './helpers.js';

const TABLES = [
  'annotations',
  'assignees',
  'assignments',
  'batch_images',
  'batches',
  'comments',
  'gold',
  'image_reviews',
  'images',
  'jobs',
  'kysely_migration',
  'kysely_migration_lock',
  'login_failures',
  'members',
  'prelabels',
  'projects',
  'qa_snapshots',
  'tokens',
  'users',
];

/** Every numbered migration, in order (db/migrations). */
const MIGRATIONS = [
  '0001-initial',
  '0002-qa-snapshots',
  '0003-save-indexes',
  '0004-image-reviews',
  '0005-comment-resolution',
];

let data: string;
let url: string;
const opened: Db[] = [];

async function open(): Promise<Db> {
  const db = await openDatabase(url);
  opened.push(db);
  return db;
}

/** The tables of the database's own schema (on PostgreSQL the file's database holds other tests' schemas). */
async function tables(db: Db): Promise<string[]> {
  const all = await db.kysely.introspection.getTables({ withInternalKyselyTables: true });
  if (db.engine === 'sqlite') return all.map((table) => table.name).sort();
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db.kysely);
  return all
    .filter((table) => table.schema === rows[0]?.schema)
    .map((table) => table.name)
    .sort();
}

beforeEach(async () => {
  data = await mkdtemp(join(tmpdir(), 'segkit-db-'));
  url = await freshDatabase(data);
});
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
  await rm(data, { recursive: true, force: true });
});

describe(`database on ${ENGINE}`, () => {
  it('openDatabase on an empty database runs every migration in order; opening it again runs none', async () => {
    const db = await open();
    expect(db.engine).toBe(ENGINE);
    expect(await tables(db)).toEqual(TABLES);
    const ran = await db.kysely
      .selectFrom('kysely_migration' as never)
      .select('name' as never)
      .orderBy('name' as never)
      .execute();
    expect(ran.map((row) => (row as { name: string }).name)).toEqual(MIGRATIONS);
    expect(await migrateToLatest(db.kysely as never, ENGINE)).toEqual([]);
    const again = await open();
    expect(await tables(again)).toEqual(TABLES);
  });

  it('ids and counts read back as numbers, floats as the doubles written', async () => {
    const db = await open();
    const user = await insertUser(db.kysely, { email: 'a@example.com', name: 'A', role: 'admin', password_hash: 'x' });
    expect(user?.id).toBe(1);
    // COUNT(*) is a 64-bit integer on PostgreSQL, which its driver reads as a string by default.
    const counted = await sql<{ n: unknown }>`select count(*) as n from users`.execute(db.kysely);
    expect(counted.rows[0]?.n).toBe(1);
    const project = await insertProject(
      db.kysely,
      { name: 'p', type: 'semantic', classes: '[]', ignore_index: 255, delivery_format: 'png', created_by: 1 },
      1,
    );
    const [image] = await insertImages(db.kysely, [
      {
        project_id: project.id,
        file_name: 'a.png',
        width: 4,
        height: 3,
        blob_key: 'a',
        thumb_key: 't',
        media_type: 'image/png',
        bytes: 2 ** 31 - 1,
      },
    ]);
    expect(image).toMatchObject({ id: 1, project_id: 1, width: 4, height: 3, bytes: 2 ** 31 - 1 });
    const batch = await insertBatch(db.kysely, {
      project_id: project.id,
      name: 'b',
      deadline: '2030-01-01T00:00:00.000Z',
      honeypot_share: 0.1,
      created_by: 1,
      images: [{ imageId: 1, honeypot: true }],
      assignments: [{ imageId: 1, userId: 1 }],
      assignees: [1],
    });
    // A 4-byte float would read 0.1 back as 0.10000000149011612.
    expect((await batchById(db.kysely, batch.id))?.honeypot_share).toBe(0.1);
    const job = await insertJob(db.kysely, { kind: 'export', project_id: 1, created_by: 1, payload: '{}' });
    await db.kysely.updateTable('jobs').set({ state: 'running' }).where('id', '=', job.id).execute();
    await setProgress(db.kysely, job.id, 1 / 3);
    expect((await jobById(db.kysely, job.id))?.progress).toBe(1 / 3);
    await finishJob(db.kysely, job.id, { state: 'done', result: '{"key":"x"}' });
    expect(await jobById(db.kysely, job.id)).toMatchObject({ id: 1, state: 'done', progress: 1, attempts: 0 });
  });

  it('tokenUserWithImage answers what userByTokenHash and imageWithProject answer, in one query', async () => {
    const db = await open();
    const insert = async (email: string, role: 'admin' | 'member') => {
      const user = await insertUser(db.kysely, { email, name: email, role, password_hash: 'x' });
      if (user === undefined) throw new Error(`no user ${email}`);
      return user;
    };
    const manager = await insert('m@example.com', 'member');
    const annotator = await insert('a@example.com', 'member');
    const outsider = await insert('o@example.com', 'member');
    const project = await insertProject(
      db.kysely,
      { name: 'p', type: 'instance', classes: '[]', ignore_index: 255, delivery_format: 'coco-rle', created_by: 1 },
      manager.id,
    );
    await setMember(db.kysely, project.id, annotator.id, 'annotator');
    const [image] = await insertImages(db.kysely, [
      {
        project_id: project.id,
        file_name: 'a.png',
        width: 4,
        height: 3,
        blob_key: 'a',
        thumb_key: 't',
        media_type: 'image/png',
        bytes: 99,
      },
    ]);
    if (image === undefined) throw new Error('no image');
    const later = new Date(Date.now() + 60_000).toISOString();
    const now = new Date().toISOString();
    for (const [user, hash] of [
      [manager, 'hm'],
      [annotator, 'ha'],
      [outsider, 'ho'],
    ] as const) {
      await insertToken(db.kysely, {
        user_id: user.id,
        token_hash: hash,
        kind: 'api',
        csrf_hash: null,
        expires_at: later,
      });
    }
    await insertToken(db.kysely, {
      user_id: manager.id,
      token_hash: 'expired',
      kind: 'api',
      csrf_hash: null,
      expires_at: new Date(Date.now() - 1000).toISOString(),
    });
    for (const [hash, user] of [
      ['hm', manager],
      ['ha', annotator],
      ['ho', outsider],
    ] as const) {
      const both = await tokenUserWithImage(db.kysely, hash, now, image.id);
      expect(both?.user).toEqual(await userByTokenHash(db.kysely, hash, now));
      expect(both?.found).toEqual(await imageWithProject(db.kysely, image.id, user.id));
    }
    expect((await tokenUserWithImage(db.kysely, 'ha', now, image.id))?.found?.role).toBe('annotator');
    expect((await tokenUserWithImage(db.kysely, 'ho', now, image.id))?.found).toMatchObject({
      image: { id: image.id, bytes: 99 },
      role: undefined,
    });
    // An image that does not exist: the user, and nothing found. An unknown or expired token: nothing.
    expect(await tokenUserWithImage(db.kysely, 'hm', now, image.id + 1)).toMatchObject({
      user: { id: manager.id },
      found: undefined,
    });
    expect(await tokenUserWithImage(db.kysely, 'nope', now, image.id)).toBeUndefined();
    expect(await tokenUserWithImage(db.kysely, 'expired', now, image.id)).toBeUndefined();
  });

  it('two servers starting together on one empty database with SEGKIT_ADMIN_*: both start, one admin', async () => {
    const admin = { email: 'root@example.com', password: 'long password' };
    const contexts = await Promise.all([openContext({ data, database: url }), openContext({ data, database: url })]);
    try {
      const created = await Promise.all(contexts.map((ctx) => ensureFirstAdmin(ctx, admin)));
      expect(created.filter((user) => user !== undefined)).toHaveLength(1);
      expect(await countUsers(contexts[0].db.kysely)).toBe(1);
    } finally {
      for (const ctx of contexts) await ctx.db.close();
    }
  });

  it('two servers on one database: sessions, failed logins and versions are shared; a stale save through either is 409', async () => {
    const config = { loginFailuresPerMinute: 3 };
    const contexts = [
      await openContext({ data, database: url, config }),
      await openContext({ data, database: url, config }),
    ];
    const [a, b] = await Promise.all(contexts.map((ctx) => buildApp(ctx)));
    const call = (app: typeof a, token: string | undefined, method: string, path: string, body?: unknown) =>
      app.inject({
        method: method as 'GET',
        url: path,
        headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
        ...(body === undefined ? {} : { payload: body as object }),
      });
    try {
      await createUser(contexts[0], undefined, {
        email: 'ada@example.com',
        password: PASSWORD,
        name: 'Ada',
        role: 'admin',
      });
      const login = await call(a, undefined, 'POST', '/api/auth/login', {
        email: 'ada@example.com',
        password: PASSWORD,
      });
      const token = login.json().token as string;
      expect((await call(b, token, 'GET', '/api/auth/me')).json().user.email).toBe('ada@example.com');
      await call(a, token, 'POST', '/api/projects', { name: 'p', type: 'instance', classes: CLASSES });
      const body = multipart([{ name: 'a.png', bytes: pngBytes(4, 4) }]);
      const uploaded = await b.inject({
        method: 'POST',
        url: '/api/projects/1/images',
        headers: { ...body.headers, authorization: `Bearer ${token}` },
        payload: body.payload,
      });
      expect(uploaded.statusCode).toBe(201);
      // Both servers save on version 0 at once: one lands, the other is told the version that did.
      const saves = await Promise.all(
        [a, b].map((app) => call(app, token, 'PUT', '/api/images/1/annotation', { baseVersion: 0, segments: [] })),
      );
      expect(saves.map((save) => save.statusCode).sort()).toEqual([200, 409]);
      expect(saves.find((save) => save.statusCode === 409)?.json().currentVersion).toBe(1);
      expect((await call(a, token, 'GET', '/api/images/1/annotation')).json().version).toBe(1);
      // Failed logins on one server count on the other.
      for (let i = 0; i < 3; i++) {
        const wrong = await call(a, undefined, 'POST', '/api/auth/login', {
          email: 'ada@example.com',
          password: 'wrong one',
        });
        expect(wrong.statusCode).toBe(401);
      }
      const limited = await call(b, undefined, 'POST', '/api/auth/login', {
        email: 'ada@example.com',
        password: PASSWORD,
      });
      expect(limited.statusCode).toBe(429);
      // A logout on one server ends the token on the other.
      expect((await call(b, token, 'POST', '/api/auth/logout')).statusCode).toBeLessThan(300);
      expect((await call(a, token, 'GET', '/api/auth/me')).statusCode).toBe(401);
    } finally {
      await a.close();
      await b.close();
      await closePool();
      for (const ctx of contexts) await ctx.db.close();
    }
  });

  it('a NUL character in a JSON text or a query is 400 naming where (PostgreSQL text cannot hold it), nothing stored', async () => {
    const server = await testServer();
    try {
      const admin = await server.user('ada@example.com', 'admin');
      const project = await server.call(admin.token, 'POST', '/api/projects', {
        name: 'a\u0000b',
        type: 'instance',
        classes: CLASSES,
      });
      expect([project.statusCode, project.json().error.message]).toEqual([
        400,
        'body.name holds a NUL character (U+0000), which no text may hold',
      ]);
      const login = await server.call(undefined, 'POST', '/api/auth/login', { email: 'a\u0000@x', password: PASSWORD });
      expect(login.json().error.code).toBe('BAD_REQUEST');
      const lookup = await server.call(admin.token, 'GET', '/api/users?email=a%00b');
      expect(lookup.json().error.message).toBe('query.email holds a NUL character (U+0000), which no text may hold');
      expect((await server.call(admin.token, 'GET', '/api/projects')).json().projects).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('GET /api/health names the engine', async () => {
    const server = await testServer();
    try {
      const response = await server.call(undefined, 'GET', '/api/health');
      expect(response.json()).toEqual({ status: 'ok', database: ENGINE, version: '0.1.0' });
    } finally {
      await server.close();
    }
  });
});

describe.runIf(ENGINE === 'postgres')('database on postgres: several processes', () => {
  it('four servers opening one empty database together migrate it once', async () => {
    const dbs = await Promise.all([open(), open(), open(), open()]);
    for (const db of dbs) expect(await tables(db)).toEqual(TABLES);
    const ran = await dbs[0].kysely
      .selectFrom('kysely_migration' as never)
      .select('name' as never)
      .orderBy('name' as never)
      .execute();
    // Each migration ran once: one row each.
    expect(ran.map((row) => (row as { name: string }).name)).toEqual(MIGRATIONS);
  });

  it('a server waits for the migration lock another process holds, then finds the schema migrated', async () => {
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('select pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
      let settled = false;
      const opening = open().finally(() => {
        settled = true;
      });
      // The lock is a bigint: pg_locks shows its high and low 32 bits as classid and objid.
      const waiting = async () =>
        (
          await holder.query(
            `select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted
               and database = (select oid from pg_database where datname = current_database())
               and classid = $1 and objid = $2`,
            [Number(MIGRATION_LOCK >> 32n), Number(MIGRATION_LOCK & 0xffffffffn)],
          )
        ).rows[0].n as number;
      for (let i = 0; i < 500 && (await waiting()) === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await waiting()).toBe(1);
      expect(settled).toBe(false);
      expect((await holder.query(`select to_regclass('users') as t`)).rows[0].t).toBeNull();
      await holder.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]);
      const db = await opening;
      expect(await tables(db)).toEqual(TABLES);
    } finally {
      await holder.end();
    }
  });
});
