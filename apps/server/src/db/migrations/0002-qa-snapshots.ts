import type { Kysely } from 'kysely';
import type { Engine } from '../engine.js';

/** The batch QA computed when an assignee submits, kept so the project can show trends across batches. */
export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  await db.schema
    .createTable('qa_snapshots')
    .addColumn('id', engine === 'sqlite' ? 'integer' : 'serial', (c) => c.primaryKey())
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('batches.id').onDelete('cascade'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('report', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('qa_snapshots_project').on('qa_snapshots').columns(['project_id', 'id']).execute();
}
