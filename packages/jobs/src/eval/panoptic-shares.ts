import { join } from 'node:path';
import type { Limits } from '@segkit/core';
import { type PanopticCategory, type PanopticSegment, type PqStats, pqImageStats, pqMergeStats } from '@segkit/metrics';
import { computeInShares, parallelFromPixels, type ShareAnswer, shareError } from '../dispatch/shares.js';
import { type JobHooks, throwIfAborted } from '../hooks.js';
import { readSegmentIds } from '../io/png-file.js';
import { beforeItem, type ItemHooks, itemHooks } from './item-hooks.js';

/** One ground-truth image and its prediction, as file names and segments. */
export interface PanopticImageTask {
  gtFile: string;
  gtSegments: PanopticSegment[];
  predFile: string;
  predSegments: PanopticSegment[];
}

export interface PanopticShare {
  gtDir: string;
  predDir: string;
  categories: PanopticCategory[];
  images: PanopticImageTask[];
  /** Position of images[0] in the whole list, so the first error in image order can be reported. */
  offset: number;
  /** Held to by every PNG read (a plain object: it travels to worker threads). */
  limits?: Partial<Limits>;
}

/** Reads a share of the image pairs and sums their statistics (exact sums: any split gives the same). */
export async function panopticShareStats(share: PanopticShare, hooks?: ItemHooks): Promise<ShareAnswer<PqStats>> {
  const stats: PqStats = new Map();
  for (const [i, image] of share.images.entries()) {
    beforeItem(hooks);
    try {
      const gtPath = join(share.gtDir, image.gtFile);
      const predPath = join(share.predDir, image.predFile);
      const pair = {
        name: image.gtFile,
        gt: { ids: await readSegmentIds(gtPath, share.limits), segments: image.gtSegments },
        pred: { ids: await readSegmentIds(predPath, share.limits), segments: image.predSegments },
      };
      pqMergeStats(stats, pqImageStats(pair, share.categories));
    } catch (error) {
      return { error: shareError(share.offset + i, error) };
    }
    hooks?.itemDone?.();
  }
  return { result: stats };
}

/** The dataset's PQ statistics; worker shares merge exactly. */
export async function panopticStats(
  task: Omit<PanopticShare, 'offset'>,
  threads: number | undefined,
  hooks: JobHooks = {},
): Promise<PqStats> {
  // Unless told, threads only where the PNGs add up to enough work (PARALLEL_PIXELS).
  const first = task.images[0];
  const parallelFrom = await parallelFromPixels(first === undefined ? undefined : join(task.gtDir, first.gtFile));
  throwIfAborted(hooks.signal);
  const items = itemHooks(hooks, task.images.length);
  const parts = await computeInShares(
    task.images,
    threads,
    parallelFrom,
    (images, offset): PanopticShare => ({ ...task, images, offset }),
    (share: PanopticShare) => panopticShareStats(share, items),
    new URL('../workers/panoptic-worker.js', import.meta.url),
  );
  items.finish();
  const total: PqStats = new Map();
  for (const stats of parts) pqMergeStats(total, stats);
  return total;
}
