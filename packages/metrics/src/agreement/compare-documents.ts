/**
 * Agreement of two annotation documents of one image (a reviewer's "compare with"): the per-class
 * IoU of the image and a diff mask of the pixels the two documents label differently.
 *
 *   reference (gold)            other (Bo)          class masks are unions of the class's segments:
 *   R R R R                     R R R R             road   I 4, U 4          → IoU 1
 *   C C P .                     C C C .             car    I 2, U 3          → IoU 2/3
 *                                                   person I 0, U 1          → IoU 0
 *   diff (class):  . . . .      diff (instance, panoptic/instance projects):  matched pairs' xor
 *                  . . X .      ∪ every unmatched instance (here car~car IoU 2/3 > 0.5: same pixel)
 *
 * The rule, for every project type: class c's mask on a side is the union of that side's segments of
 * class c (a semantic or panoptic document has no overlaps, so this is "the pixels of class c"; in
 * an instance project it is the union of the class's instances, overlaps counted once);
 * IoU = |A_c ∩ B_c| / |A_c ∪ B_c|, `null` when the class is in neither document (no score, as
 * semanticMetrics' null for a class absent from gt and prediction).
 *
 * Diff: a pixel differs by class when some class covers it on one side and not on the other (the
 * union over classes of A_c xor B_c: car against person, labelled against unlabelled). For instance
 * projects (every class) and panoptic projects (thing classes), instances are matched one-to-one
 * within a class by IoU > 0.5, the greatest IoU first (panopticapi's match rule; in a document
 * without overlaps at most one pair can pass 0.5, so the order only matters in instance projects);
 * a pixel differs by instance when an instance covering it on one side is unmatched, or is matched
 * to one that does not cover it: the union of every matched pair's xor and every unmatched instance.
 *
 * Cost: everything works on runs with @segkit/core (merge, combine, area, maskIou); nothing is
 * decoded. O(runs · log segments) per class.
 */
import { area, type CocoRle, combine, fromCocoRle, maskIou, merge, type Rle, SegkitError } from '@segkit/core';

export type DocumentKind = 'semantic' | 'instance' | 'panoptic';

/** One segment as the server's documents hold it (api.md): a compressed COCO RLE and its class. */
export interface ComparedSegment {
  categoryId: number;
  segmentation: CocoRle;
}

export interface ComparedClass {
  id: number;
  name: string;
  /** Panoptic projects: thing classes have instances; stuff classes are compared by class only. */
  isthing?: boolean;
}

export interface ClassAgreement {
  id: number;
  name: string;
  /** |A ∩ B| / |A ∪ B|; null when neither document has the class. */
  iou: number | null;
  intersection: number;
  union: number;
  referencePixels: number;
  otherPixels: number;
}

export interface DocumentComparison {
  height: number;
  width: number;
  /** The project's classes in their order, then any class a segment names that the project lacks. */
  perClass: ClassAgreement[];
  /** Pixels that differ by class or by instance (column-major RLE, as every core mask). */
  diff: Rle;
  diffPixels: number;
  /** Pixels that differ by class alone. */
  classDiffPixels: number;
  /** Instance pairs matched (IoU > 0.5); 0 for semantic projects. */
  matchedInstances: number;
}

export interface CompareOptions {
  kind: DocumentKind;
  classes: readonly ComparedClass[];
  height: number;
  width: number;
}

interface Side {
  /** Segment masks by class id, in document order. */
  byClass: Map<number, Rle[]>;
}

function readSide(segments: readonly ComparedSegment[], what: string, height: number, width: number): Side {
  const byClass = new Map<number, Rle[]>();
  for (const [index, segment] of segments.entries()) {
    const where = `${what} segment ${index}`;
    let rle: Rle;
    try {
      rle = fromCocoRle(segment.segmentation);
    } catch (error) {
      throw error instanceof SegkitError ? error.withContext(where) : error;
    }
    if (rle.height !== height || rle.width !== width) {
      throw new SegkitError('SIZE_MISMATCH', `its mask is ${rle.width}×${rle.height}, the image ${width}×${height}`, [
        where,
      ]);
    }
    const list = byClass.get(segment.categoryId);
    if (list === undefined) byClass.set(segment.categoryId, [rle]);
    else list.push(rle);
  }
  return { byClass };
}

/**
 * Compares `other` (the document under review) with `reference` (gold or another annotator's
 * document) on an image of `height × width`. Throws a SegkitError naming the segment whose mask
 * is malformed or not of the image's size.
 */
export function compareDocuments(
  reference: readonly ComparedSegment[],
  other: readonly ComparedSegment[],
  options: CompareOptions,
): DocumentComparison {
  const { height, width, kind, classes } = options;
  const a = readSide(reference, 'reference', height, width);
  const b = readSide(other, 'other', height, width);
  const empty: Rle = { height, width, counts: Uint32Array.of(height * width) };

  const rows: ComparedClass[] = [...classes];
  const known = new Set(classes.map((c) => c.id));
  for (const id of [...a.byClass.keys(), ...b.byClass.keys()].sort((x, y) => x - y)) {
    if (!known.has(id)) {
      known.add(id);
      rows.push({ id, name: `class ${id}`, isthing: true });
    }
  }

  const classParts: Rle[] = [empty];
  const instanceParts: Rle[] = [];
  const perClass: ClassAgreement[] = [];
  let matchedInstances = 0;
  for (const row of rows) {
    const as = a.byClass.get(row.id) ?? [];
    const bs = b.byClass.get(row.id) ?? [];
    const unionA = as.length > 0 ? merge(as) : empty;
    const unionB = bs.length > 0 ? merge(bs) : empty;
    const referencePixels = area(unionA);
    const otherPixels = area(unionB);
    const intersection = area(combine(unionA, unionB, 'intersection'));
    const union = referencePixels + otherPixels - intersection;
    perClass.push({
      id: row.id,
      name: row.name,
      iou: union > 0 ? intersection / union : null,
      intersection,
      union,
      referencePixels,
      otherPixels,
    });
    if (union > intersection) classParts.push(combine(unionA, unionB, 'xor'));
    const hasInstances = kind === 'instance' || (kind === 'panoptic' && row.isthing !== false);
    if (hasInstances && (as.length > 0 || bs.length > 0)) {
      matchedInstances += instanceDiff(as, bs, instanceParts);
    }
  }
  const classDiff = merge(classParts);
  const diff = instanceParts.length > 0 ? merge([classDiff, ...instanceParts]) : classDiff;
  return { height, width, perClass, diff, diffPixels: area(diff), classDiffPixels: area(classDiff), matchedInstances };
}

/**
 * Matches `as` to `bs` one-to-one by IoU > 0.5, greatest first, and pushes onto `out` each matched
 * pair's xor (when not empty) and each unmatched instance. Returns the number of matched pairs.
 */
function instanceDiff(as: Rle[], bs: Rle[], out: Rle[]): number {
  const matchedA = new Uint8Array(as.length);
  const matchedB = new Uint8Array(bs.length);
  let matched = 0;
  if (as.length > 0 && bs.length > 0) {
    // Rows are `bs`, columns `as`.
    const { values } = maskIou(bs, as);
    const pairs: number[] = [];
    for (let k = 0; k < values.length; k++) if (values[k] > 0.5) pairs.push(k);
    // Greatest IoU first; ties by position, so the result does not depend on the sort's stability.
    pairs.sort((x, y) => values[y] - values[x] || x - y);
    for (const k of pairs) {
      const j = Math.floor(k / as.length);
      const i = k - j * as.length;
      if (matchedA[i] || matchedB[j]) continue;
      matchedA[i] = 1;
      matchedB[j] = 1;
      matched++;
      const xor = combine(as[i], bs[j], 'xor');
      if (xor.counts.length > 1) out.push(xor);
    }
  }
  for (let i = 0; i < as.length; i++) if (!matchedA[i]) out.push(as[i]);
  for (let j = 0; j < bs.length; j++) if (!matchedB[j]) out.push(bs[j]);
  return matched;
}
