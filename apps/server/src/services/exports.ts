import { randomBytes } from 'node:crypto';
import { formatByName } from '@segkit/formats';
import { renderEvalHtml } from '@segkit/jobs';
import type { Actor, AppContext } from '../context.js';
import { newestDocuments } from '../db/annotations.js';
import { batchById, projectBatchImages } from '../db/batches.js';
import { goldOf } from '../db/gold.js';
import { goldImageIds, imageIdsOfProject, imagesByIds } from '../db/images.js';
import { jobById } from '../db/jobs.js';
import { projectById } from '../db/projects.js';
import type { ImageRow, JobRow } from '../db/schema.js';
import { ApiError, invalid, notFound } from '../errors.js';
import { type ExportImage, exportDataset, exportInfo } from '../exports/dataset.js';
import { streamExportZip } from '../exports/stream-zip.js';
import { DELIVERY } from '../exports/write-zip.js';
import type { QaSegment } from '../qa/compute.js';
import { runTask } from '../workers/pool.js';
import { projectAccess, requireRole } from './access.js';
import { type DeliveryFormat, toProject } from './projects.js';
import { projectQaOf } from './qa.js';

export interface ExportRequest {
  format?: DeliveryFormat | undefined;
  batchId?: number | undefined;
  source?: 'annotations' | 'gold' | undefined;
}

interface ExportPayload {
  format: DeliveryFormat;
  batchId: number | null;
  source: 'annotations' | 'gold';
}

/** A manager asks for an export: a job (202), run by the queue. */
export async function requestExport(ctx: AppContext, actor: Actor, projectId: number, request: ExportRequest) {
  const access = await projectAccess(ctx, actor, projectId);
  requireRole(access, ['manager'], 'export');
  if (request.batchId !== undefined) {
    const batch = await batchById(ctx.db.kysely, request.batchId);
    if (batch === undefined || batch.project_id !== projectId)
      throw invalid(`batch ${request.batchId} is not in project ${projectId}`);
  }
  const payload: ExportPayload = {
    format: request.format ?? (access.project.delivery_format as DeliveryFormat),
    batchId: request.batchId ?? null,
    source: request.source ?? 'annotations',
  };
  const job = await ctx.queue.enqueue('export', projectId, actor.id, payload);
  return { jobId: job.id };
}

/** Images per part of a streamed export: what one pool task writes and memory holds at a time. */
export const EXPORT_PART_IMAGES = 200;

/**
 * The export job: picks each image's document (api.md), and streams the zip into the blob store a
 * part of `EXPORT_PART_IMAGES` images at a time (`exports/stream-zip.ts`): each part read from the
 * database and written by a worker thread, then zipped on, with qa.json and report.html (when gold
 * exists) last. The zip is stored under a fresh key, so a rerun after a crash never serves half a
 * file; a run that fails leaves nothing in the store.
 */
export async function runExport(ctx: AppContext, job: JobRow, progress: (done: number) => void) {
  const payload = JSON.parse(job.payload) as ExportPayload;
  const project = await projectById(ctx.db.kysely, job.project_id);
  if (project === undefined) throw notFound(`project ${job.project_id}`);
  const view = toProject(project, null);
  const plan = await exportPlan(ctx, job.project_id, payload);
  progress(0.1);
  const qa = await projectQaOf(ctx, project, true);
  progress(0.2);
  const info = exportInfo();
  const total = plan.ids.length;
  async function* parts() {
    let annotationsBefore = 0;
    for (let start = 0; start === 0 || start < total; start += EXPORT_PART_IMAGES) {
      const images = await exportPart(ctx, plan, plan.ids.slice(start, start + EXPORT_PART_IMAGES));
      const dataset = exportDataset(view.classes, images, { info, annotationsBefore });
      annotationsBefore += dataset.annotations.length;
      yield await runTask({
        kind: 'export-part',
        input: { delivery: payload.format, ignoreIndex: view.ignoreIndex, dataset },
      });
      progress(0.2 + (0.75 * Math.min(total, start + EXPORT_PART_IMAGES)) / Math.max(total, 1));
    }
  }
  const key = `exports/${job.id}-${randomBytes(8).toString('hex')}.zip`;
  const written = await streamExportZip(ctx.blobs, key, parts(), () =>
    qa === undefined
      ? []
      : [
          {
            path: 'qa.json',
            data: Buffer.from(
              `${JSON.stringify({ perAnnotator: qa.perAnnotator, project: (qa.all as { json: unknown }).json }, null, 2)}\n`,
            ),
          },
          {
            path: 'report.html',
            data: Buffer.from(
              renderEvalHtml(qa.all as Parameters<typeof renderEvalHtml>[0], `${view.name}: QA against the gold set`),
            ),
          },
        ],
  );
  return {
    downloadUrl: `/api/jobs/${job.id}/download`,
    blobKey: key,
    bytes: written.bytes,
    images: total,
    files: written.files,
    summary: written.summary,
  };
}

/** Which images an export holds (in id order), and whose document each carries. */
interface ExportPlan {
  source: 'annotations' | 'gold';
  ids: number[];
  /** The image's assignee in the (latest) batch it is a regular image of. */
  owner: Map<number, number>;
}

async function exportPlan(ctx: AppContext, projectId: number, payload: ExportPayload): Promise<ExportPlan> {
  const db = ctx.db.kysely;
  const all = await imageIdsOfProject(db, projectId);
  if (payload.source === 'gold') {
    const gold = await goldImageIds(db, projectId);
    const inBatch = payload.batchId === null ? undefined : await batchImageIds(ctx, projectId, payload.batchId);
    return {
      source: 'gold',
      ids: all.filter((id) => gold.has(id) && (inBatch === undefined || inBatch.has(id))),
      owner: new Map(),
    };
  }
  const rows = await projectBatchImages(db, projectId);
  const owner = new Map<number, number>();
  const regular = new Set<number>();
  const honeypot = new Set<number>();
  for (const row of rows) {
    if (payload.batchId !== null && row.batch_id !== payload.batchId) continue;
    if (row.honeypot === 1) {
      honeypot.add(row.image_id);
      continue;
    }
    regular.add(row.image_id);
    if (row.user_id !== null) owner.set(row.image_id, row.user_id);
  }
  const ids = all.filter((id) =>
    payload.batchId !== null ? regular.has(id) : !(honeypot.has(id) && !regular.has(id)),
  );
  return { source: 'annotations', ids, owner };
}

/** The images of `ids` (a part of the plan) and the document each carries. */
async function exportPart(ctx: AppContext, plan: ExportPlan, ids: readonly number[]): Promise<ExportImage[]> {
  const db = ctx.db.kysely;
  const rows = await imagesByIds(db, ids);
  const toExport = (image: ImageRow, segments: QaSegment[]): ExportImage => ({
    id: image.id,
    fileName: image.file_name,
    width: image.width,
    height: image.height,
    segments,
  });
  if (plan.source === 'gold') {
    const gold = new Map((await goldOf(db, ids)).map((row) => [row.image_id, row.segments]));
    return rows.map((image) => toExport(image, JSON.parse(gold.get(image.id) as string)));
  }
  const newest = await newestDocuments(db, ids);
  const byImage = new Map<number, typeof newest>();
  for (const row of newest) {
    const list = byImage.get(row.image_id) ?? [];
    list.push(row);
    byImage.set(row.image_id, list);
  }
  return rows.map((image) => {
    const documents = byImage.get(image.id) ?? [];
    const owner = plan.owner.get(image.id);
    const pick =
      owner !== undefined
        ? documents.find((row) => row.user_id === owner)
        : documents.reduce<(typeof documents)[number] | undefined>(
            (best, row) => (best === undefined || row.created_at > best.created_at ? row : best),
            undefined,
          );
    return toExport(image, pick === undefined ? [] : (JSON.parse(pick.segments) as QaSegment[]));
  });
}

/** Every image of the export and the document each carries, at once (the delivery-loss view). */
async function exportImages(ctx: AppContext, projectId: number, payload: ExportPayload): Promise<ExportImage[]> {
  const plan = await exportPlan(ctx, projectId, payload);
  const out: ExportImage[] = [];
  for (let start = 0; start < plan.ids.length; start += 500) {
    out.push(...(await exportPart(ctx, plan, plan.ids.slice(start, start + 500))));
  }
  return out;
}

async function batchImageIds(ctx: AppContext, projectId: number, batchId: number): Promise<Set<number>> {
  const rows = await projectBatchImages(ctx.db.kysely, projectId);
  return new Set(rows.filter((row) => row.batch_id === batchId).map((row) => row.image_id));
}

/**
 * What the delivery format loses on this project's own labels: the format's capabilities and the
 * loss report of writing the newest documents in it (the export's writer, measured, nothing stored).
 */
export async function deliveryLoss(ctx: AppContext, actor: Actor, projectId: number, format?: DeliveryFormat) {
  const access = await projectAccess(ctx, actor, projectId);
  requireRole(access, ['manager', 'reviewer'], 'read the delivery loss');
  const view = toProject(access.project, access.role);
  const delivery = format ?? view.deliveryFormat;
  const images = await exportImages(ctx, projectId, { format: delivery, batchId: null, source: 'annotations' });
  const labelled = images.filter((image) => image.segments.length > 0);
  const holds = formatByName(DELIVERY[delivery].format, 'delivery format').holds;
  if (labelled.length === 0) return { format: delivery, holds, images: 0, report: null };
  const written = await runTask({
    kind: 'export',
    input: {
      delivery,
      ignoreIndex: view.ignoreIndex,
      dataset: exportDataset(view.classes, labelled),
      title: view.name,
    },
  });
  return { format: delivery, holds, images: labelled.length, report: written.report };
}

/** A job as api.md shows it; managers of its project only. */
export async function getJob(ctx: AppContext, actor: Actor, jobId: number) {
  const job = await jobAccess(ctx, actor, jobId);
  const result = job.result === null ? undefined : (JSON.parse(job.result) as { downloadUrl?: string });
  return {
    id: job.id,
    kind: job.kind,
    state: job.state,
    progress: job.progress,
    createdAt: job.created_at,
    ...(job.error === null ? {} : { error: JSON.parse(job.error) as { code: string; message: string } }),
    ...(result === undefined ? {} : { result }),
  };
}

export async function downloadJob(ctx: AppContext, actor: Actor, jobId: number) {
  const job = await jobAccess(ctx, actor, jobId);
  if (job.kind !== 'export') throw notFound(`a file of job ${jobId} (a ${job.kind} job)`);
  if (job.state !== 'done' || job.result === null) throw new ApiError(409, 'NOT_READY', `job ${jobId} is ${job.state}`);
  const { blobKey } = JSON.parse(job.result) as { blobKey: string };
  const project = await projectById(ctx.db.kysely, job.project_id);
  const name = `${(project?.name ?? 'export').replace(/[^A-Za-z0-9._-]+/g, '_')}-${job.id}.zip`;
  const delivery = await ctx.blobs.download(blobKey, { contentType: 'application/zip', attachmentName: name });
  if (delivery === undefined) throw notFound(`the file of job ${jobId}`);
  return { delivery, name };
}

async function jobAccess(ctx: AppContext, actor: Actor, jobId: number): Promise<JobRow> {
  const job = await jobById(ctx.db.kysely, jobId);
  if (job === undefined) throw notFound(`job ${jobId}`);
  let access: Awaited<ReturnType<typeof projectAccess>>;
  try {
    access = await projectAccess(ctx, actor, job.project_id);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) throw notFound(`job ${jobId}`);
    throw error;
  }
  requireRole(access, ['manager'], 'read export jobs');
  return job;
}
