/**
 * Cityscapes pixel-level semantic labelling, as `evalPixelLevelSemanticLabeling.evaluateImgLists`
 * computes it (cityscapesScripts @ 0bcc4a7): images in label ids (not train ids), a 34×34 confusion
 * matrix of all pixels, IoU and instance-weighted iIoU per class (19) and per category (7), and
 * their means over the entries that are defined.
 *
 *   const evaluator = cityscapesEvaluator();
 *   for (const image of images) evaluator.addImage(image);   // gt/pred label ids, gt instance ids
 *   evaluator.result().miou                                  // the "Score Average" of the script
 *
 * Input errors (the script's printError / KeyError cases) throw a SegkitError and leave the
 * evaluator unchanged: a label id above 33 in ground truth or prediction, an instance id whose
 * class is not a label or has no instances, sizes that disagree.
 */
import { SegkitError } from '@segkit/core';
import { ConfusionMatrix } from '../confusion-matrix.js';
import { orderedMean } from '../nan-mean.js';
import { CITYSCAPES_CATEGORIES, CITYSCAPES_EVAL_LABELS, CITYSCAPES_MATRIX_SIZE } from './eval-labels.js';
import {
  accumulateInstances,
  emptyInstanceStats,
  type InstanceCounts,
  type InstanceStats,
  measureInstances,
} from './instance-stats.js';
import { categoryIiou, categoryIou, classIiou, classIou } from './scores.js';

export interface CityscapesImage {
  /** `*_gtFine_labelIds.png`, row-major. */
  gtLabelIds: Uint8Array;
  /** `*_gtFine_instanceIds.png`: id·1000 + k for instances, the plain id elsewhere. */
  gtInstanceIds: Int32Array | Uint16Array;
  /** The prediction, in label ids (the script's input), row-major. */
  predLabelIds: Uint8Array;
  width: number;
  height: number;
}

export interface CityscapesClassScore {
  id: number;
  trainId: number;
  name: string;
  iou: number | null;
  /** null for classes without instances, and where no instance nor false positive was seen. */
  iiou: number | null;
}

export interface CityscapesCategoryScore {
  name: string;
  iou: number | null;
  /** Only human and vehicle have one. */
  iiou: number | null;
}

export interface CityscapesResult {
  /** averageScoreClasses: mean IoU over the 19 classes, skipping null. */
  miou: number | null;
  /** averageScoreInstClasses. */
  miiou: number | null;
  /** The 19 evaluated classes, in train-id order. */
  perClass: CityscapesClassScore[];
  /** The 7 categories other than void (whose labels are all ignored), in the script's order. */
  perCategory: CityscapesCategoryScore[];
  /** averageScoreCategories. */
  categoryMiou: number | null;
  /** averageScoreInstCategories. */
  categoryMiiou: number | null;
  /** 34×34, rows ground-truth id, columns predicted id, every pixel counted. */
  confusion: number[][];
  /** The script's accumulated instance counts (`generateInstanceStats`). */
  instanceStats: InstanceStats;
  images: number;
}

export class CityscapesEvaluator {
  /**
   * Every pixel of the images added so far (34 classes, nothing ignored). Read it only: counts
   * added to it directly would bypass the instance statistics.
   */
  readonly matrix = new ConfusionMatrix(CITYSCAPES_MATRIX_SIZE, null);
  private readonly stats = emptyInstanceStats();
  private imageCount = 0;

  addImage(image: CityscapesImage): this {
    const { gtLabelIds, gtInstanceIds, predLabelIds, width, height } = image;
    const pixels = width * height;
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
      throw new SegkitError('INVALID_SIZE', `size must be two non-negative integers, got ${width}x${height}`);
    }
    for (const [what, array] of [
      ['gtLabelIds', gtLabelIds],
      ['gtInstanceIds', gtInstanceIds],
      ['predLabelIds', predLabelIds],
    ] as const) {
      if (array.length !== pixels) {
        throw new SegkitError('SIZE_MISMATCH', `${what} has ${array.length} pixels, expected ${width}x${height}`);
      }
    }
    // Measure first (it may throw), then count: a rejected image changes nothing.
    const instances = measureInstances(gtInstanceIds, predLabelIds);
    this.matrix.add(gtLabelIds, predLabelIds);
    accumulateInstances(this.stats, instances);
    this.imageCount++;
    return this;
  }

  result(): CityscapesResult {
    const counts = this.matrix.counts;
    const perClass: CityscapesClassScore[] = [];
    for (const label of CITYSCAPES_EVAL_LABELS) {
      if (label.ignoreInEval) continue;
      perClass.push({
        id: label.id,
        trainId: label.trainId,
        name: label.name,
        iou: classIou(counts, label.id),
        iiou: classIiou(counts, label.id, this.stats.classes[label.name]),
      });
    }
    const perCategory: CityscapesCategoryScore[] = [];
    for (const name of CITYSCAPES_CATEGORIES) {
      if (CITYSCAPES_EVAL_LABELS.every((label) => label.category !== name || label.ignoreInEval)) continue;
      perCategory.push({
        name,
        iou: categoryIou(counts, name),
        iiou: categoryIiou(counts, name, this.stats.categories[name]),
      });
    }
    return {
      miou: orderedMean(perClass.map((s) => s.iou)),
      miiou: orderedMean(perClass.map((s) => s.iiou)),
      perClass,
      perCategory,
      categoryMiou: orderedMean(perCategory.map((s) => s.iou)),
      categoryMiiou: orderedMean(perCategory.map((s) => s.iiou)),
      confusion: this.matrix.toRows(),
      instanceStats: copyStats(this.stats),
      images: this.imageCount,
    };
  }
}

export function cityscapesEvaluator(): CityscapesEvaluator {
  return new CityscapesEvaluator();
}

function copyStats(stats: InstanceStats): InstanceStats {
  const copy = (group: Record<string, InstanceCounts>) =>
    Object.fromEntries(Object.entries(group).map(([name, counts]) => [name, { ...counts }]));
  return { classes: copy(stats.classes), categories: copy(stats.categories) };
}
