import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor, AppContext } from '../context.js';
import {
  batchAssignees,
  batchAssignments,
  batchById,
  batchesOfProject,
  batchesReviewedThrough,
  batchImages,
  currentDecisions,
  insertBatch,
  savedCounts,
  setAssigneeStatus,
  setBatchStatus,
} from '../db/batches.js';
import { goldImageIds, imagesOfProject } from '../db/images.js';
import { memberRole } from '../db/projects.js';
import type { BatchRow, BatchStatus, Database, ImageReviewStatus } from '../db/schema.js';
import { userById } from '../db/users.js';
import { ApiError, forbidden, invalid, notFound } from '../errors.js';
import { type ProjectAccess, projectAccess, requireRole } from './access.js';
import { planBatch } from './batch-plan.js';

export interface NewBatchInput {
  name: string;
  imageIds: number[];
  assignees: number[];
  deadline?: string | undefined;
  honeypotShare?: number | undefined;
}

/** A manager creates a batch: assignments, honeypots, a deadline (default 72 hours from now). */
export async function createBatch(ctx: AppContext, actor: Actor, projectId: number, input: NewBatchInput) {
  const access = await projectAccess(ctx, actor, projectId);
  requireRole(access, ['manager'], 'create batches');
  const db = ctx.db.kysely;
  if (input.imageIds.length === 0) throw invalid('a batch has at least one image');
  if (input.assignees.length === 0) throw invalid('a batch has at least one assignee');
  if (new Set(input.imageIds).size !== input.imageIds.length) throw invalid('an image is requested twice');
  if (new Set(input.assignees).size !== input.assignees.length) throw invalid('an assignee is named twice');
  const share = input.honeypotShare ?? 0.1;
  if (!(share >= 0 && share <= 1)) throw invalid(`honeypotShare ${share} is not between 0 and 1`);
  const deadline = input.deadline === undefined ? new Date(Date.now() + 72 * 3600_000) : new Date(input.deadline);
  if (Number.isNaN(deadline.getTime())) throw invalid(`deadline ${JSON.stringify(input.deadline)} is not a time`);
  const projectImages = new Set((await imagesOfProject(db, projectId)).map((image) => image.id));
  for (const id of input.imageIds)
    if (!projectImages.has(id)) throw invalid(`image ${id} is not in project ${projectId}`);
  for (const userId of input.assignees) {
    // Admins act as managers in every project, so they may label too.
    const role = (await userById(db, userId))?.role === 'admin' ? 'manager' : await memberRole(db, projectId, userId);
    if (role !== 'annotator' && role !== 'manager') {
      throw invalid(`user ${userId} is not an annotator or manager of project ${projectId}`);
    }
  }
  const plan = planBatch(
    input.imageIds,
    input.assignees,
    await goldImageIds(db, projectId),
    share,
    () => randomInt(2 ** 47) / 2 ** 47,
  );
  const row = await insertBatch(db, {
    project_id: projectId,
    name: input.name,
    deadline: deadline.toISOString(),
    honeypot_share: share,
    created_by: actor.id,
    images: plan.images,
    assignments: plan.assignments,
    assignees: input.assignees,
  });
  return batchView(ctx, row, access, actor);
}

export async function listBatches(ctx: AppContext, actor: Actor, projectId: number) {
  const access = await projectAccess(ctx, actor, projectId);
  const rows = await batchesOfProject(ctx.db.kysely, projectId);
  const out = [];
  for (const row of rows) {
    const view = await batchView(ctx, row, access, actor);
    if (access.role === 'annotator' && view.assignments.length === 0) continue;
    out.push(view);
  }
  return out;
}

/** The batch and the caller's access (404 when the caller is not in its project). */
export async function batchAccess(ctx: AppContext, actor: Actor, batchId: number) {
  const batch = await batchById(ctx.db.kysely, batchId);
  if (batch === undefined) throw notFound(`batch ${batchId}`);
  try {
    return { batch, access: await projectAccess(ctx, actor, batch.project_id) };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) throw notFound(`batch ${batchId}`);
    throw error;
  }
}

export async function getBatch(ctx: AppContext, actor: Actor, batchId: number) {
  const { batch, access } = await batchAccess(ctx, actor, batchId);
  return batchView(ctx, batch, access, actor);
}

/** An assignee hands in their part of the batch. */
export async function submitBatch(ctx: AppContext, actor: Actor, batchId: number) {
  const { batch, access } = await batchAccess(ctx, actor, batchId);
  if (access.role === 'reviewer') throw forbidden('reviewers do not submit batches');
  const assignees = await batchAssignees(ctx.db.kysely, batchId);
  const mine = assignees.find((a) => a.user_id === actor.id);
  if (mine === undefined) throw forbidden(`you are not an assignee of batch ${batchId}`);
  if (mine.status === 'accepted') throw invalid(`batch ${batchId} is already accepted for you`, 'ALREADY_ACCEPTED');
  await setAssigneeStatus(ctx.db.kysely, batchId, actor.id, 'submitted');
  await refreshBatchStatus(ctx, batchId);
  // QA on submit: the batch's scores as of this hand-in, kept for the trends across batches.
  await ctx.queue.enqueue('batch-qa', batch.project_id, actor.id, { batchId });
  return batchView(ctx, (await batchById(ctx.db.kysely, batch.id)) as BatchRow, access, actor);
}

/** A reviewer or manager moves an assignee's part to in_review, accepted or rejected. */
export async function reviewBatch(
  ctx: AppContext,
  actor: Actor,
  batchId: number,
  userId: number,
  status: 'in_review' | 'accepted' | 'rejected',
) {
  const { access } = await batchAccess(ctx, actor, batchId);
  requireRole(access, ['manager', 'reviewer'], 'review batches');
  const assignees = await batchAssignees(ctx.db.kysely, batchId);
  if (!assignees.some((a) => a.user_id === userId)) throw notFound(`assignee ${userId} of batch ${batchId}`);
  await setAssigneeStatus(ctx.db.kysely, batchId, userId, status);
  await refreshBatchStatus(ctx, batchId);
  return getBatch(ctx, actor, batchId);
}

/** The batch's status from its assignees': all accepted, any rejected, all handed in, any started. */
export function batchStatus(statuses: readonly BatchStatus[]): BatchStatus {
  if (statuses.length > 0 && statuses.every((s) => s === 'accepted')) return 'accepted';
  if (statuses.includes('rejected')) return 'rejected';
  const handedIn = statuses.every((s) => s === 'submitted' || s === 'in_review' || s === 'accepted');
  if (handedIn && statuses.includes('in_review')) return 'in_review';
  if (handedIn) return 'submitted';
  return statuses.some((s) => s !== 'todo') ? 'in_progress' : 'todo';
}

/** Sets the batch's status from its assignees' (`batchStatus`); `db`: the transaction to run in, if any. */
export async function refreshBatchStatus(
  ctx: AppContext,
  batchId: number,
  db: Kysely<Database> = ctx.db.kysely,
): Promise<void> {
  const assignees = await batchAssignees(db, batchId);
  await setBatchStatus(db, batchId, batchStatus(assignees.map((a) => a.status)));
}

/**
 * An assignee's status from the current decisions about their batch images (one entry per image:
 * the newest decision at the document's current version, null for none): any rejected → rejected;
 * else every image accepted → accepted; else in_review. For example [accepted, null] → in_review,
 * [accepted, rejected] → rejected, [accepted, accepted] → accepted.
 */
export function statusFromDecisions(
  decisions: readonly (ImageReviewStatus | null)[],
): 'in_review' | 'accepted' | 'rejected' {
  if (decisions.includes('rejected')) return 'rejected';
  if (decisions.length > 0 && decisions.every((d) => d === 'accepted')) return 'accepted';
  return 'in_review';
}

/**
 * Per-image review decisions feed the batch statuses. Called in the transaction `db` that recorded a
 * decision about user U's document of image I: for every batch in which I is assigned to U and U's
 * status is submitted, in_review, accepted or rejected, U's status becomes what the current
 * decisions about U's images of that batch give (`statusFromDecisions`: each image's newest decision
 * at U's current version of it, a decision about an older version counting as none), then the
 * batch's status is refreshed (`refreshBatchStatus`). Statuses todo and in_progress are left alone:
 * the assignee has not handed the batch in. A save of a new version does not come here: an accepted
 * or rejected assignee stays so until the next decision about one of their images, or a batch review
 * (POST /api/batches/{b}/review), or (from rejected) their submit. Per batch: two reads (the
 * decisions, the assignees) and two writes.
 */
export async function followImageDecision(
  ctx: AppContext,
  db: Kysely<Database>,
  imageId: number,
  userId: number,
): Promise<void> {
  for (const batchId of await batchesReviewedThrough(db, ctx.db.engine, imageId, userId)) {
    const decisions = await currentDecisions(db, batchId, userId);
    await setAssigneeStatus(db, batchId, userId, statusFromDecisions(decisions.map((d) => d.status)));
    await refreshBatchStatus(ctx, batchId, db);
  }
}

/** How many images have a current decision accepted, rejected, or none (`currentDecisions`). */
function decisionCounts(decisions: ReadonlyArray<{ status: ImageReviewStatus | null }>) {
  const counts = { accepted: 0, rejected: 0, undecided: 0 };
  for (const d of decisions) counts[d.status ?? 'undecided']++;
  return counts;
}

/**
 * What a caller sees of a batch. Managers and reviewers: everything, with the honeypots named for
 * managers. Annotators: their own assignments only, with nothing that tells a honeypot apart.
 */
async function batchView(ctx: AppContext, batch: BatchRow, access: ProjectAccess, actor: Actor) {
  const db = ctx.db.kysely;
  const [images, assignments, assignees, decisions] = await Promise.all([
    batchImages(db, batch.id),
    batchAssignments(db, batch.id),
    batchAssignees(db, batch.id),
    currentDecisions(db, batch.id),
  ]);
  const everything = access.role !== 'annotator';
  const mine = new Set(assignments.filter((a) => a.user_id === actor.id).map((a) => a.image_id));
  const visible = everything ? images : images.filter((image) => mine.has(image.image_id));
  const saved = await savedCounts(db, batch.id);
  return {
    id: batch.id,
    projectId: batch.project_id,
    name: batch.name,
    deadline: batch.deadline,
    status: batch.status,
    createdAt: batch.created_at,
    imageIds: visible.map((image) => image.image_id),
    assignments: (everything ? assignments : assignments.filter((a) => a.user_id === actor.id)).map((a) => ({
      imageId: a.image_id,
      userId: a.user_id,
    })),
    assignees: (everything ? assignees : assignees.filter((a) => a.user_id === actor.id)).map((a) => ({
      userId: a.user_id,
      status: a.status,
      submittedAt: a.submitted_at,
      saved: saved.get(a.user_id) ?? 0,
      assigned: assignments.filter((x) => x.user_id === a.user_id).length,
      decisions: decisionCounts(decisions.filter((d) => d.user_id === a.user_id)),
    })),
    ...(access.role === 'manager'
      ? { honeypots: images.filter((image) => image.honeypot === 1).map((image) => image.image_id) }
      : {}),
  };
}
