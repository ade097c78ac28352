import type { Kysely } from 'kysely';
import type { Engine } from '../engine.js';

/**
 * Per-image review decisions: a reviewer accepts or rejects one annotator's document of one image, at
 * the version they looked at, a rejection pointing at the review comment pinned on the image. Rows
 * are only appended: the newest row of an (image, annotator) is the document's review state.
 */
export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  await db.schema
    .createTable('image_reviews')
    .addColumn('id', engine === 'sqlite' ? 'integer' : 'serial', (c) => c.primaryKey())
    .addColumn('image_id', 'integer', (c) => c.notNull().references('images.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('reviewer_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('comment_id', 'integer', (c) => c.references('comments.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('image_reviews_image').on('image_reviews').columns(['image_id', 'id']).execute();
}
