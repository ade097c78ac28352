import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { type SaveOutcome, SaveQueue } from './annotations.js';
import type { Engine } from './engine.js';
import { migrateToLatest } from './migrate.js';
import { namingStatements } from './named-statements.js';
import type { Database } from './schema.js';
import { cachingStatements } from './statement-cache.js';
import { walSync } from './wal-sync.js';

/** How annotation saves reach the database: `save` resolves only after the save's COMMIT. */
export interface Saves {
  save(imageId: number, userId: number, baseVersion: number, segments: string): Promise<SaveOutcome>;
}

export interface Db {
  readonly kysely: Kysely<Database>;
  readonly engine: Engine;
  /** Annotation saves, grouped commits on both engines (see SaveQueue). */
  readonly saves: Saves;
  /** Resolves when the database answers a query (GET /api/health). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The database named by `--database` / `DATABASE_URL` cannot be reached (refused, unknown host, bad login). */
export class DatabaseUnreachableError extends Error {
  readonly code = 'DATABASE_UNREACHABLE';
  override name = 'DatabaseUnreachableError';
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
    ping: () => ping(kysely),
    close: async () => {
      await sync?.close();
      await kysely.destroy();
    },
  };
}

/**
 * Opens the PostgreSQL database at `url` (`postgres://USER:PASSWORD@HOST:PORT/DATABASE`, libpq's
 * query parameters such as `?sslmode=require` or `?options=-c search_path=segkit` included) over a
 * pool of 10 connections, and migrates it under an advisory lock (so several processes starting
 * together migrate once). The schema's integers are `integer` (int4), which `pg` reads as numbers;
 * COUNT(*) is int8, which `pg` would read as a string, so int8 is parsed to a number here (and
 * refused past 2^53). A commit is durable when it returns (PostgreSQL's default `synchronous_commit`).
 * Queries with parameters run as named prepared statements (`namingStatements`).
 */
export async function openPostgres(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: 10, types: { getTypeParser } });
  // An idle connection that the server closes (a restart, an administrator) is only logged by the
  // pool's 'error' event; without a listener Node would end the process. The next query reconnects.
  pool.on('error', () => undefined);
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool: namingStatements(pool) }) });
  try {
    await ping(kysely);
  } catch (error) {
    await kysely.destroy();
    throw new DatabaseUnreachableError(`cannot reach PostgreSQL at ${describeUrl(url)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    await migrateToLatest(kysely as Kysely<unknown>, 'postgres');
  } catch (error) {
    await kysely.destroy();
    throw error;
  }
  return {
    kysely,
    engine: 'postgres',
    saves: new SaveQueue(kysely, undefined, 'postgres'),
    ping: () => ping(kysely),
    close: () => kysely.destroy(),
  };
}

/** True for the URLs that name PostgreSQL (`postgres://` and `postgresql://`). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** Opens the database a URL names: `postgres://...` / `postgresql://...`, else `sqlite:PATH` or a file path. */
export async function openDatabase(url: string): Promise<Db> {
  if (isPostgresUrl(url)) return openPostgres(url);
  return openSqlite(url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url);
}

async function ping(kysely: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(kysely);
}

const INT8 = 20;
const parseInt8 = (value: string): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`a 64-bit integer from PostgreSQL is past 2^53: ${value}`);
  return n;
};

function getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === INT8 && format !== 'binary') return parseInt8;
  return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
}

/** HOST:PORT/DATABASE of a PostgreSQL URL, never its password (error messages and logs). */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'the --database URL';
  }
}
