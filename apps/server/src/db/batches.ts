import { type Kysely, sql } from 'kysely';
import type { Engine } from './engine.js';
import type { BatchRow, BatchStatus, Database, ImageReviewStatus } from './schema.js';

export interface NewBatch {
  project_id: number;
  name: string;
  deadline: string;
  honeypot_share: number;
  created_by: number;
  /** In order, honeypots mixed in. */
  images: ReadonlyArray<{ imageId: number; honeypot: boolean }>;
  assignments: ReadonlyArray<{ imageId: number; userId: number }>;
  assignees: readonly number[];
}

/** Inserts a batch with its images, assignments and assignees in one transaction. */
export async function insertBatch(db: Kysely<Database>, batch: NewBatch): Promise<BatchRow> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('batches')
      .values({
        project_id: batch.project_id,
        name: batch.name,
        deadline: batch.deadline,
        honeypot_share: batch.honeypot_share,
        status: 'todo',
        created_by: batch.created_by,
        created_at: new Date().toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    for (let i = 0; i < batch.images.length; i += 200) {
      await trx
        .insertInto('batch_images')
        .values(
          batch.images.slice(i, i + 200).map((image, j) => ({
            batch_id: row.id,
            position: i + j,
            image_id: image.imageId,
            honeypot: image.honeypot ? 1 : 0,
          })),
        )
        .execute();
    }
    for (let i = 0; i < batch.assignments.length; i += 200) {
      await trx
        .insertInto('assignments')
        .values(
          batch.assignments
            .slice(i, i + 200)
            .map((a) => ({ batch_id: row.id, image_id: a.imageId, user_id: a.userId })),
        )
        .execute();
    }
    await trx
      .insertInto('assignees')
      .values(
        batch.assignees.map((user_id) => ({ batch_id: row.id, user_id, status: 'todo' as const, submitted_at: null })),
      )
      .execute();
    return row;
  });
}

export function batchById(db: Kysely<Database>, id: number): Promise<BatchRow | undefined> {
  return db.selectFrom('batches').selectAll().where('id', '=', id).executeTakeFirst();
}

export function batchesOfProject(db: Kysely<Database>, projectId: number): Promise<BatchRow[]> {
  return db.selectFrom('batches').selectAll().where('project_id', '=', projectId).orderBy('id').execute();
}

export function batchImages(db: Kysely<Database>, batchId: number) {
  return db
    .selectFrom('batch_images')
    .select(['image_id', 'honeypot', 'position'])
    .where('batch_id', '=', batchId)
    .orderBy('position')
    .execute();
}

export function batchAssignments(db: Kysely<Database>, batchId: number) {
  return db
    .selectFrom('assignments')
    .select(['image_id', 'user_id'])
    .where('batch_id', '=', batchId)
    .orderBy('image_id')
    .orderBy('user_id')
    .execute();
}

export function batchAssignees(db: Kysely<Database>, batchId: number) {
  return db
    .selectFrom('assignees')
    .select(['user_id', 'status', 'submitted_at'])
    .where('batch_id', '=', batchId)
    .orderBy('user_id')
    .execute();
}

export async function setAssigneeStatus(
  db: Kysely<Database>,
  batchId: number,
  userId: number,
  status: BatchStatus,
): Promise<void> {
  await db
    .updateTable('assignees')
    .set({ status, ...(status === 'submitted' ? { submitted_at: new Date().toISOString() } : {}) })
    .where('batch_id', '=', batchId)
    .where('user_id', '=', userId)
    .execute();
}

export async function setBatchStatus(db: Kysely<Database>, batchId: number, status: BatchStatus): Promise<void> {
  await db.updateTable('batches').set({ status }).where('id', '=', batchId).execute();
}

/** An assignee who saves a document of one of their batch images has started: todo → in_progress. */
export async function markStarted(db: Kysely<Database>, imageId: number, userId: number): Promise<number[]> {
  // Raw SQL: this runs on every save, and Kysely's builder cost more than the query (db/images.ts).
  const query = sql<{ batch_id: number }>`
    select assignments.batch_id from assignments
    join assignees on assignees.batch_id = assignments.batch_id and assignees.user_id = assignments.user_id
    where assignments.image_id = ${imageId} and assignments.user_id = ${userId} and assignees.status = 'todo'`;
  const { rows } = await query.execute(db);
  const ids = rows.map((row) => row.batch_id);
  if (ids.length > 0) {
    await db
      .updateTable('assignees')
      .set({ status: 'in_progress' })
      .where('batch_id', 'in', ids)
      .where('user_id', '=', userId)
      .where('status', '=', 'todo')
      .execute();
  }
  return ids;
}

/** Per assignee: how many of their assigned images they have saved a document for (progress). */
export async function savedCounts(db: Kysely<Database>, batchId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('assignments')
    .innerJoin('annotations', (join) =>
      join
        .onRef('annotations.image_id', '=', 'assignments.image_id')
        .onRef('annotations.user_id', '=', 'assignments.user_id'),
    )
    .select(['assignments.user_id', 'assignments.image_id'])
    .distinct()
    .where('assignments.batch_id', '=', batchId)
    .execute();
  const out = new Map<number, number>();
  for (const row of rows) out.set(row.user_id, (out.get(row.user_id) ?? 0) + 1);
  return out;
}

/**
 * The batches in which `imageId` is assigned to `userId` and the user's status is one that
 * per-image review decisions drive (submitted, in_review, accepted, rejected), oldest first. On
 * PostgreSQL the batch rows are locked until the transaction `db` ends (`for update`), so that two
 * decisions about one batch, recorded at once, derive its statuses one after the other and the later
 * one sees both decisions; SQLite runs one writing transaction at a time anyway.
 */
export async function batchesReviewedThrough(
  db: Kysely<Database>,
  engine: Engine,
  imageId: number,
  userId: number,
): Promise<number[]> {
  const query = db
    .selectFrom('batches')
    .innerJoin('assignments', 'assignments.batch_id', 'batches.id')
    .innerJoin('assignees', (join) =>
      join
        .onRef('assignees.batch_id', '=', 'assignments.batch_id')
        .onRef('assignees.user_id', '=', 'assignments.user_id'),
    )
    .select('batches.id')
    .where('assignments.image_id', '=', imageId)
    .where('assignments.user_id', '=', userId)
    .where('assignees.status', 'in', ['submitted', 'in_review', 'accepted', 'rejected'])
    .orderBy('batches.id');
  const rows = await (engine === 'postgres' ? query.forUpdate('batches') : query).execute();
  return rows.map((row) => row.id);
}

/**
 * Per assignment of the batch (only `userId`'s when given): the status of the newest review decision
 * about the assignee's document at its current version, or null when there is none (never decided,
 * or decided only at older versions: a stale decision counts as none). One query: per assignment, a
 * lookup of the current version (annotations' (image, user, version) key) and of the decisions about
 * that document (image_reviews_image).
 */
export async function currentDecisions(
  db: Kysely<Database>,
  batchId: number,
  userId?: number,
): Promise<Array<{ user_id: number; image_id: number; status: ImageReviewStatus | null }>> {
  const { rows } = await sql<{ user_id: number; image_id: number; status: ImageReviewStatus | null }>`
    select a.user_id, a.image_id, (
      select r.status from image_reviews r
      where r.image_id = a.image_id and r.user_id = a.user_id and r.version = (
        select max(n.version) from annotations n where n.image_id = a.image_id and n.user_id = a.user_id)
      order by r.id desc limit 1) as status
    from assignments a
    where a.batch_id = ${batchId}${userId === undefined ? sql`` : sql` and a.user_id = ${userId}`}
    order by a.user_id, a.image_id`.execute(db);
  return rows;
}

/** Every batch image of a project with its honeypot flag and its assignees, oldest batch first. */
export function projectBatchImages(db: Kysely<Database>, projectId: number) {
  return db
    .selectFrom('batch_images')
    .innerJoin('batches', 'batches.id', 'batch_images.batch_id')
    .leftJoin('assignments', (join) =>
      join
        .onRef('assignments.batch_id', '=', 'batch_images.batch_id')
        .onRef('assignments.image_id', '=', 'batch_images.image_id'),
    )
    .select(['batch_images.batch_id', 'batch_images.image_id', 'batch_images.honeypot', 'assignments.user_id'])
    .where('batches.project_id', '=', projectId)
    .orderBy('batch_images.batch_id')
    .orderBy('batch_images.position')
    .execute();
}
