import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { serverConfig } from './config.js';
import type { AppContext, ServerConfig } from './context.js';
import { openDatabase } from './db/database.js';
import { seedDemo } from './demo/seed.js';
import { openJobQueue } from './queue/open.js';
import type { JobHandlers, JobQueue } from './queue/queue.js';
import { type JobSettings, jobSettings } from './queue/settings.js';
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
  /**
   * Whether this server runs jobs (default true, so one process does everything). On PostgreSQL,
   * false leaves them to `segkit worker` processes and the server only enqueues; SQLite refuses false.
   */
  jobs?: boolean;
  /** How jobs run on PostgreSQL (default: the SEGKIT_JOB_* / SEGKIT_WORKER_* environment variables, then the defaults). */
  jobSettings?: Partial<JobSettings>;
}

/** What each job kind runs. */
export const JOB_HANDLERS: JobHandlers = { export: runExport, 'batch-qa': snapshotBatchQa };

/** What `openContext` needs to know about jobs; none of it opens anything before `ctx.queue.start()`. */
export interface ContextJobOptions {
  /** Whether this process runs jobs (default true; see ServeOptions.jobs). */
  work?: boolean;
  /** Default: the defaults (openContext reads no environment variable). */
  settings?: Partial<JobSettings>;
  /** Handlers that replace JOB_HANDLERS' for their kinds. */
  handlers?: Partial<JobHandlers>;
}

export interface Server {
  url: string;
  app: FastifyInstance;
  ctx: AppContext;
  close(): Promise<void>;
}

/** Opens the data folder's database and blob store: what `serve` and the offline CLI verbs share. */
export async function openContext(
  options: Pick<ServeOptions, 'data' | 'database' | 'storage' | 'env' | 'config'> & { jobs?: ContextJobOptions },
): Promise<AppContext> {
  const data = resolve(options.data ?? 'segkit-data');
  await mkdir(data, { recursive: true });
  const url = options.database ?? join(data, 'segkit.db');
  const jobs = options.jobs ?? {};
  const settings = jobSettings(jobs.settings, {});
  const blobs = await openBlobStore(options.storage, {
    data,
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  const db = await openDatabase(url);
  const ctx: { -readonly [K in keyof AppContext]: AppContext[K] } = {
    db,
    blobs,
    config: serverConfig(options.config),
    queue: undefined as unknown as JobQueue,
  };
  const handlers = { ...JOB_HANDLERS, ...jobs.handlers } as JobHandlers;
  try {
    ctx.queue = openJobQueue(ctx, handlers, { url, settings, ...(jobs.work === undefined ? {} : { work: jobs.work }) });
  } catch (error) {
    await db.close();
    throw error;
  }
  return ctx;
}

/**
 * Starts the server: migrations (on `options.database`, else DATABASE_URL, else SQLite in the data
 * folder), a check that the blob store answers, the first admin, then listening.
 */
export async function startServer(options: ServeOptions = {}): Promise<Server> {
  const database = options.database ?? process.env.DATABASE_URL;
  const settings = jobSettings(options.jobSettings);
  const ctx = await openContext({
    ...options,
    ...(database === undefined ? {} : { database }),
    jobs: { settings, ...(options.jobs === undefined ? {} : { work: options.jobs }) },
  });
  try {
    await ctx.blobs.check();
  } catch (error) {
    await ctx.queue.stop();
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
