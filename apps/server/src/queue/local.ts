import type { AppContext } from '../context.js';
import { claimNext, insertJob, requeueRunning } from '../db/jobs.js';
import type { JobRow } from '../db/schema.js';
import type { JobHandlers, JobQueue } from './queue.js';
import { runClaimed } from './run-job.js';

/**
 * The in-process job queue over the `jobs` table (one server process on SQLite). A job is a row:
 * queued → running → done | failed. Rows outlive the process: at start, jobs a dead process left
 * running are queued again and run from the start (handlers write their output under a fresh key and
 * only the finished row points at it, so a rerun never sees half an output). Handlers do their
 * CPU-heavy part in the worker-thread pool, so the event loop keeps answering requests.
 */
export class LocalJobQueue implements JobQueue {
  readonly #ctx: AppContext;
  readonly #handlers: JobHandlers;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(ctx: AppContext, handlers: JobHandlers) {
    this.#ctx = ctx;
    this.#handlers = handlers;
  }

  /** Requeues what a dead process left running and starts working. */
  async start(): Promise<void> {
    await requeueRunning(this.#ctx.db.kysely);
    this.kick();
  }

  async enqueue(kind: string, projectId: number, userId: number, payload: unknown): Promise<JobRow> {
    if (this.#handlers[kind] === undefined) throw new Error(`no handler for job kind ${kind}`);
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

  async idle(): Promise<void> {
    while (this.#running !== undefined) await this.#running;
  }

  /** Stops taking jobs and waits for the one running. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.idle();
  }

  async #drain(): Promise<void> {
    for (;;) {
      if (this.#stopped) return;
      const job = await claimNext(this.#ctx.db.kysely);
      if (job === undefined) return;
      await runClaimed(this.#ctx, this.#handlers, job);
    }
  }
}
