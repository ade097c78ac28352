import type { AppContext } from '../context.js';
import type { JobRow } from '../db/schema.js';

/** What a job kind does; `progress(0..1)` is saved at most every 250 ms. */
export type JobHandler = (ctx: AppContext, job: JobRow, progress: (done: number) => void) => Promise<unknown>;

/** The handler of each job kind (`export`, `batch-qa`). */
export type JobHandlers = Readonly<Record<string, JobHandler>>;

/**
 * Exports, QA snapshots and other long work, run in the background. The `jobs` table is the API's
 * record of every job (state, progress, result, error: GET /api/jobs/{id} reads it on any server); a
 * queue decides who runs a job and when. Two implementations: LocalJobQueue (SQLite: one process,
 * in-process) and PgBossJobQueue (PostgreSQL: any number of servers enqueue, workers claim with
 * pg-boss, a dead worker's job is retried). `openJobQueue` picks by engine.
 */
export interface JobQueue {
  /** Starts the queue: from now on `enqueue` works, and a process that works jobs takes them. */
  start(): Promise<void>;
  /** Records a job (state queued) and hands it to whoever works jobs. */
  enqueue(kind: string, projectId: number, userId: number, payload: unknown): Promise<JobRow>;
  /** Resolves when every job this process enqueued has finished and none runs here (tests wait on it). */
  idle(): Promise<void>;
  /** Stops taking jobs; waits for those running here (on PostgreSQL for a while, then gives them back). */
  stop(): Promise<void>;
}
