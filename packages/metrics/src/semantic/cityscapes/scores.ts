/**
 * The IoU formulas of `evalPixelLevelSemanticLabeling.py`, on the 34×34 matrix of all pixels
 * (rows ground-truth id, columns predicted id, ignored ground truth included):
 *
 * - class IoU: tp = C[c,c]; fn = row c − tp, so pixels predicted as an ignored id (parking,
 *   caravan …) are misses; fp = column c over the rows that are evaluated, other than c, so
 *   predictions on ignored ground truth cost nothing. Ignored classes are NaN.
 * - class iIoU: tpWeighted / (tpWeighted + fp + fnWeighted), with the same unweighted fp.
 * - category IoU: the same with a block of labels (the category's evaluated labels) for c; fp
 *   counts rows that are evaluated and outside the category.
 * - category iIoU: the same fp, but over the columns of all the category's labels (caravan and
 *   trailer included).
 * NaN (null) whenever the denominator is 0.
 */
import { ratio } from '../nan-mean.js';
import { CITYSCAPES_EVAL_LABELS, CITYSCAPES_MATRIX_SIZE } from './eval-labels.js';
import { INSTANCE_CATEGORIES, type InstanceCounts } from './instance-stats.js';

const n = CITYSCAPES_MATRIX_SIZE;
const evaluated = CITYSCAPES_EVAL_LABELS.filter((label) => !label.ignoreInEval).map((label) => label.id);

function rowSum(counts: Float64Array, row: number): number {
  let sum = 0;
  for (let p = 0; p < n; p++) sum += counts[row * n + p];
  return sum;
}

/** Σ counts[r, c] over evaluated rows r outside `excludedRows`, columns c in `columns`. */
function falsePositives(counts: Float64Array, excludedRows: readonly number[], columns: readonly number[]): number {
  let sum = 0;
  for (const r of evaluated) {
    if (excludedRows.includes(r)) continue;
    for (const c of columns) sum += counts[r * n + c];
  }
  return sum;
}

export function classIou(counts: Float64Array, id: number): number | null {
  if (CITYSCAPES_EVAL_LABELS[id].ignoreInEval) return null;
  const tp = counts[id * n + id];
  const fn = rowSum(counts, id) - tp;
  const fp = falsePositives(counts, [id], [id]);
  return ratio(tp, tp + fp + fn);
}

export function classIiou(counts: Float64Array, id: number, stats: InstanceCounts | undefined): number | null {
  if (CITYSCAPES_EVAL_LABELS[id].ignoreInEval || stats === undefined) return null;
  const fp = falsePositives(counts, [id], [id]);
  // Same association as the script: (tp + fp) + fn.
  return ratio(stats.tpWeighted, stats.tpWeighted + fp + stats.fnWeighted);
}

function categoryLabels(category: string, evaluatedOnly: boolean): number[] {
  return CITYSCAPES_EVAL_LABELS.filter(
    (label) => label.category === category && !(evaluatedOnly && label.ignoreInEval),
  ).map((label) => label.id);
}

export function categoryIou(counts: Float64Array, category: string): number | null {
  const ids = categoryLabels(category, true);
  if (ids.length === 0) return null;
  let tp = 0;
  let rows = 0;
  for (const r of ids) {
    for (const c of ids) tp += counts[r * n + c];
    rows += rowSum(counts, r);
  }
  const fn = rows - tp;
  const fp = falsePositives(counts, categoryLabels(category, false), ids);
  return ratio(tp, tp + fp + fn);
}

export function categoryIiou(counts: Float64Array, category: string, stats: InstanceCounts | undefined): number | null {
  const ids = INSTANCE_CATEGORIES.get(category);
  if (ids === undefined || stats === undefined) return null;
  const fp = falsePositives(counts, ids, ids);
  return ratio(stats.tpWeighted, stats.tpWeighted + fp + stats.fnWeighted);
}
