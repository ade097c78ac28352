import { CompiledQuery, type Kysely, sql } from 'kysely';
import PgBoss from 'pg-boss';
import type { AppContext } from '../context.js';
import { abandonJob, claimJob, finishedAmong, insertJob, jobById, releaseJob } from '../db/jobs.js';
import type { Database, JobRow } from '../db/schema.js';
import { sweepJobBlobs } from './job-blobs.js';
import type { JobHandlers, JobQueue } from './queue.js';
import { runClaimed } from './run-job.js';
import type { JobSettings } from './settings.js';

/** pg-boss's tables live in this schema of the database, made by pg-boss's own migration on start. */
export const BOSS_SCHEMA = 'pgboss';

export interface PgBossQueueOptions {
  /** The database URL (pg-boss keeps its own small pool of connections to it). */
  url: string;
  /** Whether this process runs jobs; else it only enqueues (a server left to `segkit worker` processes). */
  work: boolean;
  settings: JobSettings;
  /** Where pg-boss's background errors go (default: one line on stderr). */
  log?: (message: string) => void;
}

interface Message {
  jobId: number;
}

/**
 * The job queue on PostgreSQL: any number of servers enqueue, any number of processes work. The
 * `jobs` row stays the API's record; pg-boss (schema `pgboss`) holds one message per job and does the
 * claiming (SELECT ... FOR UPDATE SKIP LOCKED), the expiry and the retries:
 *
 * - enqueue: the row and its message are inserted in one transaction (no row without a message).
 * - work: a fetched message claims its row (queued|running → running, attempts + 1), runs the handler,
 *   writes the outcome only while that attempt still holds the row, then completes the message.
 * - a worker killed mid-job: its message stays active until `expireSeconds` pass; the maintenance
 *   (every `maintenanceSeconds`, by one process of all) fails it, and pg-boss puts it back while
 *   `retries` are left; the next worker claims the row again and runs the job from the start. Handlers
 *   write their output under a fresh key and only the finished row points at it, so the rerun never
 *   sees half an output. With no retries left, pg-boss moves the message to the `lost` queue, whose
 *   worker marks the row failed (JOB_LOST), so no job stays "running" for ever.
 * - stop (SIGTERM): no new jobs; running ones get `stopSeconds` to finish, then are given back (row
 *   queued, message failed: retried at once by another worker; this counts as one of its retries).
 *
 * Each application schema (the URL's search_path; `public` by default) gets its own pair of queues, so
 * deployments or test servers sharing one database never run each other's jobs.
 */
export class PgBossJobQueue implements JobQueue {
  readonly #ctx: AppContext;
  readonly #handlers: JobHandlers;
  readonly #options: PgBossQueueOptions;
  readonly #log: (message: string) => void;
  #boss: PgBoss | undefined;
  #names = { jobs: '', lost: '' };
  #stopping = false;
  readonly #loops: Promise<void>[] = [];
  readonly #naps = new Set<() => void>();
  /** Runs in progress here (a message is fetched again after its expiry, so two runs may share one). */
  readonly #running = new Set<{ messageId: string; job: JobRow }>();
  /** Messages given back on stop: their late outcome must not complete them (another worker may hold them). */
  readonly #released = new Set<string>();
  /** Jobs this process enqueued that have not finished yet (idle waits for them). */
  readonly #pending = new Set<number>();

  constructor(ctx: AppContext, handlers: JobHandlers, options: PgBossQueueOptions) {
    this.#ctx = ctx;
    this.#handlers = handlers;
    this.#options = options;
    this.#log = options.log ?? ((message) => process.stderr.write(`segkit jobs: ${message}\n`));
  }

  async start(): Promise<void> {
    if (this.#boss !== undefined) return;
    const { settings, work, url } = this.#options;
    this.#names = queueNames(await currentSchema(this.#ctx.db.kysely));
    const boss = new PgBoss({
      connectionString: url,
      schema: BOSS_SCHEMA,
      application_name: 'segkit-jobs',
      max: work ? settings.concurrency + 2 : 2,
      // No cron here; the maintenance (expiry, archiving) only where jobs are worked.
      schedule: false,
      supervise: work,
      maintenanceIntervalSeconds: settings.maintenanceSeconds,
    });
    boss.on('error', (error: Error) => this.#log(error.message));
    await boss.start();
    try {
      // Idempotent (INSERT ... ON CONFLICT DO NOTHING): every process makes sure both exist.
      await boss.createQueue(this.#names.lost);
      await boss.createQueue(this.#names.jobs, { name: this.#names.jobs, deadLetter: this.#names.lost });
    } catch (error) {
      await boss.stop({ graceful: false });
      throw error;
    }
    this.#boss = boss;
    if (!work) return;
    for (let i = 0; i < settings.concurrency; i++) this.#loops.push(this.#loop(this.#names.jobs, (m) => this.#run(m)));
    this.#loops.push(this.#loop(this.#names.lost, (m) => this.#lost(m)));
  }

  async enqueue(kind: string, projectId: number, userId: number, payload: unknown): Promise<JobRow> {
    if (this.#handlers[kind] === undefined) throw new Error(`no handler for job kind ${kind}`);
    const boss = this.#boss;
    if (boss === undefined) throw new Error('the job queue is not started');
    const { expireSeconds, retries } = this.#options.settings;
    const row = await this.#ctx.db.kysely.transaction().execute(async (trx) => {
      const job = await insertJob(trx, {
        kind,
        project_id: projectId,
        created_by: userId,
        payload: JSON.stringify(payload),
      });
      const message: Message = { jobId: job.id };
      const sent = await boss.send(this.#names.jobs, message, {
        db: on(trx),
        expireInSeconds: expireSeconds,
        retryLimit: retries,
        retryDelay: 0,
        deadLetter: this.#names.lost,
      });
      // pg-boss inserts nothing (and says null) when the queue is missing: no row without its message.
      if (sent === null) throw new Error(`pg-boss queue ${this.#names.jobs} is missing: job not enqueued`);
      return job;
    });
    this.#pending.add(row.id);
    this.#wake();
    return row;
  }

  async idle(): Promise<void> {
    for (;;) {
      if (this.#pending.size > 0) {
        for (const id of await finishedAmong(this.#ctx.db.kysely, [...this.#pending])) this.#pending.delete(id);
      }
      if (this.#pending.size === 0 && this.#running.size === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async stop(): Promise<void> {
    const boss = this.#boss;
    if (boss === undefined || this.#stopping) return;
    this.#stopping = true;
    this.#wake();
    // Each loop ends after its current job; running jobs get stopSeconds to finish.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(this.#loops),
      new Promise((resolve) => {
        timer = setTimeout(resolve, this.#options.settings.stopSeconds * 1000);
      }),
    ]);
    clearTimeout(timer);
    for (const { messageId, job } of this.#running) {
      this.#released.add(messageId);
      try {
        // A stale run (its attempt expired and the message went on) has nothing to give back.
        if (!(await releaseJob(this.#ctx.db.kysely, job.id, job.attempts))) continue;
        await boss.fail(this.#names.jobs, messageId, { message: 'the worker stopped before the job finished' });
        this.#log(`gave job ${job.id} back: the worker stopped before it finished`);
      } catch (error) {
        // Its expiry brings it back instead.
        this.#log(`could not give job ${job.id} back: ${(error as Error).message}`);
      }
    }
    await boss.stop({ graceful: false, wait: true });
    this.#boss = undefined;
  }

  /** Fetches from `queue` and handles each message until the queue stops; naps pollSeconds when empty. */
  async #loop(queue: string, handle: (message: PgBoss.Job<Message>) => Promise<void>): Promise<void> {
    const boss = this.#boss as PgBoss;
    while (!this.#stopping) {
      try {
        const [message] = await boss.fetch<Message>(queue);
        if (message === undefined) {
          await this.#nap(this.#options.settings.pollSeconds * 1000);
          continue;
        }
        await handle(message);
      } catch (error) {
        // The database is away, or a handler could not record its outcome: the message expires and is
        // retried; wait a poll before asking again.
        this.#log(`${queue}: ${(error as Error).message}`);
        await this.#nap(this.#options.settings.pollSeconds * 1000);
      }
    }
  }

  async #run(message: PgBoss.Job<Message>): Promise<void> {
    const boss = this.#boss as PgBoss;
    const job = await claimJob(this.#ctx.db.kysely, message.data.jobId);
    if (job === undefined) {
      // Finished already (its worker died between the outcome and the acknowledgement), or deleted.
      await boss.complete(this.#names.jobs, message.id);
      return;
    }
    const run = { messageId: message.id, job };
    this.#running.add(run);
    let written: boolean;
    try {
      written = await runClaimed(this.#ctx, this.#handlers, job);
    } finally {
      this.#running.delete(run);
    }
    // Not written: another attempt holds the job now (this one expired), and its message is its own.
    if (written && !this.#released.has(message.id)) await boss.complete(this.#names.jobs, message.id);
    this.#pending.delete(job.id);
  }

  /** A message with no retries left: its job failed for good, unless it finished after all. */
  async #lost(message: PgBoss.Job<Message>): Promise<void> {
    const job = await jobById(this.#ctx.db.kysely, message.data.jobId);
    if (job !== undefined) {
      const error = {
        code: 'JOB_LOST',
        message: `job ${job.id} was started ${job.attempts} times and never finished (its workers were killed or stopped, or it ran past SEGKIT_JOB_EXPIRE_SECONDS); it is not tried again`,
      };
      if (await abandonJob(this.#ctx.db.kysely, job.id, JSON.stringify(error))) await sweepJobBlobs(this.#ctx, job);
    }
    await (this.#boss as PgBoss).complete(this.#names.lost, message.id);
  }

  #nap(ms: number): Promise<void> {
    if (this.#stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#naps.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#naps.add(done);
    });
  }

  /** Wakes the napping loops: a job was enqueued here, or the queue stops. */
  #wake(): void {
    for (const done of [...this.#naps]) done();
  }
}

/** pg-boss's statements run on a Kysely transaction (its `db` option): a job's row and message commit together. */
function on(trx: Kysely<Database>): PgBoss.Db {
  return {
    executeSql: async (text, values) => {
      const result = await trx.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: result.rows as unknown[] as never[] };
    },
  };
}

/** The schema this connection's tables are in (the URL's search_path, else `public`). */
async function currentSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (schema === undefined || schema === null) throw new Error('PostgreSQL names no current schema (search_path)');
  return schema;
}

/** The queues of one application schema: `segkit-jobs` in `public`, `segkit-jobs-SCHEMA` elsewhere. */
export function queueNames(schema: string): { jobs: string; lost: string } {
  const suffix = schema === 'public' ? '' : `-${schema}`;
  return { jobs: `segkit-jobs${suffix}`, lost: `segkit-jobs-lost${suffix}` };
}
