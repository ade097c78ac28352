/**
 * The group commit of annotation saves (`SaveQueue`) on the suite's engine: saves that arrive
 * together are committed in one transaction (on PostgreSQL one statement), each checked against the
 * versions before it; a stale one is a conflict and the others land; one that fails fails alone; and
 * on PostgreSQL a version another process inserts while the group runs makes a conflict, not an error.
 * What is answered is read back through a second connection opened afterwards.
 */
import { encode, rleToString } from '@segkit/core';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readVersion, type SaveOutcome, versions } from '../src/db/annotations.js';
import { type Db, openDatabase } from '../src/db/database.js';
import { CLASSES, ENGINE, pngBytes, type TestServer, testServer, upload } from './helpers.js';

let server: TestServer;
let userId: number;
let token: string;
let images: number[];
const opened: Db[] = [];

beforeEach(async () => {
  server = await testServer();
  ({ id: userId, token } = await server.user('mia@example.com'));
  const created = await server.call(token, 'POST', '/api/projects', { name: 'p', type: 'instance', classes: CLASSES });
  const files = Array.from({ length: 6 }, (_, i) => ({ name: `${i}.png`, bytes: pngBytes(20, 10) }));
  const uploaded = await upload(server, token, created.json().id, files);
  images = uploaded.json().images.map((image: { id: number }) => image.id);
});
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
  await server.close();
});

/** The database again, through connections of its own (what a restart would read). */
async function reopened(): Promise<Db> {
  const db = await openDatabase(server.database);
  opened.push(db);
  return db;
}

const document = (i: number) =>
  JSON.stringify([{ id: 1, categoryId: 1, segmentation: { size: [10, 20], counts: `${i}` } }]);

describe(`SaveQueue on ${ENGINE}`, () => {
  it('saves that arrive together commit as one group: the stale one is a conflict, the others land, all read back', async () => {
    const saves = server.ctx.db.saves;
    expect(await saves.save(images[0], userId, 0, document(0))).toEqual({ saved: true, version: 1, started: [] });
    // Queued in one turn of the event loop: one group. images[0] is at version 1, so base 0 is stale.
    const outcomes = await Promise.all(images.map((image, i) => saves.save(image, userId, 0, document(10 + i))));
    expect(outcomes).toEqual([
      { saved: false, currentVersion: 1 },
      ...images.slice(1).map(() => ({ saved: true, version: 1, started: [] })),
    ]);
    const db = await reopened();
    const rows = await Promise.all(images.map((image) => readVersion(db.kysely, image, userId, undefined)));
    expect(rows.map((row) => [row?.version, row?.segments])).toEqual([
      [1, document(0)],
      ...images.slice(1).map((_, i) => [1, document(11 + i)]),
    ]);
    // One group, one transaction: the five new versions carry one timestamp.
    expect(new Set(rows.slice(1).map((row) => row?.created_at)).size).toBe(1);
  });

  it('two saves of one document in one group: the second on the same base is a conflict, one on the next base lands', async () => {
    const saves = server.ctx.db.saves;
    const outcomes = await Promise.all([
      saves.save(images[1], userId, 0, document(1)),
      saves.save(images[1], userId, 0, document(2)),
      saves.save(images[1], userId, 1, document(3)),
      saves.save(images[2], userId, 0, document(4)),
    ]);
    expect(outcomes).toEqual([
      { saved: true, version: 1, started: [] },
      { saved: false, currentVersion: 1 },
      { saved: true, version: 2, started: [] },
      { saved: true, version: 1, started: [] },
    ]);
    const db = await reopened();
    expect((await versions(db.kysely, images[1], userId)).map((row) => row.version)).toEqual([1, 2]);
    expect((await readVersion(db.kysely, images[1], userId, 2))?.segments).toBe(document(3));
  });

  it('a save the database refuses (an image that does not exist) fails alone; the rest of its group lands', async () => {
    const saves = server.ctx.db.saves;
    const results = await Promise.allSettled([
      saves.save(images[1], userId, 0, document(1)),
      saves.save(2 ** 31 - 1, userId, 0, document(2)),
      saves.save(images[2], userId, 0, document(3)),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[0] as PromiseFulfilledResult<SaveOutcome>).value).toEqual({ saved: true, version: 1, started: [] });
    expect((results[2] as PromiseFulfilledResult<SaveOutcome>).value).toEqual({ saved: true, version: 1, started: [] });
    const db = await reopened();
    expect((await readVersion(db.kysely, images[2], userId, undefined))?.segments).toBe(document(3));
  });

  it('over HTTP: concurrent saves of six documents, one stale, give five 200s and one 409 with currentVersion', async () => {
    // An empty 10 × 20 mask (the images' size).
    const empty = { size: [10, 20], counts: rleToString(encode({ height: 10, width: 20, data: new Uint8Array(200) })) };
    const first = await server.call(token, 'PUT', `/api/images/${images[3]}/annotation`, {
      baseVersion: 0,
      segments: [{ id: 1, categoryId: 1, segmentation: empty }],
    });
    expect(first.json()).toEqual({ version: 1 });
    const responses = await Promise.all(
      images.map((image) =>
        server.call(token, 'PUT', `/api/images/${image}/annotation`, {
          baseVersion: 0,
          segments: [{ id: 1, categoryId: 2, segmentation: empty }],
        }),
      ),
    );
    expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 200, 409, 200, 200]);
    expect(responses[3].json()).toMatchObject({ error: { code: 'VERSION_CONFLICT' }, currentVersion: 1 });
    const db = await reopened();
    for (const [i, image] of images.entries()) {
      const row = await readVersion(db.kysely, image, userId, undefined);
      expect(row?.version).toBe(1);
      expect(JSON.parse(row?.segments ?? '[]')[0].categoryId).toBe(i === 3 ? 1 : 2);
    }
  });
});

describe.runIf(ENGINE === 'postgres')('SaveQueue on postgres: another process', () => {
  it('a version another process inserts while the group runs makes that save a conflict, and the others land', async () => {
    // The other process: a transaction that has inserted version 1 of images[1] and not committed.
    const other = new pg.Client({ connectionString: server.database });
    await other.connect();
    try {
      await other.query('begin');
      await other.query(
        `insert into annotations (image_id, user_id, version, segments, created_at) values ($1, $2, 1, '[]', 'then')`,
        [images[1], userId],
      );
      const saves = server.ctx.db.saves;
      // The group's lookup sees no version of images[1] yet; its insert waits on the other's row.
      const pending = Promise.all([
        saves.save(images[1], userId, 0, document(1)),
        saves.save(images[2], userId, 0, document(2)),
      ]);
      await waitForLockWait(other);
      await other.query('commit');
      expect(await pending).toEqual([
        { saved: false, currentVersion: 1 },
        { saved: true, version: 1, started: [] },
      ]);
    } finally {
      await other.end();
    }
    const db = await reopened();
    expect((await readVersion(db.kysely, images[1], userId, undefined))?.segments).toBe('[]');
  });
});

/** Resolves once a backend of this database waits for a lock (the group's insert on the other's row). */
async function waitForLockWait(client: pg.Client): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const { rows } = await client.query(
      `select count(*)::int as n from pg_stat_activity
       where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
    );
    if (rows[0].n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no backend waited for the lock within 5 s');
}
