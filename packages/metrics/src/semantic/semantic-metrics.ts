/**
 * Semantic-segmentation scores from a dataset-level confusion matrix, with mmsegmentation's and
 * FCN's conventions (I = diagonal, L = row sum = ground-truth pixels, P = column sum = predicted
 * pixels, U = L + P − I):
 *
 *   counts [[9, 0, 1],     iou      = I/U       = [9/12, 15/17, 51/56]
 *           [0, 15, 0],    accuracy = I/L       (recall)
 *           [2, 2, 51]]    precision = I/P, dice = 2I/(P + L)
 *                          pixelAccuracy = ΣI / Σcounts = 75/80
 *                          fwIou = Σ (L/Σcounts)·iou over classes with L > 0
 *
 * A ratio whose denominator is 0 is `null` (numpy's NaN), and the means skip nulls (nanmean): a
 * class absent from both ground truth and prediction has IoU null and does not lower mIoU; a class
 * only predicted has IoU 0 (counted) and accuracy null. Sums follow numpy's pairwise order, so the
 * means and fwIou agree with numpy to the last bit.
 */
import type { ConfusionMatrix } from './confusion-matrix.js';
import { nanMean, numpySum, ratio } from './nan-mean.js';

export interface SemanticClassScore {
  id: number;
  name: string;
  iou: number | null;
  dice: number | null;
  /** Recall: I / ground-truth pixels (mmseg's per-class `Acc`). */
  accuracy: number | null;
  precision: number | null;
  gtPixels: number;
  predPixels: number;
}

export interface SemanticMetrics {
  miou: number | null;
  /** mmseg `aAcc`: correct pixels / counted pixels. */
  pixelAccuracy: number | null;
  /** mmseg `mAcc`: nanmean of the per-class accuracy. */
  meanAccuracy: number | null;
  /** Frequency-weighted IoU (FCN's `fwavacc`). */
  fwIou: number | null;
  perClass: SemanticClassScore[];
  /** Rows ground truth, columns prediction. */
  confusion: number[][];
}

/**
 * Scores of `matrix`; `classNames[i]` names class i (default: its index as a string).
 * `unlabeled[g]` counts pixels of ground-truth class g that the prediction left without any class
 * (an annotator's unlabelled pixels): a miss of class g and a prediction of no class, as mmseg
 * counts a prediction outside the classes (in the label area, in no intersection, in no predicted
 * area); they appear in `gtPixels` and in the pixel accuracy's denominator, not in the matrix.
 */
export function semanticMetrics(
  matrix: ConfusionMatrix,
  classNames?: readonly string[],
  unlabeled?: ArrayLike<number>,
): SemanticMetrics {
  const n = matrix.numClasses;
  const counts = matrix.counts;
  const gtPixels = new Float64Array(n);
  const predPixels = new Float64Array(n);
  let total = 0;
  let correct = 0;
  if (unlabeled !== undefined) {
    for (let g = 0; g < n; g++) {
      gtPixels[g] = unlabeled[g] ?? 0;
      total += gtPixels[g];
    }
  }
  for (let g = 0; g < n; g++) {
    for (let p = 0; p < n; p++) {
      const c = counts[g * n + p];
      gtPixels[g] += c;
      predPixels[p] += c;
      total += c;
    }
    correct += counts[g * n + g];
  }

  const perClass: SemanticClassScore[] = [];
  // FCN: (freq[freq > 0] * iu[freq > 0]).sum()
  const weighted: number[] = [];
  for (let c = 0; c < n; c++) {
    const intersection = counts[c * n + c];
    const label = gtPixels[c];
    const predicted = predPixels[c];
    const iou = ratio(intersection, label + predicted - intersection);
    if (label > 0) weighted.push((label / total) * (iou as number));
    perClass.push({
      id: c,
      name: classNames?.[c] ?? String(c),
      iou,
      dice: ratio(2 * intersection, predicted + label),
      accuracy: ratio(intersection, label),
      precision: ratio(intersection, predicted),
      gtPixels: label,
      predPixels: predicted,
    });
  }

  return {
    miou: nanMean(perClass.map((s) => s.iou)),
    pixelAccuracy: ratio(correct, total),
    meanAccuracy: nanMean(perClass.map((s) => s.accuracy)),
    fwIou: total > 0 ? numpySum(weighted, 0, weighted.length) : null,
    perClass,
    confusion: matrix.toRows(),
  };
}
