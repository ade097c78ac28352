import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { SegkitError } from '@segkit/core';
import { labelMapFromPng, readPng } from '@segkit/formats';
import { ConfusionMatrix, type LabelArray } from '@segkit/metrics';

/** Images from which `eval semantic` spreads over worker threads unless told otherwise. */
const PARALLEL_FROM = 64;

/** A worker's answer: its counts, or the first error in its files (with the file's position). */
export interface ConfusionPart {
  counts?: Float64Array;
  error?:
    | { index: number; code: SegkitError['code']; detail: string; context: string[] }
    | { index: number; code: 'INTERNAL'; detail: string; context: string[] };
}

interface FilesTask {
  gt: string;
  pred: string;
  files: string[];
  numClasses: number;
  ignoreIndex: number;
  /** Position of files[0] in the whole list, so errors can be ordered across workers. */
  offset: number;
}

/** The confusion matrix of some (ground truth, prediction) PNG pairs, matched by relative name. */
export async function confusionOfFiles(task: FilesTask): Promise<ConfusionPart> {
  const matrix = new ConfusionMatrix(task.numClasses, task.ignoreIndex);
  for (const [i, file] of task.files.entries()) {
    const gtPath = join(task.gt, file);
    const predPath = join(task.pred, file);
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
      const index = task.offset + i;
      if (error instanceof SegkitError)
        return { error: { index, code: error.code, detail: error.detail, context: [...error.context] } };
      return { error: { index, code: 'INTERNAL', detail: (error as Error)?.stack ?? String(error), context: [] } };
    }
  }
  return { counts: Float64Array.from(matrix.counts) };
}

/**
 * The dataset's confusion matrix, the files split into contiguous shares over `threads` workers
 * (this thread only when 1). Merging integer counts makes the result independent of the split;
 * the error reported is the first in file order, also whatever the split.
 */
export async function datasetConfusion(
  task: Omit<FilesTask, 'files' | 'offset'> & { files: string[] },
  threads?: number,
): Promise<ConfusionMatrix> {
  const n = task.files.length;
  // Workers pay a start-up cost; by default only large datasets use them.
  threads ??= n >= PARALLEL_FROM ? Math.min(availableParallelism(), 4) : 1;
  const parts = Math.max(1, Math.min(threads, n));
  const bounds = Array.from({ length: parts + 1 }, (_, i) => Math.round((i * n) / parts));
  const shares = bounds
    .slice(0, -1)
    .map((start, k) => ({ ...task, files: task.files.slice(start, bounds[k + 1]), offset: start }));
  const answers =
    parts === 1 ? [await confusionOfFiles(shares[0])] : await Promise.all(shares.map((share) => runWorker(share)));
  const errors = answers.flatMap((a) => (a.error ? [a.error] : [])).sort((a, b) => a.index - b.index);
  if (errors.length > 0) {
    const first = errors[0];
    if (first.code === 'INTERNAL') throw new Error(`worker failed: ${first.detail}`);
    throw new SegkitError(first.code, first.detail, first.context);
  }
  const total = new ConfusionMatrix(task.numClasses, task.ignoreIndex);
  for (const answer of answers)
    total.merge(ConfusionMatrix.fromCounts(task.numClasses, answer.counts as Float64Array, task.ignoreIndex));
  return total;
}

function runWorker(task: FilesTask): Promise<ConfusionPart> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('../workers/confusion-worker.js', import.meta.url), { workerData: task });
    worker.once('message', (part: ConfusionPart) => {
      resolve(part);
      void worker.terminate();
    });
    worker.once('error', (error) =>
      resolve({ error: { index: task.offset, code: 'INTERNAL', detail: error.stack ?? String(error), context: [] } }),
    );
  });
}
