import { join } from 'node:path';
import { type Limits, SegkitError } from '@segkit/core';
import { labelMapFromPng } from '@segkit/formats';
import { ConfusionMatrix, type LabelArray } from '@segkit/metrics';
import { computeInShares, parallelFromPixels, type ShareAnswer, shareError } from '../dispatch/shares.js';
import { type JobHooks, throwIfAborted } from '../hooks.js';
import { readPng } from '../io/png-file.js';
import { beforeItem, type ItemHooks, itemHooks } from './item-hooks.js';

export interface ConfusionShare {
  gt: string;
  pred: string;
  files: string[];
  numClasses: number;
  ignoreIndex: number;
  /** Position of files[0] in the whole list. */
  offset: number;
  /** Held to by every PNG read (a plain object: it travels to worker threads). */
  limits?: Partial<Limits>;
}

/**
 * The file a confusion-matrix error belongs to: the matrix says "ground truth value …" or
 * "predicted value …" (metrics' ConfusionMatrix.add), and a bad ground-truth value is the ground
 * truth's fault, not the prediction's.
 */
export function locateLabelError(error: unknown, gtPath: string, predPath: string): unknown {
  if (!(error instanceof SegkitError)) return error;
  return error.withContext(error.detail.startsWith('ground truth') ? gtPath : predPath);
}

/** The confusion matrix of some (ground truth, prediction) PNG pairs, matched by relative name. */
export async function confusionOfFiles(share: ConfusionShare, hooks?: ItemHooks): Promise<ShareAnswer<Float64Array>> {
  const matrix = new ConfusionMatrix(share.numClasses, share.ignoreIndex);
  for (const [i, file] of share.files.entries()) {
    beforeItem(hooks);
    const gtPath = join(share.gt, file);
    const predPath = join(share.pred, file);
    try {
      const gt = labelMapFromPng(await readPng(gtPath, share.limits), gtPath);
      const pred = labelMapFromPng(await readPng(predPath, share.limits), predPath);
      if (gt.width !== pred.width || gt.height !== pred.height) {
        throw new SegkitError(
          'SIZE_MISMATCH',
          `prediction is ${pred.width}x${pred.height} but the ground truth is ${gt.width}x${gt.height}`,
          [predPath],
        );
      }
      try {
        matrix.add(gt.data as LabelArray, pred.data as LabelArray);
      } catch (error) {
        throw locateLabelError(error, gtPath, predPath);
      }
    } catch (error) {
      return { error: shareError(share.offset + i, error) };
    }
    hooks?.itemDone?.();
  }
  return { result: Float64Array.from(matrix.counts) };
}

/** The dataset's confusion matrix; worker shares merge exactly (integer counts). */
export async function datasetConfusion(
  task: Omit<ConfusionShare, 'offset'>,
  threads: number | undefined,
  hooks: JobHooks,
): Promise<ConfusionMatrix> {
  // Unless told, threads only where the label maps add up to enough work (PARALLEL_PIXELS).
  const first = task.files[0];
  const parallelFrom = await parallelFromPixels(first === undefined ? undefined : join(task.gt, first));
  throwIfAborted(hooks.signal);
  const items = itemHooks(hooks, task.files.length);
  const parts = await computeInShares(
    task.files,
    threads,
    parallelFrom,
    (files, offset): ConfusionShare => ({ ...task, files, offset }),
    (share: ConfusionShare) => confusionOfFiles(share, items),
    new URL('../workers/confusion-worker.js', import.meta.url),
  );
  items.finish();
  const total = new ConfusionMatrix(task.numClasses, task.ignoreIndex);
  for (const counts of parts) total.merge(ConfusionMatrix.fromCounts(task.numClasses, counts, task.ignoreIndex));
  return total;
}
