/**
 * PostgreSQL for tests: one throw-away database per test file, `segkit_test_<random>`, created on
 * first use and dropped by `dropTestDatabase()` in the file's afterAll; inside it a fresh schema for
 * each server a test opens, reached through the URL's `options=-c search_path=SCHEMA` (a schema costs
 * a few milliseconds, a database a second to drop). Nothing outlives the file but what a killed run
 * leaves: databases named `segkit_test_*`.
 *
 * The cluster is SEGKIT_TEST_POSTGRES, default `postgres://postgres@127.0.0.1:5432/postgres` (CI's
 * and the development machines': trust authentication); the user needs CREATEDB.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const POSTGRES_URL = process.env.SEGKIT_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let answering: Promise<boolean> | undefined;

/** Whether the cluster answers a query (asked once per test file, 3 s at most). */
export function postgresAnswers(): Promise<boolean> {
  answering ??= (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return answering;
}

/** The line a suite prints when it skips for want of PostgreSQL. */
export function postgresSkipNotice(what: string): string {
  return `NOTICE: PostgreSQL does not answer at ${redact(POSTGRES_URL)} (set SEGKIT_TEST_POSTGRES): ${what} skipped\n`;
}

let database: Promise<string> | undefined;
let schemas = 0;

/** The URL of this test file's database, created on the first call. */
export function testDatabaseUrl(): Promise<string> {
  database ??= (async () => {
    const name = `segkit_test_${randomBytes(6).toString('hex')}`;
    await onCluster(POSTGRES_URL, `create database ${name}`);
    return withDatabase(POSTGRES_URL, name);
  })();
  return database;
}

/** A new empty schema in this file's database: a URL whose connections see only that schema. */
export async function freshSchemaUrl(): Promise<string> {
  const url = await testDatabaseUrl();
  const schema = `s${++schemas}_${randomBytes(3).toString('hex')}`;
  await onCluster(url, `create schema ${schema}`);
  const out = new URL(url);
  out.searchParams.set('options', `-c search_path=${schema}`);
  return out.toString();
}

/** Drops this file's database, if one was made (connections still open to it are ended). */
export async function dropTestDatabase(): Promise<void> {
  if (database === undefined) return;
  const name = new URL(await database).pathname.slice(1);
  database = undefined;
  await onCluster(POSTGRES_URL, `drop database if exists ${name} with (force)`);
}

async function onCluster(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, name: string): string {
  const out = new URL(url);
  out.pathname = `/${name}`;
  return out.toString();
}

function redact(url: string): string {
  const out = new URL(url);
  if (out.password !== '') out.password = '***';
  return out.toString();
}
