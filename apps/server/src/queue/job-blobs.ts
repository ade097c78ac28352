import type { AppContext } from '../context.js';
import type { JobRow } from '../db/schema.js';

/**
 * Removes what a job's runs left in the blob store once the job is finished for good: an export's
 * runs write under `exports/<job>-` (a fresh key per run), so everything there but the zip the job's
 * result names is a run that did not finish (killed mid-write: a temporary file or a multipart
 * upload) or lost its hold on the job. A failed job keeps nothing. Best effort: a store that fails
 * here leaves the blobs for the next sweep of the same job, or the bucket's lifecycle rule.
 */
export async function sweepJobBlobs(ctx: AppContext, job: Pick<JobRow, 'id' | 'kind'>, keep?: string): Promise<void> {
  if (job.kind !== 'export') return;
  await ctx.blobs.deleteUnder(`exports/${job.id}-`, keep).catch(() => undefined);
}
