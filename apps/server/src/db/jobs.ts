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

/** Jobs a dead process left running go back to the queue (they run again from the start). */
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

export async function setProgress(db: Kysely<Database>, id: number, progress: number): Promise<void> {
  await db.updateTable('jobs').set({ progress }).where('id', '=', id).where('state', '=', 'running').execute();
}

export async function finishJob(
  db: Kysely<Database>,
  id: number,
  outcome: { state: 'done'; result: string } | { state: 'failed'; error: string },
): Promise<void> {
  await db
    .updateTable('jobs')
    .set({
      state: outcome.state,
      progress: outcome.state === 'done' ? 1 : undefined,
      result: outcome.state === 'done' ? outcome.result : null,
      error: outcome.state === 'failed' ? outcome.error : null,
      finished_at: new Date().toISOString(),
    })
    .where('id', '=', id)
    .execute();
}
