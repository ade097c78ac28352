import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePng } from '@segkit/formats';
import { freshSchemaUrl } from '@segkit/testing/postgres';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.js';
import type { AppContext, ServerConfig } from '../src/context.js';
import type { Engine } from '../src/db/engine.js';
import { type ContextJobOptions, openContext } from '../src/server.js';
import { createUser } from '../src/services/users.js';
import { closePool } from '../src/workers/pool.js';

export interface TestServer {
  app: FastifyInstance;
  ctx: AppContext;
  data: string;
  /** Its database: a SQLite path, or a PostgreSQL URL (a second context may open it). */
  database: string;
  /** Bearer tokens by email, from logging in. */
  tokens: Map<string, string>;
  /** Creates a member and logs in; returns the user id and token. */
  user(email: string, role?: 'admin' | 'member'): Promise<{ id: number; token: string }>;
  call(token: string | undefined, method: string, url: string, body?: unknown): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export const PASSWORD = 'correct horse battery';

/**
 * The engine this run of the suite is on. The suite runs once per engine: vitest.config.ts's
 * `server:sqlite` and `server:postgres` projects set SEGKIT_TEST_ENGINE.
 */
export const ENGINE: Engine = process.env.SEGKIT_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/**
 * A fresh, empty database on ENGINE: a SQLite file in `data`, or on PostgreSQL a new schema of this
 * test file's throw-away database (its URL).
 */
export function freshDatabase(data: string): Promise<string> {
  return ENGINE === 'postgres' ? freshSchemaUrl() : Promise.resolve(join(data, 'segkit.db'));
}

/**
 * A server over a fresh data folder and database on ENGINE (local blobs), driven with inject (no
 * socket); it runs its own jobs (on PostgreSQL through pg-boss, with `jobs` settings and handlers).
 */
export async function testServer(
  config: Partial<ServerConfig> = {},
  jobs: ContextJobOptions = {},
): Promise<TestServer> {
  const data = await mkdtemp(join(tmpdir(), 'segkit-server-'));
  const database = await freshDatabase(data);
  const ctx = await openContext({ data, config, database, jobs });
  const app = await buildApp(ctx);
  await ctx.queue.start();
  const tokens = new Map<string, string>();
  const call = (token: string | undefined, method: string, url: string, body?: unknown) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  const user = async (email: string, role: 'admin' | 'member' = 'member') => {
    const created = await createUser(ctx, undefined, { email, password: PASSWORD, name: email.split('@')[0], role });
    const response = await call(undefined, 'POST', '/api/auth/login', { email, password: PASSWORD });
    if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
    const token = (response.json() as { token: string }).token;
    tokens.set(email, token);
    return { id: created.id, token };
  };
  return {
    app,
    ctx,
    data,
    database,
    tokens,
    user,
    call,
    close: async () => {
      await app.close();
      await ctx.queue.stop();
      await closePool();
      await ctx.db.close();
      await rm(data, { recursive: true, force: true });
    },
  };
}

/** A grey PNG of `width` × `height` made by our own encoder. */
export function pngBytes(width: number, height: number, value = 128): Uint8Array {
  return encodePng({ width, height, channels: 1, depth: 8, data: new Uint8Array(width * height).fill(value) });
}

/** A multipart/form-data body with `file` fields. */
export function multipart(files: ReadonlyArray<{ name: string; bytes: Uint8Array; field?: string }>): {
  payload: Buffer;
  headers: Record<string, string>;
} {
  const boundary = `----segkit${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const file of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.from(file.bytes),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export async function upload(
  server: TestServer,
  token: string,
  projectId: number,
  files: ReadonlyArray<{ name: string; bytes: Uint8Array }>,
): Promise<LightMyRequestResponse> {
  const body = multipart(files);
  return server.app.inject({
    method: 'POST',
    url: `/api/projects/${projectId}/images`,
    headers: { ...body.headers, authorization: `Bearer ${token}` },
    payload: body.payload,
  });
}

export const CLASSES = [
  { id: 0, name: 'road', color: '#804080', isthing: false },
  { id: 1, name: 'car', color: '#00008e', isthing: true },
  { id: 2, name: 'person', color: '#dc143c', isthing: true },
];
