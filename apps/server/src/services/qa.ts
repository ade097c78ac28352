import type { EvalReport } from '@segkit/jobs';
import type { Actor, AppContext } from '../context.js';
import { newestDocuments } from '../db/annotations.js';
import { batchAssignees, batchById, batchImages } from '../db/batches.js';
import { goldOf } from '../db/gold.js';
import { imagesOfProject } from '../db/images.js';
import { projectById } from '../db/projects.js';
import { insertSnapshot, latestSnapshots } from '../db/qa-snapshots.js';
import type { ImageRow, JobRow, ProjectRow } from '../db/schema.js';
import { invalid } from '../errors.js';
import type { QaInput, QaPair, QaReport, QaSegment } from '../qa/compute.js';
import { runTask } from '../workers/pool.js';
import { projectAccess, requireRole } from './access.js';
import { batchAccess } from './batches.js';
import { toProject } from './projects.js';

export interface AnnotatorQa {
  userId: number;
  images: number;
  report: QaReport;
}

/**
 * Batch QA (api.md): for each assignee, their newest documents of the batch's honeypots against the
 * gold documents (a honeypot never saved counts as unlabelled), and the batch over all of them.
 */
export async function batchQa(ctx: AppContext, actor: Actor, batchId: number) {
  const { batch, access } = await batchAccess(ctx, actor, batchId);
  requireRole(access, ['manager', 'reviewer'], 'read QA reports');
  return batchQaOf(ctx, batch.id, access.project);
}

/** Batch QA without an access check (the submit job calls it). */
async function batchQaOf(ctx: AppContext, batchId: number, project: ProjectRow) {
  const db = ctx.db.kysely;
  const honeypots = (await batchImages(db, batchId)).filter((image) => image.honeypot === 1).map((i) => i.image_id);
  const assignees = (await batchAssignees(db, batchId)).map((a) => a.user_id);
  const context = await qaContext(ctx, project, honeypots);
  const perUser = new Map<number, QaPair[]>();
  for (const userId of assignees) {
    perUser.set(
      userId,
      honeypots.map((imageId) => context.pair(imageId, userId)),
    );
  }
  const result = await reports(context.base, perUser, false);
  return { batchId, perAnnotator: result.perAnnotator, batch: result.all as QaReport };
}

/**
 * The QA job run when an assignee submits: the batch QA as of now, kept as a snapshot (a batch
 * without honeypots has nothing to score and keeps none).
 */
export async function snapshotBatchQa(ctx: AppContext, job: JobRow): Promise<unknown> {
  const { batchId } = JSON.parse(job.payload) as { batchId: number };
  const batch = await batchById(ctx.db.kysely, batchId);
  const project = batch === undefined ? undefined : await projectById(ctx.db.kysely, batch.project_id);
  if (batch === undefined || project === undefined) return { skipped: 'the batch is gone' };
  let qa: Awaited<ReturnType<typeof batchQaOf>>;
  try {
    qa = await batchQaOf(ctx, batchId, project);
  } catch (error) {
    if ((error as { code?: string }).code === 'NO_GOLD') return { skipped: 'no honeypots' };
    throw error;
  }
  await insertSnapshot(ctx.db.kysely, batchId, batch.project_id, JSON.stringify(qa));
  return { batchId };
}

/** Trends: the newest QA snapshot of each batch, with its headline numbers (managers, reviewers). */
export async function qaHistory(ctx: AppContext, actor: Actor, projectId: number) {
  const access = await projectAccess(ctx, actor, projectId);
  requireRole(access, ['manager', 'reviewer'], 'read QA reports');
  const rows = await latestSnapshots(ctx.db.kysely, projectId);
  return rows.map((row) => {
    const qa = JSON.parse(row.report) as { perAnnotator: AnnotatorQa[]; batch: QaReport };
    return {
      batchId: row.batch_id,
      name: row.name,
      createdAt: row.created_at,
      batch: qa.batch,
      perAnnotator: qa.perAnnotator,
    };
  });
}

/** Project QA: per annotator, every gold image they saved a document for; and all of them together. */
export async function projectQa(ctx: AppContext, actor: Actor, projectId: number) {
  const access = await projectAccess(ctx, actor, projectId);
  requireRole(access, ['manager', 'reviewer'], 'read QA reports');
  const result = await projectQaOf(ctx, access.project, false);
  if (result === undefined) {
    throw invalid('no annotator has saved a document of a gold image yet: nothing to score', 'NO_GOLD');
  }
  return { projectId, perAnnotator: result.perAnnotator, project: result.all as QaReport };
}

/**
 * The project QA without an access check (exports call it); with `full`, the project report is the
 * whole EvalReport (report.html is rendered from it), else its JSON. Undefined when no annotator has
 * saved a document of a gold image.
 */
export async function projectQaOf(
  ctx: AppContext,
  project: ProjectRow,
  full: boolean,
): Promise<{ perAnnotator: AnnotatorQa[]; all: QaReport | EvalReport } | undefined> {
  const db = ctx.db.kysely;
  const gold = (
    await goldOf(
      db,
      (await imagesOfProject(db, project.id)).map((i) => i.id),
    )
  ).map((row) => row.image_id);
  const context = await qaContext(ctx, project, gold);
  const perUser = new Map<number, QaPair[]>();
  for (const [key] of context.documents) {
    const [imageId, userId] = key.split(':').map(Number);
    const list = perUser.get(userId) ?? [];
    list.push(context.pair(imageId, userId));
    perUser.set(userId, list);
  }
  if (perUser.size === 0) return undefined;
  for (const list of perUser.values()) list.sort((a, b) => a.image.id - b.image.id);
  return reports(context.base, new Map([...perUser].sort((a, b) => a[0] - b[0])), full);
}

/** The gold documents and the newest annotator documents of `imageIds`. */
async function qaContext(ctx: AppContext, project: ProjectRow, imageIds: readonly number[]) {
  const db = ctx.db.kysely;
  const images = new Map<number, ImageRow>();
  for (const image of await imagesOfProject(db, project.id)) images.set(image.id, image);
  const gold = new Map(
    (await goldOf(db, imageIds)).map((row) => [row.image_id, JSON.parse(row.segments) as QaSegment[]]),
  );
  const documents = new Map<string, QaSegment[]>();
  for (const row of await newestDocuments(db, imageIds)) {
    documents.set(`${row.image_id}:${row.user_id}`, JSON.parse(row.segments) as QaSegment[]);
  }
  const view = toProject(project, null);
  const base: Omit<QaInput, 'pairs'> = {
    type: view.type,
    classes: view.classes.map(({ id, name, isthing }) => ({ id, name, isthing })),
    ignoreIndex: view.ignoreIndex,
  };
  const pair = (imageId: number, userId: number): QaPair => {
    const image = images.get(imageId) as ImageRow;
    return {
      image: { id: image.id, width: image.width, height: image.height, fileName: image.file_name },
      gold: gold.get(imageId) ?? [],
      annotation: documents.get(`${imageId}:${userId}`) ?? null,
    };
  };
  return { base, documents, pair };
}

async function reports(
  base: Omit<QaInput, 'pairs'>,
  perUser: Map<number, QaPair[]>,
  full: boolean,
): Promise<{ perAnnotator: AnnotatorQa[]; all: QaReport | EvalReport }> {
  const all = [...perUser.values()].flat();
  if (all.length === 0)
    throw invalid('no gold images to score: add gold references (and honeypots to batches)', 'NO_GOLD');
  const perAnnotator: AnnotatorQa[] = [];
  const tasks: Array<Promise<QaReport>> = [];
  for (const pairs of perUser.values()) {
    tasks.push(pairs.length === 0 ? Promise.resolve({}) : runTask({ kind: 'qa', input: { ...base, pairs } }));
  }
  const allReport: Promise<QaReport | EvalReport> = full
    ? runTask({ kind: 'qa-report', input: { ...base, pairs: all } })
    : runTask({ kind: 'qa', input: { ...base, pairs: all } });
  const done = await Promise.all(tasks);
  let index = 0;
  for (const [userId, pairs] of perUser) {
    perAnnotator.push({ userId, images: pairs.length, report: done[index++] });
  }
  return { perAnnotator, all: await allReport };
}
