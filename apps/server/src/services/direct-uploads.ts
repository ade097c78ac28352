import { randomBytes } from 'node:crypto';
import type { Actor, AppContext } from '../context.js';
import { existingFileNames } from '../db/images.js';
import { invalid, notFound, tooLarge } from '../errors.js';
import { projectAccess, requireRole } from './access.js';
import { inspectImage } from './image-files.js';
import { type ImageSummary, storeImages } from './images.js';
import { uploadName } from './upload-names.js';

/** How long an upload URL lives. */
export const UPLOAD_URL_SECONDS = 15 * 60;

export interface UploadRequest {
  fileName: string;
  bytes: number;
  contentType: 'image/png' | 'image/jpeg';
}

/**
 * Step 1 of an upload straight to the blob store: a manager names the file, its size and type, and
 * gets a URL to PUT exactly those bytes to (presigned on S3, signed by this server on local disk),
 * under a fresh key `uploads/<project>/<32 hex>` of the project's. Nothing is recorded: the key is
 * the only state, unguessable, and tied to the project by its name.
 */
export async function createUpload(ctx: AppContext, actor: Actor, projectId: number, request: UploadRequest) {
  const access = await projectAccess(ctx, actor, projectId);
  requireRole(access, ['manager'], 'upload images');
  if (request.bytes > ctx.config.maxUploadBytes) {
    throw tooLarge(
      `${request.fileName}: ${request.bytes} bytes is over the upload limit of ${ctx.config.maxUploadBytes} bytes`,
    );
  }
  const name = uploadName(request.fileName);
  await refuseTakenName(ctx, projectId, name);
  const key = `uploads/${projectId}/${randomBytes(16).toString('hex')}`;
  const url = await ctx.blobs.signedUploadUrl(key, UPLOAD_URL_SECONDS, {
    contentType: request.contentType,
    contentLength: request.bytes,
  });
  return {
    key,
    url,
    method: 'PUT' as const,
    headers: { 'content-type': request.contentType },
    expiresAt: new Date(Date.now() + UPLOAD_URL_SECONDS * 1000).toISOString(),
  };
}

/**
 * Step 2: the manager asks the server to take the uploaded object as an image of the project. It is
 * checked as a multipart upload's file is (size limit, PNG or JPEG, decodes, pixels within the
 * limit, thumbnail made), stored as an image, and its upload object deleted. A refused upload is
 * deleted too: either way the key is spent, and a second registration of it is 404.
 */
export async function registerUpload(
  ctx: AppContext,
  actor: Actor,
  projectId: number,
  request: { key: string; fileName: string },
): Promise<ImageSummary[]> {
  const access = await projectAccess(ctx, actor, projectId);
  requireRole(access, ['manager'], 'upload images');
  if (!new RegExp(`^uploads/${projectId}/[0-9a-f]{32}$`).test(request.key)) {
    throw invalid(`${JSON.stringify(request.key)} is not an upload key of project ${projectId}`, 'INVALID_UPLOAD');
  }
  const bytes = await ctx.blobs.get(request.key);
  if (bytes === undefined) throw notFound(`an upload at ${request.key} (not PUT yet, or registered already)`);
  try {
    const name = uploadName(request.fileName);
    if (bytes.length > ctx.config.maxUploadBytes) {
      throw tooLarge(`${name}: ${bytes.length} bytes is over the upload limit of ${ctx.config.maxUploadBytes} bytes`);
    }
    await refuseTakenName(ctx, projectId, name);
    const facts = await inspectImage(bytes, name, ctx.config.limits.maxPixels);
    return await storeImages(ctx, projectId, [{ name, bytes }], [facts]);
  } finally {
    await ctx.blobs.delete(request.key);
  }
}

async function refuseTakenName(ctx: AppContext, projectId: number, name: string): Promise<void> {
  const taken = await existingFileNames(ctx.db.kysely, projectId, [name]);
  if (taken.length > 0) throw invalid(`${name}: the project already has an image of this name`, 'DUPLICATE_NAME');
}
