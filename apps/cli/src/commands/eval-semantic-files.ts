import { join } from 'node:path';
import { SegkitError } from '@segkit/core';
import { labelMapFromPng } from '@segkit/formats';
import { computeInShares, parallelFromPixels, readPng, type ShareAnswer, shareError } from '@segkit/jobs';
import { ConfusionMatrix, type LabelArray } from '@segkit/metrics';

export interface ConfusionShare {
  gt: string;
  pred: string;
  files: string[];
  numClasses: number;
  ignoreIndex: number;
  /** Position of files[0] in the whole list. */
  offset: number;
}

/** The confusion matrix of some (ground truth, prediction) PNG pairs, matched by relative name. */
export async function confusionOfFiles(share: ConfusionShare): Promise<ShareAnswer<Float64Array>> {
  const matrix = new ConfusionMatrix(share.numClasses, share.ignoreIndex);
  for (const [i, file] of share.files.entries()) {
    const gtPath = join(share.gt, file);
    const predPath = join(share.pred, file);
    try {
      const gt = labelMapFromPng(await readPng(gtPath), gtPath);
      const pred = labelMapFromPng(await readPng(predPath), predPath);
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
        throw error instanceof SegkitError ? error.withContext(predPath) : error;
      }
    } catch (error) {
      return { error: shareError(share.offset + i, error) };
    }
  }
  return { result: Float64Array.from(matrix.counts) };
}

/** The dataset's confusion matrix; worker shares merge exactly (integer counts). */
export async function datasetConfusion(
  task: Omit<ConfusionShare, 'offset'>,
  threads?: number,
): Promise<ConfusionMatrix> {
  // Unless told, threads only where the label maps add up to enough work (PARALLEL_PIXELS).
  const first = task.files[0];
  const parallelFrom = await parallelFromPixels(first === undefined ? undefined : join(task.gt, first));
  const parts = await computeInShares(
    task.files,
    threads,
    parallelFrom,
    (files, offset): ConfusionShare => ({ ...task, files, offset }),
    confusionOfFiles,
    new URL('../workers/confusion-worker.js', import.meta.url),
  );
  const total = new ConfusionMatrix(task.numClasses, task.ignoreIndex);
  for (const counts of parts) total.merge(ConfusionMatrix.fromCounts(task.numClasses, counts, task.ignoreIndex));
  return total;
}
