import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { Engine } from './engine.js';
import * as initial from './migrations/0001-initial.js';
import * as qaSnapshots from './migrations/0002-qa-snapshots.js';
import * as saveIndexes from './migrations/0003-save-indexes.js';
import * as imageReviews from './migrations/0004-image-reviews.js';
import * as commentResolution from './migrations/0005-comment-resolution.js';

/**
 * Migrations are numbered files, forward only, listed here in order (a bundled list rather than a
 * folder scan, so the built server needs no file-system lookup). Each takes the engine for the few
 * column types that differ.
 */
const MIGRATIONS: ReadonlyArray<readonly [string, { up(db: Kysely<unknown>, engine: Engine): Promise<void> }]> = [
  ['0001-initial', initial],
  ['0002-qa-snapshots', qaSnapshots],
  ['0003-save-indexes', saveIndexes],
  ['0004-image-reviews', imageReviews],
  ['0005-comment-resolution', commentResolution],
];

/**
 * The PostgreSQL advisory lock held around the whole migrator ('segkit' in ASCII), so processes
 * starting together on one empty database run each migration once: the first takes the lock and
 * migrates, the others wait on it, then find nothing to do. Kysely's own lock only covers the
 * migrations, not the creation of its bookkeeping tables before them. SQLite needs none: one
 * writer at a time, and the migrator's transaction takes the write lock.
 */
export const MIGRATION_LOCK = 0x7365676b6974n;

/** Brings the database to the newest schema; throws naming the migration that failed. */
export async function migrateToLatest(db: Kysely<unknown>, engine: Engine): Promise<string[]> {
  if (engine === 'sqlite') return migrate(db, engine, undefined);
  // The lock is a session's: it is held on one pooled connection while the migrator uses others,
  // and released by the server if this process dies holding it.
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${sql.lit(MIGRATION_LOCK)})`.execute(connection);
    try {
      // Kysely's bookkeeping tables go in the schema the connection writes to (search_path), not
      // wherever a table of that name is found first.
      const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(connection);
      return await migrate(db, engine, rows[0]?.schema);
    } finally {
      await sql`select pg_advisory_unlock(${sql.lit(MIGRATION_LOCK)})`.execute(connection);
    }
  });
}

async function migrate(db: Kysely<unknown>, engine: Engine, schema: string | undefined): Promise<string[]> {
  const provider: MigrationProvider = {
    getMigrations: async () => {
      const out: Record<string, Migration> = {};
      for (const [name, module] of MIGRATIONS) out[name] = { up: (target) => module.up(target, engine) };
      return out;
    },
  };
  const migrator = new Migrator({ db, provider, ...(schema === undefined ? {} : { migrationTableSchema: schema }) });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${(error as Error).message}`, { cause: error });
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
