import type { Kysely } from 'kysely';
import type { Database, JobRow } from './schema.js';

export async function insertJob(
  db: Kysely<Database>,
  job: { kind: string; project_id: number; created_by: number; payload: string },
): Promise<JobRow> {
  return db
    .insertInto('jobs')
    .values({ ...job, state: 'queued', progress: 0, attempts: 0, created_at: new Date().toISOString() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function jobById(db: Kysely<Database>, id: number): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Jobs a dead process left running go back to the queue (they run again from the start). Only for
 * the one-process queue on SQLite: with several processes it would requeue the jobs other live
 * processes run (on PostgreSQL, pg-boss's expiry brings a dead worker's job back instead).
 */
export async function requeueRunning(db: Kysely<Database>): Promise<number> {
  const result = await db
    .updateTable('jobs')
    .set({ state: 'queued' })
    .where('state', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Claims the oldest queued job: queued → running, one more attempt. */
export async function claimNext(db: Kysely<Database>): Promise<JobRow | undefined> {
  return db.transaction().execute(async (trx) => {
    const next = await trx
      .selectFrom('jobs')
      .select(['id', 'attempts'])
      .where('state', '=', 'queued')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    if (next === undefined) return undefined;
    return trx
      .updateTable('jobs')
      .set({ state: 'running', attempts: next.attempts + 1, started_at: new Date().toISOString(), progress: 0 })
      .where('id', '=', next.id)
      .where('state', '=', 'queued')
      .returningAll()
      .executeTakeFirst();
  });
}

/**
 * Claims job `id` for one more attempt: queued or running (a dead worker's) → running. Undefined when
 * the job is finished (a redelivery after the finishing process died before acknowledging) or gone.
 */
export async function claimJob(db: Kysely<Database>, id: number): Promise<JobRow | undefined> {
  return db
    .updateTable('jobs')
    .set((eb) => ({
      state: 'running',
      attempts: eb('attempts', '+', 1),
      started_at: new Date().toISOString(),
      progress: 0,
    }))
    .where('id', '=', id)
    .where('state', 'in', ['queued', 'running'])
    .returningAll()
    .executeTakeFirst();
}

/**
 * Saves a running job's progress. With `attempt`, only while that attempt still holds the job (a run
 * that outlived its expiry and was retried elsewhere writes nothing).
 */
export async function setProgress(db: Kysely<Database>, id: number, progress: number, attempt?: number): Promise<void> {
  let query = db.updateTable('jobs').set({ progress }).where('id', '=', id).where('state', '=', 'running');
  if (attempt !== undefined) query = query.where('attempts', '=', attempt);
  await query.execute();
}

/**
 * Ends a job. With `attempt`, only while that attempt still holds it (running, same attempt number):
 * a stale run's outcome is dropped. True when the row was written.
 */
export async function finishJob(
  db: Kysely<Database>,
  id: number,
  outcome: { state: 'done'; result: string } | { state: 'failed'; error: string },
  attempt?: number,
): Promise<boolean> {
  let query = db
    .updateTable('jobs')
    .set({
      state: outcome.state,
      progress: outcome.state === 'done' ? 1 : undefined,
      result: outcome.state === 'done' ? outcome.result : null,
      error: outcome.state === 'failed' ? outcome.error : null,
      finished_at: new Date().toISOString(),
    })
    .where('id', '=', id);
  if (attempt !== undefined) query = query.where('attempts', '=', attempt).where('state', '=', 'running');
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A stopping worker gives its attempt back: running → queued, for another worker to claim; false when the attempt no longer held it. */
export async function releaseJob(db: Kysely<Database>, id: number, attempt: number): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ state: 'queued', progress: 0 })
    .where('id', '=', id)
    .where('attempts', '=', attempt)
    .where('state', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * A job that will not be tried again (its attempts ran out without finishing) fails, unless it
 * finished; true when this call failed it.
 */
export async function abandonJob(db: Kysely<Database>, id: number, error: string): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ state: 'failed', error, result: null, finished_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('state', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Of `ids`, those whose job is done or failed. */
export async function finishedAmong(db: Kysely<Database>, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('jobs')
    .select('id')
    .where('id', 'in', ids)
    .where('state', 'in', ['done', 'failed'])
    .execute();
  return rows.map((row) => row.id);
}
