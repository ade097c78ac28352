import type { Kysely } from 'kysely';
import type { Engine } from '../engine.js';

/**
 * Review comments can be resolved (the annotator fixed the spot) and reopened: who resolved one and
 * when, both null while it is open. Comments can also be deleted, unless a review decision names one
 * as its reason: `image_reviews_comment` serves that check (and PostgreSQL's own foreign-key check on
 * a delete, which otherwise scans the decisions).
 */
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema.alterTable('comments').addColumn('resolved_at', 'text').execute();
  await db.schema
    .alterTable('comments')
    .addColumn('resolved_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('image_reviews_comment').on('image_reviews').column('comment_id').execute();
}
