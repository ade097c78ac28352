import { randomBytes } from 'node:crypto';
import type { Actor, AppContext } from '../context.js';
import { existingFileNames, goldImageIds, imagesOfProject, imageWithProject, insertImages } from '../db/images.js';
import type { ImageRow } from '../db/schema.js';
import { ApiError, invalid, notFound } from '../errors.js';
import type { BlobDownload } from '../storage/blob-store.js';
import { type ProjectAccess, projectAccess, requireRole, takeImageAccess } from './access.js';
import { type ImageFacts, inspectImage } from './image-files.js';
import { uploadName } from './upload-names.js';
import { isZip, readZipEntries } from './zip-entries.js';

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

export interface ImageSummary {
  id: number;
  fileName: string;
  width: number;
  height: number;
  /** Only for managers and admins. */
  gold?: boolean;
}

/** Most files in one upload (all files, zips expanded). */
const MAX_FILES = 10_000;

/**
 * Adds images to a project, all or nothing: every file (zips expanded, entry by entry) is named,
 * inspected and checked before anything is stored; blobs are written next, and the rows in one
 * transaction; a failure anywhere removes the blobs already written.
 */
export async function uploadImages(
  ctx: AppContext,
  actor: Actor,
  projectId: number,
  files: readonly UploadedFile[],
): Promise<ImageSummary[]> {
  const access = await projectAccess(ctx, actor, projectId);
  requireRole(access, ['manager'], 'upload images');
  const expanded: UploadedFile[] = [];
  for (const file of files) {
    if (isZip(file.bytes)) {
      const entries = await readZipEntries(file.bytes, uploadName(file.name), {
        maxEntries: MAX_FILES,
        maxTotalBytes: ctx.config.maxUploadBytes * 4,
      });
      expanded.push(...entries);
    } else {
      expanded.push({ name: uploadName(file.name), bytes: file.bytes });
    }
  }
  if (expanded.length === 0) throw invalid('the upload holds no image files', 'EMPTY_UPLOAD');
  if (expanded.length > MAX_FILES) throw new ApiError(413, 'TOO_LARGE', `more than ${MAX_FILES} files in one upload`);
  const seen = new Set<string>();
  for (const file of expanded) {
    if (seen.has(file.name)) throw invalid(`${file.name}: the upload holds two files of this name`, 'DUPLICATE_NAME');
    seen.add(file.name);
  }
  const taken = await existingFileNames(ctx.db.kysely, projectId, [...seen]);
  if (taken.length > 0) throw invalid(`${taken[0]}: the project already has an image of this name`, 'DUPLICATE_NAME');
  const facts: ImageFacts[] = [];
  for (const file of expanded) facts.push(await inspectImage(file.bytes, file.name, ctx.config.limits.maxPixels));
  return storeImages(ctx, projectId, expanded, facts);
}

/**
 * Stores checked images: each original and thumbnail under fresh keys, then the rows in one
 * transaction; a failure removes the blobs already written.
 */
export async function storeImages(
  ctx: AppContext,
  projectId: number,
  files: readonly UploadedFile[],
  facts: readonly ImageFacts[],
): Promise<ImageSummary[]> {
  const stored: string[] = [];
  try {
    const rows = [];
    for (const [index, file] of files.entries()) {
      const key = randomBytes(16).toString('hex');
      const blob = `images/${key}`;
      const thumb = `thumbs/${key}.webp`;
      await ctx.blobs.put(blob, file.bytes);
      stored.push(blob);
      await ctx.blobs.put(thumb, facts[index].thumbnail);
      stored.push(thumb);
      rows.push({
        project_id: projectId,
        file_name: file.name,
        width: facts[index].width,
        height: facts[index].height,
        blob_key: blob,
        thumb_key: thumb,
        media_type: facts[index].mediaType,
        bytes: file.bytes.length,
      });
    }
    const inserted = await insertImages(ctx.db.kysely, rows);
    return inserted.map((row) => summary(row, undefined));
  } catch (error) {
    await Promise.all(stored.map((key) => ctx.blobs.delete(key).catch(() => undefined)));
    throw error;
  }
}

export async function listImages(ctx: AppContext, actor: Actor, projectId: number): Promise<ImageSummary[]> {
  const access = await projectAccess(ctx, actor, projectId);
  const rows = await imagesOfProject(ctx.db.kysely, projectId);
  // Only managers (and admins) may tell gold images apart: annotators must not spot honeypots.
  const gold = access.role === 'manager' ? await goldImageIds(ctx.db.kysely, projectId) : undefined;
  return rows.map((row) => summary(row, gold));
}

/** The image and the caller's access to its project; 404 for images of projects the caller is not in. */
export async function imageAccess(
  ctx: AppContext,
  actor: Actor,
  imageId: number,
): Promise<{ image: ImageRow; access: ProjectAccess }> {
  const found = (takeImageAccess(actor, imageId) ?? { found: await imageWithProject(ctx.db.kysely, imageId, actor.id) })
    .found;
  if (found !== undefined && actor.role === 'admin') {
    return { image: found.image, access: { project: found.project, role: 'manager', admin: true } };
  }
  // A project the caller is not a member of hides its images as it hides itself (projectAccess).
  if (found?.role === undefined) throw notFound(`image ${imageId}`);
  return { image: found.image, access: { project: found.project, role: found.role, admin: false } };
}

export async function getImage(ctx: AppContext, actor: Actor, imageId: number) {
  const { image, access } = await imageAccess(ctx, actor, imageId);
  const gold = access.role === 'manager' ? await goldImageIds(ctx.db.kysely, image.project_id) : undefined;
  return { ...summary(image, gold), projectId: image.project_id };
}

export async function imageFile(
  ctx: AppContext,
  actor: Actor,
  imageId: number,
  which: 'original' | 'thumbnail',
): Promise<{ delivery: BlobDownload; mediaType: string; fileName: string }> {
  const { image } = await imageAccess(ctx, actor, imageId);
  const key = which === 'original' ? image.blob_key : image.thumb_key;
  const mediaType = which === 'original' ? image.media_type : 'image/webp';
  const delivery = await ctx.blobs.download(key, { contentType: mediaType });
  if (delivery === undefined) throw notFound(`the ${which} of image ${imageId}`);
  return { delivery, mediaType, fileName: image.file_name };
}

function summary(row: ImageRow, gold: Set<number> | undefined): ImageSummary {
  const out: ImageSummary = { id: row.id, fileName: row.file_name, width: row.width, height: row.height };
  if (gold !== undefined) out.gold = gold.has(row.id);
  return out;
}
