import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePng } from '@segkit/formats';
import { freshSchemaUrl } from '@segkit/testing/postgres';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import yauzl from 'yauzl';
import { buildApp } from '../src/app.js';
import type { AppContext, ServerConfig } from '../src/context.js';
import type { Engine } from '../src/db/engine.js';
import { type ContextJobOptions, openContext } from '../src/server.js';
import { createUser } from '../src/services/users.js';
import { closePool } from '../src/workers/pool.js';
import { startS3rver } from './s3rver.js';

/**
 * The blob store a test server runs on. The `server:s3` vitest project runs the server test files
 * again with SEGKIT_TEST_STORAGE=s3 (one suite, two drivers): blobs in a bucket of an s3rver that
 * each test server starts for itself.
 */
export type TestStorage = 'local' | 's3';
export const STORAGE: TestStorage = process.env.SEGKIT_TEST_STORAGE === 's3' ? 's3' : 'local';

export interface TestServer {
  app: FastifyInstance;
  ctx: AppContext;
  data: string;
  /** Its database: a SQLite path, or a PostgreSQL URL (a second context may open it). */
  database: string;
  /** Bearer tokens by email, from logging in. */
  tokens: Map<string, string>;
  /** The blob keys the store holds, wherever it keeps them. */
  blobKeys(): Promise<string[]>;
  /** Creates a member and logs in; returns the user id and token. */
  user(email: string, role?: 'admin' | 'member'): Promise<{ id: number; token: string }>;
  /** A request with inject; a GET redirected to the blob store (S3) is followed as a client would. */
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
/**
 * A server over a fresh data folder and database on ENGINE, blobs on `storage` (default
 * SEGKIT_TEST_STORAGE: the data folder, or a bucket of an s3rver started for it), driven with inject
 * (no socket); it runs its own jobs (on PostgreSQL through pg-boss, with `jobs` settings and handlers).
 */
export async function testServer(
  config: Partial<ServerConfig> = {},
  options: ContextJobOptions & { storage?: TestStorage } = {},
): Promise<TestServer> {
  const { storage: choice, ...jobs } = options;
  const data = await mkdtemp(join(tmpdir(), 'segkit-server-'));
  const s3 = (choice ?? STORAGE) === 's3' ? await startS3rver() : undefined;
  const storage = s3 === undefined ? { env: {} } : { storage: `s3://${s3.bucket}/server`, env: s3.env };
  const database = await freshDatabase(data);
  const ctx = await openContext({ data, config, database, jobs, ...storage });
  const app = await buildApp(ctx);
  await ctx.queue.start();
  const tokens = new Map<string, string>();
  const call = async (token: string | undefined, method: string, url: string, body?: unknown) => {
    const response = await app.inject({
      method: method as 'GET',
      url,
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    const location = response.headers.location;
    if (method !== 'GET' || response.statusCode !== 302 || typeof location !== 'string' || !/^https?:/.test(location)) {
      return response;
    }
    return fetched(await fetch(location));
  };
  const blobKeys = async () => {
    if (s3 !== undefined) return (await s3.keys('server/')).map((key) => key.slice('server/'.length));
    const root = join(data, 'blobs');
    const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
    return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(root.length + 1));
  };
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
    blobKeys,
    user,
    call,
    close: async () => {
      await app.close();
      await ctx.queue.stop();
      await closePool();
      await ctx.db.close();
      await s3?.close();
      await rm(data, { recursive: true, force: true });
    },
  };
}

/** A fetch response in the shape of inject's, for the parts tests read. */
async function fetched(response: Response): Promise<LightMyRequestResponse> {
  const rawPayload = Buffer.from(await response.arrayBuffer());
  const body = rawPayload.toString('utf8');
  return {
    statusCode: response.status,
    headers: Object.fromEntries(response.headers),
    rawPayload,
    body,
    payload: body,
    json: () => JSON.parse(body),
  } as unknown as LightMyRequestResponse;
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

/** The entries of a zip held in memory, by name (yauzl reads it; tests compare the bytes). */
export async function unzip(bytes: Uint8Array): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(Buffer.from(bytes), { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const out = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.readEntry();
    });
  });
}
