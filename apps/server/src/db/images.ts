import { type Kysely, sql } from 'kysely';
import type { ProjectRole } from './projects.js';
import type { Database, ImageRow, ProjectRow } from './schema.js';

export type NewImage = Omit<ImageRow, 'id' | 'created_at'>;

/** Inserts every image or none (one transaction); returns them in order. */
export async function insertImages(db: Kysely<Database>, images: readonly NewImage[]): Promise<ImageRow[]> {
  const created_at = new Date().toISOString();
  return db.transaction().execute(async (trx) => {
    const rows: ImageRow[] = [];
    for (const image of images) {
      rows.push(
        await trx
          .insertInto('images')
          .values({ ...image, created_at })
          .returningAll()
          .executeTakeFirstOrThrow(),
      );
    }
    return rows;
  });
}

export function imageById(db: Kysely<Database>, id: number): Promise<ImageRow | undefined> {
  return db.selectFrom('images').selectAll().where('id', '=', id).executeTakeFirst();
}

export function imagesOfProject(db: Kysely<Database>, projectId: number): Promise<ImageRow[]> {
  return db.selectFrom('images').selectAll().where('project_id', '=', projectId).orderBy('id').execute();
}

/** The ids of a project's images, in id order (what an export walks, without the rows). */
export async function imageIdsOfProject(db: Kysely<Database>, projectId: number): Promise<number[]> {
  const rows = await db.selectFrom('images').select('id').where('project_id', '=', projectId).orderBy('id').execute();
  return rows.map((row) => row.id);
}

/** The images of `ids` (at most 500: one statement), in id order. */
export function imagesByIds(db: Kysely<Database>, ids: readonly number[]): Promise<ImageRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('images').selectAll().where('id', 'in', ids).orderBy('id').execute();
}

/** Which of `names` the project already holds. */
export async function existingFileNames(
  db: Kysely<Database>,
  projectId: number,
  names: readonly string[],
): Promise<string[]> {
  const found: string[] = [];
  // Chunked: SQLite allows at most 32766 bound parameters per statement.
  for (let i = 0; i < names.length; i += 500) {
    const rows = await db
      .selectFrom('images')
      .select('file_name')
      .where('project_id', '=', projectId)
      .where('file_name', 'in', names.slice(i, i + 500))
      .execute();
    for (const row of rows) found.push(row.file_name);
  }
  return found;
}

export async function goldImageIds(db: Kysely<Database>, projectId: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom('gold')
    .innerJoin('images', 'images.id', 'gold.image_id')
    .select('gold.image_id')
    .where('images.project_id', '=', projectId)
    .execute();
  return new Set(rows.map((row) => row.image_id));
}

export async function upsertPrelabels(
  db: Kysely<Database>,
  rows: ReadonlyArray<{ image_id: number; segments: string; source: string }>,
): Promise<void> {
  const created_at = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    for (const row of rows) {
      await trx
        .insertInto('prelabels')
        .values({ ...row, created_at })
        .onConflict((oc) =>
          oc.column('image_id').doUpdateSet({ segments: row.segments, source: row.source, created_at }),
        )
        .execute();
    }
  });
}

export async function prelabels(db: Kysely<Database>, imageId: number): Promise<string | undefined> {
  const row = await db.selectFrom('prelabels').select('segments').where('image_id', '=', imageId).executeTakeFirst();
  return row?.segments;
}

/**
 * An image, its project and `userId`'s role in that project (undefined: not a member), in one query:
 * the access check every image route makes (three queries before, on the save path). Raw SQL (plain,
 * for SQLite and PostgreSQL alike): Kysely's builder took 30 µs to make this query, more than SQLite
 * took to run it, and the hot queries of a save in the builder cost about a fifth of the server's CPU
 * per save under `bench:server`.
 */
export async function imageWithProject(
  db: Kysely<Database>,
  imageId: number,
  userId: number,
): Promise<{ image: ImageRow; project: ProjectRow; role: ProjectRole | undefined } | undefined> {
  type Row = ImageRow & {
    p_name: string;
    p_type: ProjectRow['type'];
    p_classes: string;
    p_ignore_index: number;
    p_delivery_format: string;
    p_created_by: number;
    p_created_at: string;
    m_role: ProjectRole | null;
  };
  const { rows } = await sql<Row>`
    select i.*, p.name as p_name, p.type as p_type, p.classes as p_classes, p.ignore_index as p_ignore_index,
      p.delivery_format as p_delivery_format, p.created_by as p_created_by, p.created_at as p_created_at,
      m.role as m_role
    from images i
    join projects p on p.id = i.project_id
    left join members m on m.project_id = i.project_id and m.user_id = ${userId}
    where i.id = ${imageId}`.execute(db);
  const row = rows[0];
  if (row === undefined) return undefined;
  const { p_name, p_type, p_classes, p_ignore_index, p_delivery_format, p_created_by, p_created_at, m_role, ...image } =
    row;
  const project: ProjectRow = {
    id: image.project_id,
    name: p_name,
    type: p_type,
    classes: p_classes,
    ignore_index: p_ignore_index,
    delivery_format: p_delivery_format,
    created_by: p_created_by,
    created_at: p_created_at,
  };
  return { image, project, role: m_role ?? undefined };
}
