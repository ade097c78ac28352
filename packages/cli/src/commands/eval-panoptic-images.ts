import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { SegkitError } from '@segkit/core';
import { readPng, segmentIdsFromPng } from '@segkit/formats';
import { type PanopticCategory, type PanopticSegment, type PqStats, pqImageStats, pqMergeStats } from '@segkit/metrics';

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
}

export interface PanopticShareAnswer {
  stats?: PqStats;
  error?: { index: number; code: string; detail: string; context: string[] };
}

/** Reads a share of the image pairs and sums their statistics (exact sums: any split gives the same). */
export async function panopticShareStats(share: PanopticShare): Promise<PanopticShareAnswer> {
  const stats: PqStats = new Map();
  for (const [i, image] of share.images.entries()) {
    try {
      const gtPath = join(share.gtDir, image.gtFile);
      const predPath = join(share.predDir, image.predFile);
      const pair = {
        name: image.gtFile,
        gt: { ids: segmentIdsFromPng(await readPng(gtPath), gtPath), segments: image.gtSegments },
        pred: { ids: segmentIdsFromPng(await readPng(predPath), predPath), segments: image.predSegments },
      };
      pqMergeStats(stats, pqImageStats(pair, share.categories));
    } catch (error) {
      const index = share.offset + i;
      if (error instanceof SegkitError)
        return { error: { index, code: error.code, detail: error.detail, context: [...error.context] } };
      return { error: { index, code: 'INTERNAL', detail: (error as Error)?.stack ?? String(error), context: [] } };
    }
  }
  return { stats };
}

/** Images from which `eval panoptic` spreads over worker threads unless told otherwise. */
const PARALLEL_FROM = 16;

/** The dataset's PQ statistics, images split into contiguous shares over `threads` workers. */
export async function panopticStats(task: Omit<PanopticShare, 'offset'>, threads?: number): Promise<PqStats> {
  const n = task.images.length;
  threads ??= n >= PARALLEL_FROM ? Math.min(availableParallelism(), 4) : 1;
  const parts = Math.max(1, Math.min(threads, n));
  const bounds = Array.from({ length: parts + 1 }, (_, i) => Math.round((i * n) / parts));
  const shares = bounds
    .slice(0, -1)
    .map((start, k) => ({ ...task, images: task.images.slice(start, bounds[k + 1]), offset: start }));
  const answers = parts === 1 ? [await panopticShareStats(shares[0])] : await Promise.all(shares.map(runWorker));
  const errors = answers.flatMap((a) => (a.error ? [a.error] : [])).sort((a, b) => a.index - b.index);
  if (errors.length > 0) {
    const first = errors[0];
    if (first.code === 'INTERNAL') throw new Error(`worker failed: ${first.detail}`);
    throw new SegkitError(first.code as SegkitError['code'], first.detail, first.context);
  }
  const total: PqStats = new Map();
  for (const answer of answers) pqMergeStats(total, answer.stats as PqStats);
  return total;
}

function runWorker(share: PanopticShare): Promise<PanopticShareAnswer> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('../workers/panoptic-worker.js', import.meta.url), { workerData: share });
    worker.once('message', (answer: PanopticShareAnswer) => {
      resolve(answer);
      void worker.terminate();
    });
    worker.once('error', (error) =>
      resolve({ error: { index: share.offset, code: 'INTERNAL', detail: error.stack ?? String(error), context: [] } }),
    );
  });
}
