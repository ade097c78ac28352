/**
 * The save path's database pieces on a real SQLite file: a group of saves is acknowledged only after
 * its flush (the durability promise when the fsync runs off the event loop), a failed flush answers
 * no save as done, and the statement cache never hands out a statement that is still iterating.
 */
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DeferredSync, readVersion, SaveQueue } from '../src/db/annotations.js';
import { cachingStatements } from '../src/db/statement-cache.js';
import { CLASSES, pngBytes, type TestServer, testServer, upload } from './helpers.js';

let server: TestServer;
let imageId: number;
let userId: number;

beforeEach(async () => {
  server = await testServer();
  const manager = await server.user('mia@example.com');
  userId = manager.id;
  const created = await server.call(manager.token, 'POST', '/api/projects', {
    name: 'p',
    type: 'instance',
    classes: CLASSES,
  });
  const images = await upload(server, manager.token, created.json().id, [{ name: 'a.png', bytes: pngBytes(4, 3) }]);
  imageId = images.json().images[0].id;
});
afterEach(async () => server.close());

/** A DeferredSync whose flushes wait until the test lets them finish (or fail). */
function heldFlushes() {
  const waiting: Array<{ finish(): void; fail(error: Error): void }> = [];
  const sync: DeferredSync = {
    unsynced: (db, work) => work(db),
    flush: () => new Promise<void>((finish, fail) => waiting.push({ finish, fail })),
  };
  return { sync, waiting };
}

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe('SaveQueue with a deferred flush', () => {
  it('answers a group only after its flush: committed (readable) before, acknowledged after', async () => {
    const { sync, waiting } = heldFlushes();
    const queue = new SaveQueue(server.ctx.db.kysely, sync);
    const first = queue.save(imageId, userId, 0, '[]');
    const stale = queue.save(imageId, userId, 0, '[]'); // same base in the same group: a conflict
    expect(await settled(first)).toBe(false);
    expect(waiting).toHaveLength(1);
    expect((await readVersion(server.ctx.db.kysely, imageId, userId, undefined))?.version).toBe(1);
    waiting[0].finish();
    expect(await first).toEqual({ saved: true, version: 1, started: [] });
    expect(await stale).toEqual({ saved: false, currentVersion: 1 });
  });

  it('commits the next group while a flush runs, and answers each group after its own flush', async () => {
    const { sync, waiting } = heldFlushes();
    const queue = new SaveQueue(server.ctx.db.kysely, sync);
    const first = queue.save(imageId, userId, 0, '[]');
    await settled(first);
    const second = queue.save(imageId, userId, 1, '[]');
    expect(await settled(second)).toBe(false);
    expect(waiting).toHaveLength(2); // both committed, both waiting for a flush
    waiting[1].finish();
    expect(await second).toEqual({ saved: true, version: 2, started: [] });
    expect(await settled(first)).toBe(false);
    waiting[0].finish();
    expect(await first).toEqual({ saved: true, version: 1, started: [] });
  });

  it('a failed flush rejects every save of its group', async () => {
    const { sync, waiting } = heldFlushes();
    const queue = new SaveQueue(server.ctx.db.kysely, sync);
    const saves = [queue.save(imageId, userId, 0, '[]'), queue.save(imageId, userId, 0, '[]')];
    await settled(saves[0]);
    waiting[0].fail(new Error('EIO: fdatasync failed'));
    for (const save of saves) await expect(save).rejects.toThrow('EIO');
  });
});

describe('cachingStatements', () => {
  it('hands out one prepared statement per SQL text, and a fresh one while it is still iterating', () => {
    const database = new SQLite(':memory:');
    const cached = cachingStatements(database);
    database.exec('create table t (x integer); insert into t values (1), (2), (3)');
    const sql = 'select x from t order by x';
    const statement = cached.prepare(sql);
    expect(cached.prepare(sql)).toBe(statement);
    const iterator = statement.iterate([]);
    iterator.next();
    const other = cached.prepare(sql);
    expect(other).not.toBe(statement);
    expect(other.all([])).toEqual([{ x: 1 }, { x: 2 }, { x: 3 }]);
    iterator.return?.();
    cached.close();
    expect(database.open).toBe(false);
  });
});
