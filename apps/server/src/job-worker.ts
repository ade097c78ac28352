import type { AppContext, ServerConfig } from './context.js';
import { describeUrl, isPostgresUrl } from './db/database.js';
import type { JobHandlers } from './queue/queue.js';
import { type JobSettings, JobSettingsError, jobSettings } from './queue/settings.js';
import { openContext } from './server.js';
import { closePool } from './workers/pool.js';

export interface WorkerOptions {
  /** The PostgreSQL URL the servers use (default DATABASE_URL). */
  database?: string;
  /** The data folder the servers use: blobs and the signing key (default ./segkit-data). */
  data?: string;
  /** The servers' blob store: `s3://BUCKET/PREFIX` or `file:DIR` (default: SEGKIT_STORAGE, else DATA/blobs). */
  storage?: string;
  config?: Partial<ServerConfig>;
  /** Default: the SEGKIT_JOB_* / SEGKIT_WORKER_* environment variables, then the defaults. */
  jobSettings?: Partial<JobSettings>;
  /** Handlers that replace the server's for their kinds (to wrap one: trace it, hold it in a test). */
  handlers?: Partial<JobHandlers>;
}

export interface Worker {
  ctx: AppContext;
  /** Where it runs jobs from, for its start-up line: HOST:PORT/DATABASE (never the password). */
  database: string;
  /** Stops taking jobs; running ones get SEGKIT_WORKER_STOP_SECONDS to finish, then are given back. */
  close(): Promise<void>;
}

/**
 * Starts a worker: a process that runs jobs only (exports, QA snapshots), on the PostgreSQL
 * database and the blobs the servers use. Servers enqueue; any number of workers claim jobs through
 * pg-boss, and a job whose worker dies is retried by another (see queue/pg-boss.ts). On SQLite the
 * server is the only process and runs its own jobs, so a worker refuses it.
 */
export async function startWorker(options: WorkerOptions = {}): Promise<Worker> {
  const database = options.database ?? process.env.DATABASE_URL;
  if (database === undefined || !isPostgresUrl(database)) {
    throw new JobSettingsError(
      "a worker needs the servers' PostgreSQL database (--database postgres://... or DATABASE_URL); on SQLite, the server runs its jobs itself",
    );
  }
  const settings = jobSettings(options.jobSettings);
  const ctx = await openContext({
    database,
    ...(options.data === undefined ? {} : { data: options.data }),
    ...(options.storage === undefined ? {} : { storage: options.storage }),
    ...(options.config === undefined ? {} : { config: options.config }),
    jobs: { work: true, settings, ...(options.handlers === undefined ? {} : { handlers: options.handlers }) },
  });
  try {
    await ctx.blobs.check();
    await ctx.queue.start();
  } catch (error) {
    await ctx.queue.stop();
    await ctx.db.close();
    throw error;
  }
  return {
    ctx,
    database: describeUrl(database),
    close: async () => {
      await ctx.queue.stop();
      await closePool();
      await ctx.db.close();
    },
  };
}
