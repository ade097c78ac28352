import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Engine } from './engine.js';
import * as initial from './migrations/0001-initial.js';
import * as qaSnapshots from './migrations/0002-qa-snapshots.js';

/**
 * Migrations are numbered files, forward only, listed here in order (a bundled list rather than a
 * folder scan, so the built server needs no file-system lookup). Each takes the engine for the few
 * column types that differ.
 */
const MIGRATIONS: ReadonlyArray<readonly [string, { up(db: Kysely<unknown>, engine: Engine): Promise<void> }]> = [
  ['0001-initial', initial],
  ['0002-qa-snapshots', qaSnapshots],
];

/** Brings the database to the newest schema; throws naming the migration that failed. */
export async function migrateToLatest(db: Kysely<unknown>, engine: Engine): Promise<string[]> {
  const provider: MigrationProvider = {
    getMigrations: async () => {
      const out: Record<string, Migration> = {};
      for (const [name, module] of MIGRATIONS) out[name] = { up: (target) => module.up(target, engine) };
      return out;
    },
  };
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${(error as Error).message}`, { cause: error });
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
