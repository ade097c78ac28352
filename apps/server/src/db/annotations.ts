import { type Kysely, sql } from 'kysely';
import { markStarted } from './batches.js';
import type { Engine } from './engine.js';
import type { Database } from './schema.js';

export interface VersionRow {
  version: number;
  segments: string;
  created_at: string;
  user_id: number;
}

export async function currentVersion(db: Kysely<Database>, imageId: number, userId: number): Promise<number> {
  // Raw SQL: this runs for every save, and Kysely's builder cost more than the query (db/images.ts).
  const { rows } = await sql<{ v: number | null }>`
    select max(version) as v from annotations where image_id = ${imageId} and user_id = ${userId}`.execute(db);
  return Number(rows[0]?.v ?? 0);
}

/** A version of a user's document, the newest when `version` is undefined. */
export function readVersion(
  db: Kysely<Database>,
  imageId: number,
  userId: number,
  version: number | undefined,
): Promise<VersionRow | undefined> {
  let query = db
    .selectFrom('annotations')
    .select(['version', 'segments', 'created_at', 'user_id'])
    .where('image_id', '=', imageId)
    .where('user_id', '=', userId);
  query = version === undefined ? query.orderBy('version', 'desc').limit(1) : query.where('version', '=', version);
  return query.executeTakeFirst();
}

/**
 * What became of a save: the version it made and the batches it started (the saver's assignee status
 * went from todo to in_progress in the same transaction, `markStarted`), or the current version.
 */
export type SaveOutcome =
  | { saved: true; version: number; started: number[] }
  | { saved: false; currentVersion: number };

/**
 * How an engine makes a commit durable apart from the COMMIT itself (SQLite: `walSync`). Without one,
 * a COMMIT is durable when it returns (PostgreSQL, SQLite with `synchronous=FULL`).
 */
export interface DeferredSync {
  /** Runs `work` (which commits) on one connection whose COMMIT does not wait for the disk. */
  unsynced<T>(db: Kysely<Database>, work: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /** Resolves once every transaction committed before the call is on disk. */
  flush(): Promise<void>;
}

interface PendingSave {
  imageId: number;
  userId: number;
  baseVersion: number;
  segments: string;
  resolve(outcome: SaveOutcome): void;
  reject(error: unknown): void;
}

/** Rows per statement (SQLite binds at most 32766 parameters; 5 a row here). */
const CHUNK = 200;

/**
 * Saves version `baseVersion + 1` of a user's document if `baseVersion` is the current one.
 *
 * Group commit: the saves that arrive while a group is being committed wait and are committed together
 * in the next transaction, each checked against the versions before it (so two saves of one base in
 * one group still give one 200 and one conflict). Every promise resolves only once its transaction is
 * durable, so the cost of a commit (its disk flush, its round trips) is paid once per group:
 * - SQLite: one lookup per document and one insert for all in one transaction; with a `DeferredSync`
 *   the save is answered after the flush that follows the COMMIT, which runs off the event loop while
 *   the next group commits.
 * - PostgreSQL: one statement per group (`commitGroupPostgres`), its own transaction, answered after
 *   PostgreSQL reports it committed (with `synchronous_commit` on: flushed to the WAL on disk).
 * A save that makes its group fail is retried on its own, so it cannot fail the others. The unique
 * (image, user, version) key stays the last guard against a lost update between processes.
 */
export class SaveQueue {
  readonly #db: Kysely<Database>;
  readonly #sync: DeferredSync | undefined;
  readonly #engine: Engine;
  #pending: PendingSave[] = [];
  #writing: Promise<void> | undefined;

  constructor(db: Kysely<Database>, sync?: DeferredSync, engine: Engine = 'sqlite') {
    this.#db = db;
    this.#sync = sync;
    this.#engine = engine;
  }

  save(imageId: number, userId: number, baseVersion: number, segments: string): Promise<SaveOutcome> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ imageId, userId, baseVersion, segments, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#writing !== undefined) return; // the running write takes what waits when it ends
    this.#writing = new Promise<void>((done) => setImmediate(done))
      .then(() => this.#write())
      .finally(() => {
        this.#writing = undefined;
        if (this.#pending.length > 0) this.#schedule();
      });
  }

  async #write(): Promise<void> {
    const group = this.#pending;
    this.#pending = [];
    if (group.length === 0) return;
    if (this.#engine === 'postgres') return commitGroupPostgres(this.#db, group);
    let outcomes: SaveOutcome[];
    try {
      const sync = this.#sync;
      outcomes = await (sync === undefined
        ? commitGroup(this.#db, group)
        : sync.unsynced(this.#db, (connection) => commitGroup(connection, group)));
    } catch (error) {
      // A failed group (a unique-key race with another process) is retried one save at a time.
      if (group.length > 1 || isUniqueViolation(error)) {
        saveEach(this.#db, group);
        return;
      }
      for (const item of group) item.reject(error);
      return;
    }
    const answer = () => {
      for (const [i, item] of group.entries()) item.resolve(outcomes[i]);
    };
    if (this.#sync === undefined) answer();
    else
      this.#sync.flush().then(answer, (error) => {
        for (const item of group) item.reject(error);
      });
  }
}

/** Each save in its own transaction, answered as it ends (the fallback of a group that failed). */
function saveEach(db: Kysely<Database>, group: readonly PendingSave[]): void {
  for (const item of group) {
    saveVersion(db, item.imageId, item.userId, item.baseVersion, item.segments).then(item.resolve, item.reject);
  }
}

/** Rows per PostgreSQL group statement (5 parameters a row; PostgreSQL binds at most 65535). */
const PG_CHUNK = 100;

/**
 * PostgreSQL's group commit: one statement per group, which PostgreSQL runs as one transaction,
 * looks up the current version of every document, inserts the saves whose base is current and
 * answers, per save, the version it found and whether its row went in:
 *
 *   input (ord, image_id, user_id, base, segments) = the group's saves, one document each
 *   looked_up = input + the newest version of each document (0: none)
 *   saved     = insert base + 1 where that version = base, on conflict (image, user, version) do nothing
 *   started   = the saved documents' assignees todo → in_progress (`markStarted`, one statement)
 *
 * Why one statement: a save in a transaction of its own cost four round trips (BEGIN, lookup, INSERT,
 * COMMIT), each a parse and plan in a backend and a wake-up of two processes on a busy machine, and a
 * WAL flush per save; `bench:server` measured 2.1 ms of server and 2.4 ms of backend CPU per save
 * and 290 saves/s. Now a group of n saves costs one round trip and one flush.
 *
 * Durable before answered: pg resolves a query on ReadyForQuery, which the backend sends after the
 * statement's implicit transaction has committed (a failed COMMIT is an error instead).
 *
 * A document appears once per statement (a second save of it in the group goes into the next
 * statement, which sees the first committed). A save whose row another process inserted first
 * (`on conflict do nothing` skipped it) gets a conflict with the version read after. A statement that
 * fails (an image deleted meanwhile) is retried one save at a time, so only the bad save fails.
 */
async function commitGroupPostgres(db: Kysely<Database>, group: readonly PendingSave[]): Promise<void> {
  let remaining = group;
  while (remaining.length > 0) {
    const seen = new Set<string>();
    const round: PendingSave[] = [];
    const later: PendingSave[] = [];
    for (const item of remaining) {
      const key = documentKey(item.imageId, item.userId);
      (seen.has(key) ? later : round).push(item);
      seen.add(key);
    }
    for (let i = 0; i < round.length; i += PG_CHUNK) await commitChunkPostgres(db, round.slice(i, i + PG_CHUNK));
    remaining = later;
  }
}

async function commitChunkPostgres(db: Kysely<Database>, chunk: readonly PendingSave[]): Promise<void> {
  let rows: Array<{ ord: number; found: number; saved: boolean; started: number[] }>;
  try {
    rows = (await insertIfCurrent(db, chunk)).rows;
  } catch {
    // Each save on its own: the one that made the statement fail fails alone.
    await Promise.all(
      chunk.map((item) =>
        saveVersion(db, item.imageId, item.userId, item.baseVersion, item.segments).then(item.resolve, item.reject),
      ),
    );
    return;
  }
  const raced: PendingSave[] = [];
  for (const row of rows) {
    const item = chunk[row.ord];
    if (item === undefined) continue;
    if (row.saved) item.resolve({ saved: true, version: item.baseVersion + 1, started: row.started });
    else if (row.found !== item.baseVersion) item.resolve({ saved: false, currentVersion: row.found });
    else raced.push(item); // its version was inserted by another process after this statement began
  }
  for (const item of raced) {
    currentVersion(db, item.imageId, item.userId).then(
      (found) => item.resolve({ saved: false, currentVersion: found }),
      item.reject,
    );
  }
}

function insertIfCurrent(db: Kysely<Database>, chunk: readonly PendingSave[]) {
  // The row number is a literal: the text differs by the number of rows anyway, and is prepared once
  // per number on each connection (db/database.ts names statements).
  const input = sql.join(
    chunk.map(
      (item, ord) =>
        sql`(${sql.lit(ord)}, ${item.imageId}::integer, ${item.userId}::integer, ${item.baseVersion}::integer, ${item.segments}::text)`,
    ),
  );
  return sql<{ ord: number; found: number; saved: boolean; started: number[] }>`
    with input (ord, image_id, user_id, base, segments) as (values ${input}),
    looked_up as (
      select input.*, coalesce((select max(a.version) from annotations a
        where a.image_id = input.image_id and a.user_id = input.user_id), 0) as version
      from input),
    saved as (
      insert into annotations (image_id, user_id, version, segments, created_at)
      select image_id, user_id, base + 1, segments, ${new Date().toISOString()}::text from looked_up where version = base
      on conflict (image_id, user_id, version) do nothing
      returning image_id, user_id),
    started as (
      update assignees set status = 'in_progress'
      from assignments join saved on saved.image_id = assignments.image_id and saved.user_id = assignments.user_id
      where assignees.batch_id = assignments.batch_id and assignees.user_id = assignments.user_id
        and assignees.status = 'todo'
      returning assignees.batch_id, assignments.image_id, assignments.user_id)
    select looked_up.ord, looked_up.version as found, saved.image_id is not null as saved,
      array(select started.batch_id from started
        where started.image_id = looked_up.image_id and started.user_id = looked_up.user_id
        order by started.batch_id) as started
    from looked_up left join saved on saved.image_id = looked_up.image_id and saved.user_id = looked_up.user_id`.execute(
    db,
  );
}

/** One transaction: the current versions of the group's documents, then every save whose base is current. */
function commitGroup(db: Kysely<Database>, group: readonly PendingSave[]): Promise<SaveOutcome[]> {
  return db.transaction().execute(async (trx) => {
    const versions = await currentVersions(trx, group);
    const results: SaveOutcome[] = [];
    const rows = [];
    const saved: Array<{ item: PendingSave; outcome: SaveOutcome & { saved: true } }> = [];
    const created_at = new Date().toISOString();
    for (const item of group) {
      const key = documentKey(item.imageId, item.userId);
      const current = versions.get(key) ?? 0; // every key was looked up above
      if (current !== item.baseVersion) {
        results.push({ saved: false, currentVersion: current });
        continue;
      }
      rows.push({
        image_id: item.imageId,
        user_id: item.userId,
        version: current + 1,
        segments: item.segments,
        created_at,
      });
      versions.set(key, current + 1);
      const outcome = { saved: true as const, version: current + 1, started: [] };
      results.push(outcome);
      saved.push({ item, outcome });
    }
    for (let i = 0; i < rows.length; i += CHUNK) {
      await trx
        .insertInto('annotations')
        .values(rows.slice(i, i + CHUNK))
        .execute();
    }
    for (const { item, outcome } of saved) outcome.started = await markStarted(trx, item.imageId, item.userId);
    return results;
  });
}

const documentKey = (imageId: number, userId: number) => `${imageId}:${userId}`;

/** The newest version of each (image, user) document in `items` (absent: none saved), one indexed lookup each. */
async function currentVersions(
  db: Kysely<Database>,
  items: ReadonlyArray<{ imageId: number; userId: number }>,
): Promise<Map<string, number>> {
  const versions = new Map<string, number>();
  for (const item of items) {
    const key = documentKey(item.imageId, item.userId);
    if (!versions.has(key)) versions.set(key, await currentVersion(db, item.imageId, item.userId));
  }
  return versions;
}

/** One save in its own transaction (see SaveQueue for the grouped path). */
export async function saveVersion(
  db: Kysely<Database>,
  imageId: number,
  userId: number,
  baseVersion: number,
  segments: string,
): Promise<SaveOutcome> {
  try {
    return await db.transaction().execute(async (trx) => {
      const current = await currentVersion(trx, imageId, userId);
      if (current !== baseVersion) return { saved: false, currentVersion: current };
      await trx
        .insertInto('annotations')
        .values({
          image_id: imageId,
          user_id: userId,
          version: baseVersion + 1,
          segments,
          created_at: new Date().toISOString(),
        })
        .execute();
      return { saved: true, version: baseVersion + 1, started: await markStarted(trx, imageId, userId) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { saved: false, currentVersion: await currentVersion(db, imageId, userId) };
    throw error;
  }
}

export function versions(db: Kysely<Database>, imageId: number, userId: number) {
  return db
    .selectFrom('annotations')
    .select(['version', 'created_at', 'user_id'])
    .where('image_id', '=', imageId)
    .where('user_id', '=', userId)
    .orderBy('version')
    .execute();
}

/** The newest version of every user's document of each image in `imageIds`. */
export async function newestDocuments(
  db: Kysely<Database>,
  imageIds: readonly number[],
): Promise<Array<VersionRow & { image_id: number }>> {
  const out: Array<VersionRow & { image_id: number }> = [];
  for (let i = 0; i < imageIds.length; i += 500) {
    const chunk = imageIds.slice(i, i + 500);
    const rows = await db
      .selectFrom('annotations as a')
      .select(['a.image_id', 'a.user_id', 'a.version', 'a.segments', 'a.created_at'])
      .where('a.image_id', 'in', chunk)
      .where(({ eb, selectFrom }) =>
        eb(
          'a.version',
          '=',
          selectFrom('annotations as b')
            .select((inner) => inner.fn.max('b.version').as('m'))
            .whereRef('b.image_id', '=', 'a.image_id')
            .whereRef('b.user_id', '=', 'a.user_id'),
        ),
      )
      .orderBy('a.image_id')
      .orderBy('a.created_at')
      // Saves committed in one group share created_at: the same order on every engine.
      .orderBy('a.user_id')
      .execute();
    out.push(...rows);
  }
  return out;
}

export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
