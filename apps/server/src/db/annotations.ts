import { type Kysely, sql } from 'kysely';
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

export type SaveOutcome = { saved: true; version: number } | { saved: false; currentVersion: number };

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
 * in the next transaction (one lookup per document, one insert for all), each checked against the
 * versions before it (so two saves of one base in one group still give one 200 and one conflict).
 * Every promise resolves only once its transaction is on disk: after COMMIT, or with a `DeferredSync`
 * after the flush that follows it, which runs off the event loop while the next group commits. So a
 * save is durable before it is acknowledged and the cost of the flush is paid once per group. The
 * unique (image, user, version) key stays the last guard against a lost update.
 */
export class SaveQueue {
  readonly #db: Kysely<Database>;
  readonly #sync: DeferredSync | undefined;
  #pending: PendingSave[] = [];
  #writing: Promise<void> | undefined;

  constructor(db: Kysely<Database>, sync?: DeferredSync) {
    this.#db = db;
    this.#sync = sync;
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
    let outcomes: SaveOutcome[];
    try {
      const sync = this.#sync;
      outcomes = await (sync === undefined
        ? commitGroup(this.#db, group)
        : sync.unsynced(this.#db, (connection) => commitGroup(connection, group)));
    } catch (error) {
      // A failed group (a unique-key race with another process) is retried one save at a time.
      if (group.length > 1 || isUniqueViolation(error)) {
        for (const item of group) {
          saveVersion(this.#db, item.imageId, item.userId, item.baseVersion, item.segments).then(
            item.resolve,
            item.reject,
          );
        }
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

/** One transaction: the current versions of the group's documents, then every save whose base is current. */
function commitGroup(db: Kysely<Database>, group: readonly PendingSave[]): Promise<SaveOutcome[]> {
  return db.transaction().execute(async (trx) => {
    const versions = await currentVersions(trx, group);
    const results: SaveOutcome[] = [];
    const rows = [];
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
      results.push({ saved: true, version: current + 1 });
    }
    for (let i = 0; i < rows.length; i += CHUNK) {
      await trx
        .insertInto('annotations')
        .values(rows.slice(i, i + CHUNK))
        .execute();
    }
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
      return { saved: true, version: baseVersion + 1 };
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
