/** The server's shapes the web app reads (../shared/docs/api.md; the OpenAPI document has them all). */
import type { FormatCapabilities, LossReport } from '@segkit/formats';

export type ProjectType = 'semantic' | 'instance' | 'panoptic';
export type ProjectRole = 'manager' | 'annotator' | 'reviewer';
export type DeliveryFormat = 'coco-rle' | 'coco-polygon' | 'png' | 'coco-panoptic' | 'cityscapes' | 'binary-masks';
export const DELIVERY_FORMATS: readonly DeliveryFormat[] = [
  'coco-rle',
  'coco-polygon',
  'png',
  'coco-panoptic',
  'cityscapes',
  'binary-masks',
];

export interface User {
  id: number;
  email: string;
  name: string;
  role: 'admin' | 'member';
}

export interface ProjectClass {
  id: number;
  name: string;
  color: string;
  isthing: boolean;
}

export interface Member {
  id: number;
  email: string;
  name: string;
  role: ProjectRole;
}

export interface Project {
  id: number;
  name: string;
  type: ProjectType;
  classes: ProjectClass[];
  ignoreIndex: number;
  deliveryFormat: DeliveryFormat;
  createdAt: string;
  /** The caller's role (admins: manager). */
  role: ProjectRole | null;
  /** For managers and reviewers. */
  members?: Member[];
}

export interface Image {
  id: number;
  fileName: string;
  width: number;
  height: number;
  /** For managers only. */
  gold?: boolean;
}

export type BatchStatus = 'todo' | 'in_progress' | 'submitted' | 'in_review' | 'accepted' | 'rejected';

export interface Assignee {
  userId: number;
  status: BatchStatus;
  submittedAt: string | null;
  saved: number;
  assigned: number;
  /** Their images by the newest review decision at the current version (none or only stale: undecided). */
  decisions: { accepted: number; rejected: number; undecided: number };
}

export interface Batch {
  id: number;
  projectId: number;
  name: string;
  deadline: string;
  status: BatchStatus;
  createdAt: string;
  imageIds: number[];
  assignments: Array<{ imageId: number; userId: number }>;
  assignees: Assignee[];
  /** For managers only. */
  honeypots?: number[];
}

export interface Segment {
  id: number;
  categoryId: number;
  segmentation: { size: [number, number]; counts: string };
  iscrowd?: 0 | 1;
}

export interface AnnotationDocument {
  version: number;
  updatedAt: string | null;
  userId: number;
  segments: Segment[];
}

export interface GoldDocument {
  segments: Segment[];
  updatedAt: string;
  updatedBy: number;
}

export interface Job {
  id: number;
  kind: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  createdAt: string;
  error?: { code: string; message: string };
  result?: { downloadUrl?: string };
}

/** One alert of an eval report: a class the averages hide. */
export interface QaAlert {
  id: number;
  name: string;
  kinds: string[];
  message: string;
}

/**
 * What `segkit eval semantic|instance|panoptic --format json` prints: `perClass` rows (their columns
 * depend on the kind), `alerts`, and the headline numbers (semantic `miou`…, instance `stats`,
 * panoptic `all`/`things`/`stuff`).
 */
export interface QaReport {
  perClass?: Array<Record<string, unknown> & { id: number; name: string; absent?: boolean }>;
  alerts?: QaAlert[];
  [key: string]: unknown;
}

export interface BatchQa {
  batchId: number;
  perAnnotator: Array<{ userId: number; images: number; report: QaReport }>;
  batch: QaReport;
}

/**
 * `GET /api/projects/{p}/delivery-loss[?format=]`: what the format can hold, and the loss report of
 * writing the project's newest documents in it (null when no image has a labelled document).
 */
export interface DeliveryLoss {
  format: DeliveryFormat;
  holds: FormatCapabilities;
  /** Labelled images measured. */
  images: number;
  report: LossReport | null;
}

/** A reviewer's decision on one annotator's document of one image (docs/server.md). */
export interface ImageReview {
  id: number;
  imageId: number;
  userId: number;
  reviewerId: number;
  version: number;
  status: 'accepted' | 'rejected';
  commentId: number | null;
  createdAt: string;
}

/**
 * A review comment placed on the image: (x, y) in image pixels, about `userId`'s document (null: the
 * image). Resolved once the spot is fixed (`PATCH /api/comments/{c}`), until reopened.
 */
export interface ReviewComment {
  id: number;
  imageId: number;
  authorId: number;
  userId: number | null;
  x: number;
  y: number;
  text: string;
  createdAt: string;
  resolved: boolean;
  resolvedAt: string | null;
  resolvedBy: number | null;
}
