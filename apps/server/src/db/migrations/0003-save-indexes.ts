import type { Kysely } from 'kysely';

/**
 * The indexes of the save path. Every save looks up the assignments of its (image, user) to mark
 * the batches it starts: the primary key (batch, image, user) cannot serve that lookup, which scanned
 * the table. And `annotations_image_user` repeats the first two columns of the unique (image, user,
 * version) key, which serves every lookup it served; dropped, as each save paid for keeping it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('assignments_image_user').on('assignments').columns(['image_id', 'user_id']).execute();
  await db.schema.dropIndex('annotations_image_user').execute();
}
