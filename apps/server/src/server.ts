import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { serverConfig } from './config.js';
import type { AppContext, ServerConfig } from './context.js';
import { openDatabase } from './db/database.js';
import { seedDemo } from './demo/seed.js';
import { JobQueue } from './queue/queue.js';
import { runExport } from './services/exports.js';
import { snapshotBatchQa } from './services/qa.js';
import { ensureFirstAdmin } from './services/users.js';
import { openBlobStore, type StorageEnv } from './storage/open.js';
import { closePool } from './workers/pool.js';

export interface ServeOptions {
  /** Folder of the SQLite database, blobs and the signing secret (default ./segkit-data). */
  data?: string;
  /**
   * A database URL: `postgres://USER:PASSWORD@HOST:PORT/DATABASE` for PostgreSQL, else a SQLite path
   * (default: startServer takes DATABASE_URL, then SQLite in the data folder; openContext only the latter).
   */
  database?: string;
  /** A storage URL, `s3://BUCKET/PREFIX` or `file:DIR` (default: SEGKIT_STORAGE, else DATA/blobs). */
  storage?: string;
  /** Where the storage settings are read (SEGKIT_STORAGE, SEGKIT_S3_*, AWS_*; default process.env). */
  env?: StorageEnv;
  port?: number;
  host?: string;
  config?: Partial<ServerConfig>;
  logger?: boolean | object;
  /** On an empty database, seed the demo project and its users (`npm start`). */
  demo?: boolean;
  /** First admin (default: SEGKIT_ADMIN_EMAIL / SEGKIT_ADMIN_PASSWORD). */
  admin?: { email?: string | undefined; password?: string | undefined };
}

export interface Server {
  url: string;
  app: FastifyInstance;
  ctx: AppContext;
  close(): Promise<void>;
}

/** Opens the data folder's database and blob store: what `serve` and the offline CLI verbs share. */
export async function openContext(
  options: Pick<ServeOptions, 'data' | 'database' | 'storage' | 'env' | 'config'>,
): Promise<AppContext> {
  const data = resolve(options.data ?? 'segkit-data');
  await mkdir(data, { recursive: true });
  const blobs = await openBlobStore(options.storage, {
    data,
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  const db = await openDatabase(options.database ?? join(data, 'segkit.db'));
  const ctx: { -readonly [K in keyof AppContext]: AppContext[K] } = {
    db,
    blobs,
    config: serverConfig(options.config),
    queue: undefined as unknown as JobQueue,
  };
  ctx.queue = new JobQueue(ctx, { export: runExport, 'batch-qa': snapshotBatchQa });
  return ctx;
}

/**
 * Starts the server: migrations (on `options.database`, else DATABASE_URL, else SQLite in the data
 * folder), a check that the blob store answers, the first admin, then listening.
 */
export async function startServer(options: ServeOptions = {}): Promise<Server> {
  const database = options.database ?? process.env.DATABASE_URL;
  const ctx = await openContext({ ...options, ...(database === undefined ? {} : { database }) });
  try {
    await ctx.blobs.check();
  } catch (error) {
    await ctx.db.close();
    throw error;
  }
  if (options.demo === true) await seedDemo(ctx);
  await ensureFirstAdmin(
    ctx,
    options.admin ?? { email: process.env.SEGKIT_ADMIN_EMAIL, password: process.env.SEGKIT_ADMIN_PASSWORD },
  );
  const app = await buildApp(ctx, { logger: options.logger ?? false });
  await ctx.queue.start();
  const address = await app.listen({ port: options.port ?? 8080, host: options.host ?? '127.0.0.1' });
  return {
    url: address,
    app,
    ctx,
    close: async () => {
      await app.close();
      await ctx.queue.stop();
      await closePool();
      await ctx.db.close();
    },
  };
}
