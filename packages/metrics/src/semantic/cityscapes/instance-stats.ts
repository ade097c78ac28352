/**
 * The instance half of `evalPixelLevelSemanticLabeling.evaluatePair`: every ground-truth instance
 * (instanceIds value v > 1000, strictly; class id = trunc(v / 1000)) of a class that is not ignored
 * contributes its true positives (pixels predicted as its class id) and false negatives, each
 * weighted by avgClassSize[class] / instance size, so that small and large instances count alike
 * in iIoU. Categories made only of instance classes (human, vehicle) do the same with "predicted
 * as any label of the category", caravan and trailer included.
 *
 * The weighted sums are float64 and accumulated as the script does: image by image, instances in
 * ascending value order, `tp * (avg / size)`.
 */
import { SegkitError } from '@segkit/core';
import { CITYSCAPES_AVG_CLASS_SIZE, CITYSCAPES_EVAL_LABELS, type CityscapesEvalLabel } from './eval-labels.js';

export interface InstanceCounts {
  tp: number;
  fn: number;
  tpWeighted: number;
  fnWeighted: number;
}

export interface InstanceStats {
  /** By class name: the instance classes that are evaluated (person … bicycle). */
  classes: Record<string, InstanceCounts>;
  /** By category name: categories whose labels all have instances (human, vehicle). */
  categories: Record<string, InstanceCounts>;
}

/** Categories whose labels all have instances, with all their label ids (ignored ones included). */
export const INSTANCE_CATEGORIES: ReadonlyMap<string, readonly number[]> = (() => {
  const byCategory = new Map<string, CityscapesEvalLabel[]>();
  for (const label of CITYSCAPES_EVAL_LABELS) {
    const list = byCategory.get(label.category) ?? [];
    list.push(label);
    byCategory.set(label.category, list);
  }
  const result = new Map<string, number[]>();
  for (const [category, labels] of byCategory) {
    if (labels.every((label) => label.hasInstances))
      result.set(
        category,
        labels.map((label) => label.id),
      );
  }
  return result;
})();

const categoryIndex = [...INSTANCE_CATEGORIES.keys()];
// Category (index into categoryIndex) that a predicted id belongs to for category iIoU, or -1.
const predCategory = new Int8Array(256).fill(-1);
categoryIndex.forEach((category, k) => {
  for (const id of INSTANCE_CATEGORIES.get(category)!) predCategory[id] = k;
});

export function emptyInstanceStats(): InstanceStats {
  const zero = (): InstanceCounts => ({ tp: 0, fn: 0, tpWeighted: 0, fnWeighted: 0 });
  const classes: Record<string, InstanceCounts> = {};
  for (const label of CITYSCAPES_EVAL_LABELS) {
    if (label.hasInstances && !label.ignoreInEval) classes[label.name] = zero();
  }
  const categories: Record<string, InstanceCounts> = {};
  for (const category of categoryIndex) categories[category] = zero();
  return { classes, categories };
}

/** One ground-truth instance of an image, measured against the prediction. */
export interface MeasuredInstance {
  value: number;
  label: CityscapesEvalLabel;
  size: number;
  /** Pixels predicted as the instance's class id. */
  tp: number;
  /** Pixels predicted as any label of the instance's category (human or vehicle). */
  categoryTp: number;
}

/**
 * The evaluated instances of one image, in ascending value order. Throws, as the script does (a
 * KeyError there), for an instance value whose class id is not a label or is a class without
 * instances; instances of ignored classes (caravan, trailer, v in 1001..6999 …) are skipped.
 */
export function measureInstances(instanceIds: Int32Array | Uint16Array, pred: Uint8Array): MeasuredInstance[] {
  const slots = new Map<number, MeasuredInstance | null>();
  let lastValue = -1;
  let slot: MeasuredInstance | null = null;
  for (let i = 0; i < instanceIds.length; i++) {
    const value = instanceIds[i];
    if (value <= 1000) continue;
    if (value !== lastValue) {
      lastValue = value;
      const known = slots.get(value);
      if (known !== undefined) slot = known;
      else {
        slot = newSlot(value, i);
        slots.set(value, slot);
      }
    }
    if (slot === null) continue;
    const p = pred[i];
    slot.size++;
    if (p === slot.label.id) slot.tp++;
    if (predCategory[p] !== -1 && categoryIndex[predCategory[p]] === slot.label.category) slot.categoryTp++;
  }
  const measured: MeasuredInstance[] = [];
  for (const s of slots.values()) if (s !== null) measured.push(s);
  return measured.sort((a, b) => a.value - b.value);
}

function newSlot(value: number, pixel: number): MeasuredInstance | null {
  const id = Math.trunc(value / 1000);
  const label = CITYSCAPES_EVAL_LABELS[id];
  if (label === undefined) {
    throw new SegkitError(
      'INVALID_MASK',
      `instance id ${value} at pixel ${pixel} has class id ${id}, which is not a Cityscapes label (0..${CITYSCAPES_EVAL_LABELS.length - 1})`,
    );
  }
  if (label.ignoreInEval) return null;
  if (!label.hasInstances) {
    throw new SegkitError(
      'INVALID_MASK',
      `instance id ${value} at pixel ${pixel} belongs to '${label.name}' (id ${id}), a class without instances`,
    );
  }
  return { value, label, size: 0, tp: 0, categoryTp: 0 };
}

/** Adds one image's instances to `stats`, in the script's order and arithmetic. */
export function accumulateInstances(stats: InstanceStats, instances: readonly MeasuredInstance[]): void {
  for (const { label, size, tp, categoryTp } of instances) {
    const weight = CITYSCAPES_AVG_CLASS_SIZE[label.name] / size;
    add(stats.classes[label.name], tp, size - tp, weight);
    const category = stats.categories[label.category];
    if (category !== undefined) add(category, categoryTp, size - categoryTp, weight);
  }
}

function add(counts: InstanceCounts, tp: number, fn: number, weight: number): void {
  counts.tp += tp;
  counts.fn += fn;
  counts.tpWeighted += tp * weight;
  counts.fnWeighted += fn * weight;
}
