import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { SegkitError } from '@segkit/core';
import { imageSize } from '@segkit/formats';

/** A failure inside a share, with the position of the item in the whole list. */
export interface ShareError {
  index: number;
  code: string;
  detail: string;
  context: string[];
}

/** What a share answers: its partial result, or the first error among its items. */
export type ShareAnswer<R> = { result: R; error?: undefined } | { result?: undefined; error: ShareError };

/** The error a share reports for the item at `index`. */
export function shareError(index: number, error: unknown): ShareError {
  if (error instanceof SegkitError)
    return { index, code: error.code, detail: error.detail, context: [...error.context] };
  return { index, code: 'INTERNAL', detail: (error as Error)?.stack ?? String(error), context: [] };
}

/**
 * Splits `items` into contiguous shares, computes each in a worker (`workerUrl`, whose script posts
 * `compute(share)`'s answer) or, with one share, in this thread, and returns the partial results in
 * share order. The first error in item order is thrown, whatever the split. Callers merge partial
 * results exactly (integer counts, exact sums), so the outcome never depends on the thread count.
 */
export async function computeInShares<T, R>(
  items: readonly T[],
  threads: number | undefined,
  parallelFrom: number,
  makeShare: (items: T[], offset: number) => unknown,
  compute: (share: never) => Promise<ShareAnswer<R>>,
  workerUrl: URL,
): Promise<R[]> {
  const n = items.length;
  const wanted = threads ?? (n >= parallelFrom ? Math.min(availableParallelism(), 4) : 1);
  const parts = Math.max(1, Math.min(wanted, n));
  const bounds = Array.from({ length: parts + 1 }, (_, i) => Math.round((i * n) / parts));
  const shares = bounds.slice(0, -1).map((start, k) => makeShare(items.slice(start, bounds[k + 1]), start));
  const answers =
    parts === 1
      ? [await compute(shares[0] as never)]
      : await Promise.all(shares.map((share, k) => runWorker<R>(workerUrl, share, bounds[k])));
  const errors = answers.flatMap((a) => (a.error ? [a.error] : [])).sort((a, b) => a.index - b.index);
  if (errors.length > 0) {
    const first = errors[0];
    if (first.code === 'INTERNAL') throw new Error(`worker failed: ${first.detail}`);
    throw new SegkitError(first.code as SegkitError['code'], first.detail, first.context);
  }
  return answers.map((a) => a.result as R);
}

function runWorker<R>(url: URL, share: unknown, offset: number): Promise<ShareAnswer<R>> {
  return new Promise((resolve) => {
    const worker = new Worker(url, { workerData: share });
    worker.once('message', (answer: ShareAnswer<R>) => {
      resolve(answer);
      void worker.terminate();
    });
    worker.once('error', (error) => resolve({ error: shareError(offset, error) }));
  });
}

/**
 * Pixels of work from which the automatic thread count spreads images over workers. A worker takes
 * 0.1-0.3 s to start here and to load segkit; 2 threads were slower than 1 on 128 CamVid label
 * maps (22 megapixels per side: 1.1-1.2 s against 0.8-0.9 s) and level on 64 maps of 2 megapixels
 * (1.15 s against 1.1-1.5 s) on this project's 2-vCPU machines, so threads start where one thread
 * has about a second of work: 128 megapixels.
 */
export const PARALLEL_PIXELS = 128 * 2 ** 20;

/**
 * The image count from which `items` images the size of the PNG at `samplePath` reach
 * PARALLEL_PIXELS (computeInShares' `parallelFrom`); never, when that file cannot be sized.
 */
export async function parallelFromPixels(samplePath: string | undefined): Promise<number> {
  if (samplePath === undefined) return Number.POSITIVE_INFINITY;
  const header = new Uint8Array(32);
  try {
    const file = await open(samplePath);
    try {
      await file.read(header, 0, 32, 0);
    } finally {
      await file.close();
    }
  } catch {
    return Number.POSITIVE_INFINITY; // the share that reads it will report the error
  }
  const size = imageSize(header);
  const pixels = size === undefined ? 0 : size.width * size.height;
  return pixels > 0 ? Math.ceil(PARALLEL_PIXELS / pixels) : Number.POSITIVE_INFINITY;
}
