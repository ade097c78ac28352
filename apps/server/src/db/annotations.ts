import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface VersionRow {
  version: number;
  segments: string;
  created_at: string;
  user_id: number;
}

export async function currentVersion(db: Kysely<Database>, imageId: number, userId: number): Promise<number> {
  const row = await db
    .selectFrom('annotations')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('image_id', '=', imageId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(row?.v ?? 0);
}

/** A version of a user's document, the newest when `version` is undefined. */
export function readVersion(
  db: Kysely<Database>,
  imageId: number,
  userId: number,
  version: number | undefined,
): Promise<VersionRow | undefined> {
  let query = db
    .selectFrom('annotations')
    .select(['version', 'segments', 'created_at', 'user_id'])
    .where('image_id', '=', imageId)
    .where('user_id', '=', userId);
  query = version === undefined ? query.orderBy('version', 'desc').limit(1) : query.where('version', '=', version);
  return query.executeTakeFirst();
}

export type SaveOutcome = { saved: true; version: number } | { saved: false; currentVersion: number };

/**
 * Saves version `baseVersion + 1` if `baseVersion` is the current one, in one transaction; the unique
 * (image, user, version) key makes a racing save of the same base fail instead of both landing.
 */
export async function saveVersion(
  db: Kysely<Database>,
  imageId: number,
  userId: number,
  baseVersion: number,
  segments: string,
): Promise<SaveOutcome> {
  try {
    return await db.transaction().execute(async (trx) => {
      const current = await currentVersion(trx, imageId, userId);
      if (current !== baseVersion) return { saved: false, currentVersion: current };
      await trx
        .insertInto('annotations')
        .values({
          image_id: imageId,
          user_id: userId,
          version: baseVersion + 1,
          segments,
          created_at: new Date().toISOString(),
        })
        .execute();
      return { saved: true, version: baseVersion + 1 };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { saved: false, currentVersion: await currentVersion(db, imageId, userId) };
    throw error;
  }
}

export function versions(db: Kysely<Database>, imageId: number, userId: number) {
  return db
    .selectFrom('annotations')
    .select(['version', 'created_at', 'user_id'])
    .where('image_id', '=', imageId)
    .where('user_id', '=', userId)
    .orderBy('version')
    .execute();
}

/** The newest version of every user's document of each image in `imageIds`. */
export async function newestDocuments(
  db: Kysely<Database>,
  imageIds: readonly number[],
): Promise<Array<VersionRow & { image_id: number }>> {
  const out: Array<VersionRow & { image_id: number }> = [];
  for (let i = 0; i < imageIds.length; i += 500) {
    const chunk = imageIds.slice(i, i + 500);
    const rows = await db
      .selectFrom('annotations as a')
      .select(['a.image_id', 'a.user_id', 'a.version', 'a.segments', 'a.created_at'])
      .where('a.image_id', 'in', chunk)
      .where(({ eb, selectFrom }) =>
        eb(
          'a.version',
          '=',
          selectFrom('annotations as b')
            .select((inner) => inner.fn.max('b.version').as('m'))
            .whereRef('b.image_id', '=', 'a.image_id')
            .whereRef('b.user_id', '=', 'a.user_id'),
        ),
      )
      .orderBy('a.image_id')
      .orderBy('a.created_at')
      .execute();
    out.push(...rows);
  }
  return out;
}

export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
