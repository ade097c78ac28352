import type { Actor, AppContext } from '../context.js';
import { imagesOfProject, upsertPrelabels } from '../db/images.js';
import { invalid } from '../errors.js';
import { runTask } from '../workers/pool.js';
import { projectAccess, requireRole } from './access.js';
import { checkDocument } from './documents.js';
import type { UploadedFile } from './images.js';
import { toProject } from './projects.js';
import { uploadName } from './upload-names.js';
import { isZip, readZipEntries } from './zip-entries.js';

/**
 * Imports pre-labels (predictions or earlier annotations) in any format segkit reads: one file (a COCO
 * JSON, a CVAT XML...) or a zip of a dataset folder. Read in a worker thread by the registry's
 * readers, matched to the project's images by file name; each matched image's pre-labels are checked
 * as a document and become version 0 of every annotator's document of it. All or nothing.
 */
export async function importPrelabels(
  ctx: AppContext,
  actor: Actor,
  projectId: number,
  files: readonly UploadedFile[],
  from: string | undefined,
) {
  const access = await projectAccess(ctx, actor, projectId);
  requireRole(access, ['manager'], 'import pre-labels');
  if (files.length === 0) throw invalid('the import holds no file', 'EMPTY_UPLOAD');
  const project = toProject(access.project, access.role);
  const sourceFiles: Array<{ path: string; bytes: Uint8Array }> = [];
  let entry: string | undefined;
  for (const file of files) {
    const name = uploadName(file.name);
    if (isZip(file.bytes)) {
      for (const item of await readZipEntries(file.bytes, name, {
        maxEntries: 100_000,
        maxTotalBytes: ctx.config.maxUploadBytes * 4,
      })) {
        sourceFiles.push({ path: item.name, bytes: item.bytes });
      }
    } else {
      sourceFiles.push({ path: name, bytes: file.bytes });
      entry = files.length === 1 ? name : undefined;
    }
  }
  const images = await imagesOfProject(ctx.db.kysely, projectId);
  const result = await runTask({
    kind: 'prelabels',
    input: {
      files: sourceFiles,
      entry,
      from,
      images: images.map((image) => ({
        id: image.id,
        fileName: image.file_name,
        width: image.width,
        height: image.height,
      })),
      type: project.type,
      classIds: project.classes.map((c) => c.id),
      thingIds: project.classes.filter((c) => c.isthing).map((c) => c.id),
      limits: { maxPixels: ctx.config.limits.maxPixels },
    },
  });
  const byId = new Map(images.map((image) => [image.id, image]));
  for (const item of result.matched) {
    const image = byId.get(item.imageId);
    if (image !== undefined) checkDocument(item.segments, image, project);
  }
  await upsertPrelabels(
    ctx.db.kysely,
    result.matched.map((item) => ({
      image_id: item.imageId,
      segments: JSON.stringify(item.segments),
      source: result.format,
    })),
  );
  return {
    format: result.format,
    matched: result.matched.length,
    segments: result.matched.reduce((n, item) => n + item.segments.length, 0),
    unmatched: result.unmatched,
    skipped: result.skipped.slice(0, 100),
    skippedCount: result.skipped.length,
    warnings: result.warnings.slice(0, 100),
  };
}
