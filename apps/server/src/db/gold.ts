import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export async function putGold(db: Kysely<Database>, imageId: number, segments: string, userId: number): Promise<void> {
  const updated_at = new Date().toISOString();
  await db
    .insertInto('gold')
    .values({ image_id: imageId, segments, updated_by: userId, updated_at })
    .onConflict((oc) => oc.column('image_id').doUpdateSet({ segments, updated_by: userId, updated_at }))
    .execute();
}

export function readGold(db: Kysely<Database>, imageId: number) {
  return db.selectFrom('gold').selectAll().where('image_id', '=', imageId).executeTakeFirst();
}

export function goldOf(db: Kysely<Database>, imageIds: readonly number[]) {
  if (imageIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('gold').selectAll().where('image_id', 'in', imageIds).execute();
}
