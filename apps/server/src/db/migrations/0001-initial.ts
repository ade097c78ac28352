import { type Kysely, sql } from 'kysely';
import type { Engine } from '../engine.js';

/** The first schema: users and sessions, projects and members, images, versioned annotations, gold, batches, jobs. */
export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  // SQLite: an INTEGER PRIMARY KEY is the rowid; PostgreSQL: an identity column.
  const id = engine === 'sqlite' ? 'integer' : 'serial';
  const text = 'text' as const;
  // A float: SQLite's REAL is 8 bytes, PostgreSQL's `real` only 4 (0.1 would read back as
  // 0.10000000149011612). This branch never ran before PostgreSQL was supported, so no database
  // holds the 4-byte columns.
  const float = engine === 'sqlite' ? 'real' : 'double precision';
  await db.schema
    .createTable('users')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('email', text, (c) => c.notNull().unique())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('role', text, (c) => c.notNull())
    .addColumn('password_hash', text, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('tokens')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', text, (c) => c.notNull().unique())
    .addColumn('kind', text, (c) => c.notNull())
    .addColumn('csrf_hash', text)
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('expires_at', text, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('login_failures')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('email', text, (c) => c.notNull())
    .addColumn('address', text, (c) => c.notNull())
    .addColumn('at', text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_failures_email').on('login_failures').columns(['email', 'at']).execute();
  await db.schema.createIndex('login_failures_address').on('login_failures').columns(['address', 'at']).execute();
  await db.schema
    .createTable('projects')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('type', text, (c) => c.notNull())
    .addColumn('classes', text, (c) => c.notNull())
    .addColumn('ignore_index', 'integer', (c) => c.notNull())
    .addColumn('delivery_format', text, (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', text, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('members')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('members_pk', ['project_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('images')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('file_name', text, (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('blob_key', text, (c) => c.notNull())
    .addColumn('thumb_key', text, (c) => c.notNull())
    .addColumn('media_type', text, (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .addUniqueConstraint('images_project_file', ['project_id', 'file_name'])
    .execute();
  await db.schema
    .createTable('prelabels')
    .addColumn('image_id', 'integer', (c) => c.primaryKey().references('images.id').onDelete('cascade'))
    .addColumn('segments', text, (c) => c.notNull())
    .addColumn('source', text, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('annotations')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('image_id', 'integer', (c) => c.notNull().references('images.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('segments', text, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    // One row per version: two saves racing on one base version cannot both land.
    .addUniqueConstraint('annotations_version', ['image_id', 'user_id', 'version'])
    .execute();
  await db.schema
    .createTable('gold')
    .addColumn('image_id', 'integer', (c) => c.primaryKey().references('images.id').onDelete('cascade'))
    .addColumn('segments', text, (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', text, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('batches')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('deadline', text, (c) => c.notNull())
    .addColumn('honeypot_share', float, (c) => c.notNull())
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', text, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('batch_images')
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('batches.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('image_id', 'integer', (c) => c.notNull().references('images.id').onDelete('cascade'))
    .addColumn('honeypot', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('batch_images_pk', ['batch_id', 'position'])
    .execute();
  await db.schema
    .createTable('assignments')
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('batches.id').onDelete('cascade'))
    .addColumn('image_id', 'integer', (c) => c.notNull().references('images.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('assignments_pk', ['batch_id', 'image_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('assignees')
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('batches.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('submitted_at', text)
    .addPrimaryKeyConstraint('assignees_pk', ['batch_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('comments')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('image_id', 'integer', (c) => c.notNull().references('images.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('about_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('x', float, (c) => c.notNull())
    .addColumn('y', float, (c) => c.notNull())
    .addColumn('text', text, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('jobs')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('kind', text, (c) => c.notNull())
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('payload', text, (c) => c.notNull())
    .addColumn('state', text, (c) => c.notNull())
    .addColumn('progress', float, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('error', text)
    .addColumn('result', text)
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('started_at', text)
    .addColumn('finished_at', text)
    .execute();
  await db.schema.createIndex('annotations_image_user').on('annotations').columns(['image_id', 'user_id']).execute();
  await db.schema.createIndex('images_project').on('images').column('project_id').execute();
  await db.schema.createIndex('jobs_state').on('jobs').columns(['state', 'id']).execute();
  await sql`select 1`.execute(db);
}
