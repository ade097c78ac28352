import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export async function insertComment(
  db: Kysely<Database>,
  comment: { image_id: number; user_id: number; about_user_id: number | null; x: number; y: number; text: string },
) {
  return db
    .insertInto('comments')
    .values({ ...comment, created_at: new Date().toISOString() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function commentsOf(db: Kysely<Database>, imageId: number) {
  return db.selectFrom('comments').selectAll().where('image_id', '=', imageId).orderBy('id').execute();
}

export function commentById(db: Kysely<Database>, commentId: number) {
  return db.selectFrom('comments').selectAll().where('id', '=', commentId).executeTakeFirst();
}

/**
 * Marks the comment resolved by `userId` now (kept as it was if it is resolved already: the first
 * resolution stands), or reopens it (`userId` null); returns the row, undefined if it is gone.
 */
export async function setCommentResolved(db: Kysely<Database>, commentId: number, userId: number | null) {
  const update =
    userId === null
      ? db.updateTable('comments').set({ resolved_at: null, resolved_by: null })
      : db
          .updateTable('comments')
          .set({ resolved_at: new Date().toISOString(), resolved_by: userId })
          .where('resolved_at', 'is', null);
  await update.where('id', '=', commentId).execute();
  return commentById(db, commentId);
}

/**
 * Deletes the comment; false when a review decision names it as its reason, which the foreign key
 * refuses (a decision recorded after the caller looked is caught here too).
 */
export async function deleteComment(db: Kysely<Database>, commentId: number): Promise<boolean> {
  try {
    await db.deleteFrom('comments').where('id', '=', commentId).execute();
    return true;
  } catch (error) {
    if (isForeignKeyViolation(error)) return false;
    throw error;
  }
}

/** Whether `error` is a foreign-key refusal, from SQLite or PostgreSQL. */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503';
}
