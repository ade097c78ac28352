import type { Actor, AppContext } from '../context.js';
import { readVersion, versions } from '../db/annotations.js';
import { putGold, readGold } from '../db/gold.js';
import { prelabels } from '../db/images.js';
import { conflict, forbidden, notFound } from '../errors.js';
import { requireRole } from './access.js';
import { refreshBatchStatus } from './batches.js';
import { checkDocument, normaliseSegments, type Segment } from './documents.js';
import { imageAccess } from './images.js';
import { toProject } from './projects.js';

export interface AnnotationDocument {
  version: number;
  updatedAt: string | null;
  userId: number;
  segments: Segment[];
}

/**
 * A user's document of an image: the caller's own, or `userId`'s for managers and reviewers; the
 * newest version or `version`. Never saved: version 0 with the image's pre-labels (or no segments).
 */
export async function readAnnotation(
  ctx: AppContext,
  actor: Actor,
  imageId: number,
  options: { userId?: number | undefined; version?: number | undefined },
): Promise<AnnotationDocument> {
  const { image, access } = await imageAccess(ctx, actor, imageId);
  const userId = options.userId ?? actor.id;
  if (userId !== actor.id) requireRole(access, ['manager', 'reviewer'], "read another user's annotation");
  if (options.version !== 0) {
    const row = await readVersion(ctx.db.kysely, image.id, userId, options.version);
    if (row !== undefined) {
      return { version: row.version, updatedAt: row.created_at, userId, segments: JSON.parse(row.segments) };
    }
    if (options.version !== undefined) throw notFound(`version ${options.version} of image ${imageId}'s annotation`);
  }
  const pre = await prelabels(ctx.db.kysely, image.id);
  return { version: 0, updatedAt: null, userId, segments: pre === undefined ? [] : JSON.parse(pre) };
}

/** Saves the caller's document as a new version; 409 (nothing written) when `baseVersion` is stale. */
export async function saveAnnotation(
  ctx: AppContext,
  actor: Actor,
  imageId: number,
  baseVersion: number,
  segments: readonly Segment[],
): Promise<{ version: number }> {
  const { image, access } = await imageAccess(ctx, actor, imageId);
  requireRole(access, ['manager', 'annotator'], 'save annotations');
  checkDocument(segments, image, toProject(access.project, access.role));
  const outcome = await ctx.db.saves.save(image.id, actor.id, baseVersion, JSON.stringify(normaliseSegments(segments)));
  if (!outcome.saved) {
    throw conflict(
      `image ${imageId}: the document is at version ${outcome.currentVersion}, not ${baseVersion}; reload it and save again`,
      { currentVersion: outcome.currentVersion },
    );
  }
  // The assignee has started on the batches this image is theirs in (marked with the save).
  for (const batchId of outcome.started) await refreshBatchStatus(ctx, batchId);
  return { version: outcome.version };
}

export async function listVersions(ctx: AppContext, actor: Actor, imageId: number, userId: number | undefined) {
  const { image, access } = await imageAccess(ctx, actor, imageId);
  const owner = userId ?? actor.id;
  if (owner !== actor.id) requireRole(access, ['manager', 'reviewer'], "read another user's annotation");
  const rows = await versions(ctx.db.kysely, image.id, owner);
  return rows.map((row) => ({ version: row.version, updatedAt: row.created_at, userId: row.user_id }));
}

/** The gold reference of an image (managers and reviewers; annotators never read gold). */
export async function readGoldDocument(ctx: AppContext, actor: Actor, imageId: number) {
  const { image, access } = await imageAccess(ctx, actor, imageId);
  if (access.role === 'annotator') throw forbidden('annotators do not read gold references');
  const row = await readGold(ctx.db.kysely, image.id);
  if (row === undefined) throw notFound(`a gold reference for image ${imageId}`);
  return { segments: JSON.parse(row.segments) as Segment[], updatedAt: row.updated_at, updatedBy: row.updated_by };
}

/** A manager puts an image into the gold set with this reference (checked as any document). */
export async function saveGold(ctx: AppContext, actor: Actor, imageId: number, segments: readonly Segment[]) {
  const { image, access } = await imageAccess(ctx, actor, imageId);
  requireRole(access, ['manager'], 'set gold references');
  checkDocument(segments, image, toProject(access.project, access.role));
  await putGold(ctx.db.kysely, image.id, JSON.stringify(normaliseSegments(segments)), actor.id);
  return { imageId: image.id, gold: true };
}
