import type { AppContext } from '../context.js';
import { finishJob, setProgress } from '../db/jobs.js';
import type { JobRow } from '../db/schema.js';
import { toApiError } from '../errors.js';
import { sweepJobBlobs } from './job-blobs.js';
import type { JobHandlers } from './queue.js';

/**
 * Runs a claimed job (`job` as claimed: running, its attempt number in `attempts`) and records the
 * outcome: done with the handler's result, or failed with `{code, message}` (a handler's error is the
 * job's outcome, not retried: it would fail again). Progress and outcome are written only while this
 * attempt holds the job, so a run that outlived its expiry and was retried elsewhere changes nothing.
 * Resolves to whether the outcome was written (a stale run's `result.blobKey`, the blob it wrote, is
 * deleted; a written outcome sweeps what earlier runs of the job left, `sweepJobBlobs`); rejects only
 * when the database cannot be written.
 */
export async function runClaimed(ctx: AppContext, handlers: JobHandlers, job: JobRow): Promise<boolean> {
  const db = ctx.db.kysely;
  const handler = handlers[job.kind];
  let last = 0;
  const progress = (done: number) => {
    const now = Date.now();
    if (now - last < 250) return;
    last = now;
    void setProgress(db, job.id, Math.max(0, Math.min(1, done)), job.attempts).catch(() => undefined);
  };
  let outcome: { state: 'done'; result: string } | { state: 'failed'; error: string };
  let result: unknown;
  try {
    if (handler === undefined) throw new Error(`no handler for job kind ${job.kind}`);
    result = (await handler(ctx, job, progress)) ?? {};
    outcome = { state: 'done', result: JSON.stringify(result) };
  } catch (error) {
    const mapped = toApiError(error);
    const message = mapped.status >= 500 ? `${(error as Error).message ?? error}` : mapped.message;
    outcome = { state: 'failed', error: JSON.stringify({ code: mapped.code, message }) };
  }
  const written = await finishJob(db, job.id, outcome, job.attempts);
  // A stale run's output is nobody's: the attempt that holds the job writes its own, under its own key.
  const blobKey = (result as { blobKey?: unknown } | undefined)?.blobKey;
  if (!written && typeof blobKey === 'string') await ctx.blobs.delete(blobKey).catch(() => undefined);
  // Finished for good: what earlier runs left (a killed run's partial zip) goes.
  if (written) await sweepJobBlobs(ctx, job, outcome.state === 'done' ? (blobKey as string | undefined) : undefined);
  return written;
}
