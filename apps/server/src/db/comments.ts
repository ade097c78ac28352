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
