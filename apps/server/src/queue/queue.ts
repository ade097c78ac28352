import type { AppContext } from '../context.js';
import { claimNext, finishJob, insertJob, requeueRunning, setProgress } from '../db/jobs.js';
import type { JobRow } from '../db/schema.js';
import { toApiError } from '../errors.js';

/** What a job kind does; `progress(0..1)` is saved at most every 250 ms. */
export type JobHandler = (ctx: AppContext, job: JobRow, progress: (done: number) => void) => Promise<unknown>;

/**
 * The in-process job queue over the `jobs` table (one server process on SQLite). A job is a row:
 * queued → running → done | failed. Rows outlive the process: at start, jobs a dead process left
 * running are queued again and run from the start (handlers write their output under a fresh key and
 * only the finished row points at it, so a rerun never sees half an output). Handlers do their
 * CPU-heavy part in the worker-thread pool, so the event loop keeps answering requests.
 */
export class JobQueue {
  readonly #ctx: AppContext;
  readonly #handlers: Map<string, JobHandler>;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(ctx: AppContext, handlers: Record<string, JobHandler>) {
    this.#ctx = ctx;
    this.#handlers = new Map(Object.entries(handlers));
  }

  /** Requeues what a dead process left running and starts working. */
  async start(): Promise<void> {
    await requeueRunning(this.#ctx.db.kysely);
    this.kick();
  }

  async enqueue(kind: string, projectId: number, userId: number, payload: unknown): Promise<JobRow> {
    if (!this.#handlers.has(kind)) throw new Error(`no handler for job kind ${kind}`);
    const row = await insertJob(this.#ctx.db.kysely, {
      kind,
      project_id: projectId,
      created_by: userId,
      payload: JSON.stringify(payload),
    });
    this.kick();
    return row;
  }

  /** Runs queued jobs one after another until none is left. */
  kick(): void {
    if (this.#running !== undefined || this.#stopped) return;
    this.#running = this.#drain().finally(() => {
      this.#running = undefined;
    });
  }

  /** Resolves when no job is running (tests wait on it). */
  async idle(): Promise<void> {
    while (this.#running !== undefined) await this.#running;
  }

  /** Stops taking jobs and waits for the one running. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.idle();
  }

  async #drain(): Promise<void> {
    const db = this.#ctx.db.kysely;
    for (;;) {
      if (this.#stopped) return;
      const job = await claimNext(db);
      if (job === undefined) return;
      const handler = this.#handlers.get(job.kind);
      let last = 0;
      const progress = (done: number) => {
        const now = Date.now();
        if (now - last < 250) return;
        last = now;
        void setProgress(db, job.id, Math.max(0, Math.min(1, done))).catch(() => undefined);
      };
      try {
        if (handler === undefined) throw new Error(`no handler for job kind ${job.kind}`);
        const result = await handler(this.#ctx, job, progress);
        await finishJob(db, job.id, { state: 'done', result: JSON.stringify(result ?? {}) });
      } catch (error) {
        const mapped = toApiError(error);
        const message = mapped.status >= 500 ? `${(error as Error).message ?? error}` : mapped.message;
        await finishJob(db, job.id, { state: 'failed', error: JSON.stringify({ code: mapped.code, message }) });
      }
    }
  }
}
