import type { Kysely } from 'kysely';
import type { Database, ImageReviewStatus } from './schema.js';

export async function insertImageReview(
  db: Kysely<Database>,
  review: {
    image_id: number;
    user_id: number;
    reviewer_id: number;
    version: number;
    status: ImageReviewStatus;
    comment_id: number | null;
  },
) {
  return db
    .insertInto('image_reviews')
    .values({ ...review, created_at: new Date().toISOString() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The image's review decisions, oldest first; only those about `userId` when given. */
export function imageReviewsOf(db: Kysely<Database>, imageId: number, userId: number | undefined) {
  let query = db.selectFrom('image_reviews').selectAll().where('image_id', '=', imageId);
  if (userId !== undefined) query = query.where('user_id', '=', userId);
  return query.orderBy('id').execute();
}

/** The decisions that name the comment as their reason, oldest first. */
export function imageReviewsCiting(db: Kysely<Database>, commentId: number) {
  return db.selectFrom('image_reviews').selectAll().where('comment_id', '=', commentId).orderBy('id').execute();
}
