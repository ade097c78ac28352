import { type Kysely, sql } from 'kysely';
import type { ProjectRole } from './projects.js';
import type { Database, ImageRow, ProjectRow } from './schema.js';
import type { TokenUser } from './users.js';

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

export interface ImageWithProject {
  image: ImageRow;
  project: ProjectRow;
  /** The user's role in the image's project; undefined where they are not a member. */
  role: ProjectRole | undefined;
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
): Promise<ImageWithProject | undefined> {
  const { rows } = await sql<ImageColumns & ProjectColumns>`
    select ${IMAGE_COLUMNS}, ${PROJECT_COLUMNS}
    from images i
    join projects p on p.id = i.project_id
    left join members m on m.project_id = i.project_id and m.user_id = ${userId}
    where i.id = ${imageId}`.execute(db);
  const row = rows[0];
  return row === undefined ? undefined : imageWithProjectOf(row);
}

/**
 * The user a live token belongs to and, in the same query, what `imageWithProject` answers for them
 * and `imageId`: every image route's two lookups (the auth hook's session and the access check) in
 * one round trip. `found` is undefined for an image that does not exist.
 */
export async function tokenUserWithImage(
  db: Kysely<Database>,
  hash: string,
  now: string,
  imageId: number,
): Promise<{ user: TokenUser; found: ImageWithProject | undefined } | undefined> {
  const { rows } = await sql<TokenUser & Partial<ImageColumns & ProjectColumns>>`
    select u.*, t.kind as token_kind, t.csrf_hash, t.id as token_id, ${IMAGE_COLUMNS}, ${PROJECT_COLUMNS}
    from tokens t
    join users u on u.id = t.user_id
    left join images i on i.id = ${imageId}
    left join projects p on p.id = i.project_id
    left join members m on m.project_id = i.project_id and m.user_id = u.id
    where t.token_hash = ${hash} and t.expires_at > ${now}`.execute(db);
  const row = rows[0];
  if (row === undefined) return undefined;
  const found =
    row.i_id === undefined || row.i_id === null ? undefined : imageWithProjectOf(row as ImageColumns & ProjectColumns);
  const user: Record<string, unknown> = { ...row };
  for (const column of JOINED_COLUMNS) delete user[column];
  return { user: user as TokenUser, found };
}

// The columns of an image, its project and the caller's membership, prefixed so that they can sit
// beside another table's in one row.
const IMAGE_FIELDS = [
  'id',
  'project_id',
  'file_name',
  'width',
  'height',
  'blob_key',
  'thumb_key',
  'media_type',
  'bytes',
  'created_at',
];
const PROJECT_FIELDS = ['name', 'type', 'classes', 'ignore_index', 'delivery_format', 'created_by', 'created_at'];
const IMAGE_COLUMNS = sql.raw(IMAGE_FIELDS.map((column) => `i.${column} as i_${column}`).join(', '));
const PROJECT_COLUMNS = sql.raw(
  [...PROJECT_FIELDS.map((column) => `p.${column} as p_${column}`), 'm.role as m_role'].join(', '),
);
/** The names those columns take in a row, which are not the user's. */
const JOINED_COLUMNS = [
  ...IMAGE_FIELDS.map((column) => `i_${column}`),
  ...PROJECT_FIELDS.map((column) => `p_${column}`),
  'm_role',
];

interface ImageColumns {
  i_id: number;
  i_project_id: number;
  i_file_name: string;
  i_width: number;
  i_height: number;
  i_blob_key: string;
  i_thumb_key: string;
  i_media_type: string;
  i_bytes: number;
  i_created_at: string;
}

interface ProjectColumns {
  p_name: string;
  p_type: ProjectRow['type'];
  p_classes: string;
  p_ignore_index: number;
  p_delivery_format: string;
  p_created_by: number;
  p_created_at: string;
  m_role: ProjectRole | null;
}

function imageWithProjectOf(row: ImageColumns & ProjectColumns): ImageWithProject {
  const image: ImageRow = {
    id: row.i_id,
    project_id: row.i_project_id,
    file_name: row.i_file_name,
    width: row.i_width,
    height: row.i_height,
    blob_key: row.i_blob_key,
    thumb_key: row.i_thumb_key,
    media_type: row.i_media_type,
    bytes: row.i_bytes,
    created_at: row.i_created_at,
  };
  const project: ProjectRow = {
    id: row.i_project_id,
    name: row.p_name,
    type: row.p_type,
    classes: row.p_classes,
    ignore_index: row.p_ignore_index,
    delivery_format: row.p_delivery_format,
    created_by: row.p_created_by,
    created_at: row.p_created_at,
  };
  return { image, project, role: row.m_role ?? undefined };
}
