import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { SaveQueue } from './annotations.js';
import type { Engine } from './engine.js';
import { migrateToLatest } from './migrate.js';
import type { Database } from './schema.js';
import { cachingStatements } from './statement-cache.js';
import { walSync } from './wal-sync.js';

export interface Db {
  readonly kysely: Kysely<Database>;
  readonly engine: Engine;
  /** Annotation saves, committed in groups (see SaveQueue). */
  readonly saves: SaveQueue;
  close(): Promise<void>;
}

/**
 * Opens (creating when absent) the SQLite database at `path` and migrates it. WAL mode with
 * `synchronous=FULL`: a transaction is on disk when COMMIT returns, so what is acknowledged to a
 * client survives a kill -9 or a power cut (NORMAL would only survive the process dying). Annotation
 * saves get the same guarantee with the WAL's fsync off the event loop (`walSync`).
 */
export async function openSqlite(path: string): Promise<Db> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SQLite(path);
  const journal = database.pragma('journal_mode = WAL', { simple: true });
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(database) }) });
  await migrateToLatest(kysely as Kysely<unknown>, 'sqlite');
  // Only a WAL file can be flushed on its own (an in-memory database has none).
  const sync = journal === 'wal' ? walSync(resolve(path)) : undefined;
  return {
    kysely,
    engine: 'sqlite',
    saves: new SaveQueue(kysely, sync),
    close: async () => {
      await sync?.close();
      await kysely.destroy();
    },
  };
}

/** Opens the database a URL names: `sqlite:PATH` / a file path (PostgreSQL comes with the scale issue). */
export async function openDatabase(url: string): Promise<Db> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    throw new Error('PostgreSQL is not supported by this build yet; use a SQLite path');
  }
  return openSqlite(url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url);
}
