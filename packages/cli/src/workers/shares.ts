import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { SegkitError } from '@segkit/core';

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
