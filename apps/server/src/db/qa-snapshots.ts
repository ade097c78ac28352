import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export async function insertSnapshot(db: Kysely<Database>, batchId: number, projectId: number, report: string) {
  await db
    .insertInto('qa_snapshots')
    .values({ batch_id: batchId, project_id: projectId, report, created_at: new Date().toISOString() })
    .execute();
}

/** The newest snapshot of each batch of the project, in batch order, with the batch's name. */
export async function latestSnapshots(db: Kysely<Database>, projectId: number) {
  const rows = await db
    .selectFrom('qa_snapshots')
    .innerJoin('batches', 'batches.id', 'qa_snapshots.batch_id')
    .select([
      'qa_snapshots.id',
      'qa_snapshots.batch_id',
      'batches.name',
      'qa_snapshots.report',
      'qa_snapshots.created_at',
    ])
    .where('qa_snapshots.project_id', '=', projectId)
    .orderBy('qa_snapshots.batch_id')
    .orderBy('qa_snapshots.id')
    .execute();
  const newest = new Map<number, (typeof rows)[number]>();
  for (const row of rows) newest.set(row.batch_id, row);
  return [...newest.values()];
}
