/**
 * The tables, as Kysely sees them. Times are ISO 8601 strings in UTC and JSON columns are text, so the
 * same rows read the same on SQLite and PostgreSQL. Ids are integers the database assigns.
 */

import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Id = Generated<number>;

export interface UsersTable {
  id: Id;
  email: string;
  name: string;
  role: 'admin' | 'member';
  password_hash: string;
  created_at: string;
}

/** Browser sessions and script tokens: only the SHA-256 of the token is stored. */
export interface TokensTable {
  id: Id;
  user_id: number;
  token_hash: string;
  kind: 'session' | 'api';
  /** SHA-256 of the session's CSRF token (sessions only). */
  csrf_hash: string | null;
  created_at: string;
  expires_at: string;
}

/** Failed logins, for the rate limit (kept in the database so every server process sees them). */
export interface LoginFailuresTable {
  id: Id;
  email: string;
  address: string;
  at: string;
}

export interface ProjectsTable {
  id: Id;
  name: string;
  type: 'semantic' | 'instance' | 'panoptic';
  /** JSON: [{id, name, color, isthing}]. */
  classes: string;
  ignore_index: number;
  delivery_format: string;
  created_by: number;
  created_at: string;
}

export interface MembersTable {
  project_id: number;
  user_id: number;
  role: 'manager' | 'annotator' | 'reviewer';
}

export interface ImagesTable {
  id: Id;
  project_id: number;
  file_name: string;
  width: number;
  height: number;
  /** Blob keys in the store. */
  blob_key: string;
  thumb_key: string;
  media_type: string;
  bytes: number;
  created_at: string;
}

/** An image's pre-labels (imported annotations or predictions): version 0 of every document. */
export interface PrelabelsTable {
  image_id: number;
  segments: string;
  source: string;
  created_at: string;
}

/** One row per saved version of one annotator's document of one image. */
export interface AnnotationsTable {
  id: Id;
  image_id: number;
  user_id: number;
  version: number;
  segments: string;
  created_at: string;
}

export interface GoldTable {
  image_id: number;
  segments: string;
  updated_by: number;
  updated_at: string;
}

export interface BatchesTable {
  id: Id;
  project_id: number;
  name: string;
  deadline: string;
  honeypot_share: number;
  status: BatchStatus;
  created_by: number;
  created_at: string;
}

export type BatchStatus = 'todo' | 'in_progress' | 'submitted' | 'in_review' | 'accepted' | 'rejected';

/** The batch's images in order, honeypots mixed in. */
export interface BatchImagesTable {
  batch_id: number;
  position: number;
  image_id: number;
  honeypot: number;
}

export interface AssignmentsTable {
  batch_id: number;
  image_id: number;
  user_id: number;
}

export interface AssigneesTable {
  batch_id: number;
  user_id: number;
  status: BatchStatus;
  submitted_at: string | null;
}

export interface CommentsTable {
  id: Id;
  image_id: number;
  user_id: number;
  /** The annotator whose document is discussed. */
  about_user_id: number | null;
  x: number;
  y: number;
  text: string;
  created_at: string;
  /** When the comment was resolved (the spot fixed); null while it is open. */
  resolved_at: string | null;
  resolved_by: number | null;
}

export type ImageReviewStatus = 'accepted' | 'rejected';

export interface ImageReviewsTable {
  id: Id;
  image_id: number;
  /** The annotator whose document was reviewed. */
  user_id: number;
  reviewer_id: number;
  /** The version of the document the decision is about. */
  version: number;
  status: ImageReviewStatus;
  /** The review comment pinned on the image (required for a rejection). */
  comment_id: number | null;
  created_at: string;
}

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface JobsTable {
  id: Id;
  kind: string;
  project_id: number;
  created_by: number;
  payload: string;
  state: JobState;
  progress: number;
  attempts: number;
  error: string | null;
  result: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface QaSnapshotsTable {
  id: Id;
  batch_id: number;
  project_id: number;
  /** JSON: the batch QA response ({ perAnnotator, batch }). */
  report: string;
  created_at: string;
}

export interface Database {
  users: UsersTable;
  tokens: TokensTable;
  login_failures: LoginFailuresTable;
  projects: ProjectsTable;
  members: MembersTable;
  images: ImagesTable;
  prelabels: PrelabelsTable;
  annotations: AnnotationsTable;
  gold: GoldTable;
  batches: BatchesTable;
  batch_images: BatchImagesTable;
  assignments: AssignmentsTable;
  assignees: AssigneesTable;
  comments: CommentsTable;
  jobs: JobsTable;
  qa_snapshots: QaSnapshotsTable;
  image_reviews: ImageReviewsTable;
}

export type UserRow = Selectable<UsersTable>;
export type ProjectRow = Selectable<ProjectsTable>;
export type ImageRow = Selectable<ImagesTable>;
export type BatchRow = Selectable<BatchesTable>;
export type JobRow = Selectable<JobsTable>;
export type NewJob = Insertable<JobsTable>;
export type { ColumnType };
