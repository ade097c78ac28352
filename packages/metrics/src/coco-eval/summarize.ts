import { numpyMean } from './numpy-mean.js';
import type { CocoClassResult, CocoEvalParams } from './types.js';

let picked = new Float64Array(1024);

/** Indices of `values` equal to `value`, all when undefined (numpy `np.where(value == array)`: exact equality). */
function where<V>(values: ArrayLike<V>, value: V | undefined): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (value === undefined || values[i] === value) out.push(i);
  return out;
}

export interface Selection {
  /** IoU threshold, or undefined for all of them. */
  iouThr?: number;
  /** Area range label. */
  area: string;
  maxDets: number;
  /** One category index, or undefined for all of them. */
  k?: number;
}

/**
 * pycocotools `_summarize`: the mean of the selected precision (over T, R, K) or recall (over T, K)
 * entries that are > -1, taken in numpy's C order; -1 when there are none.
 */
export function summarizeEntries(
  ap: boolean,
  params: CocoEvalParams,
  precision: Float64Array,
  recall: Float64Array,
  selection: Selection,
): number {
  const R = params.recThrs.length;
  const K = params.catIds.length;
  const A = params.areaRng.length;
  const M = params.maxDets.length;
  const ts = where(params.iouThrs, selection.iouThr);
  const as = where(params.areaRngLbl, selection.area);
  const ms = where(params.maxDets, selection.maxDets);
  const ks = selection.k === undefined ? where(params.catIds, undefined) : [selection.k];
  const rs = ap ? R : 1;
  const needed = ts.length * rs * ks.length * as.length * ms.length;
  if (picked.length < needed) picked = new Float64Array(needed * 2);
  let n = 0;
  for (const t of ts) {
    for (let r = 0; r < rs; r++) {
      for (const k of ks) {
        for (const a of as) {
          for (const m of ms) {
            const value = ap
              ? precision[(((t * R + r) * K + k) * A + a) * M + m]
              : recall[((t * K + k) * A + a) * M + m];
            if (value > -1) picked[n++] = value;
          }
        }
      }
    }
  }
  return n === 0 ? -1 : numpyMean(picked, n);
}

/** pycocotools `summarize()` for segm/bbox: AP, AP50, AP75, APs/m/l, AR1/10/100, ARs/m/l. */
export function summarizeStats(params: CocoEvalParams, precision: Float64Array, recall: Float64Array): number[] {
  const [m0, m1, m2] = params.maxDets;
  const s = (ap: boolean, selection: Selection) => summarizeEntries(ap, params, precision, recall, selection);
  return [
    // stats[0] uses the literal 100, whatever maxDets says (cocoapi #558).
    s(true, { area: 'all', maxDets: 100 }),
    s(true, { iouThr: 0.5, area: 'all', maxDets: m2 }),
    s(true, { iouThr: 0.75, area: 'all', maxDets: m2 }),
    s(true, { area: 'small', maxDets: m2 }),
    s(true, { area: 'medium', maxDets: m2 }),
    s(true, { area: 'large', maxDets: m2 }),
    s(false, { area: 'all', maxDets: m0 }),
    s(false, { area: 'all', maxDets: m1 }),
    s(false, { area: 'all', maxDets: m2 }),
    s(false, { area: 'small', maxDets: m2 }),
    s(false, { area: 'medium', maxDets: m2 }),
    s(false, { area: 'large', maxDets: m2 }),
  ];
}

/**
 * Per-category numbers as detectron2's `_derive_coco_results` (and mmdet) compute AP: the mean of the
 * category's precision entries > -1 at the last maxDets; null where there are none (detectron2 gives NaN).
 */
export function perClassResults(
  params: CocoEvalParams,
  precision: Float64Array,
  recall: Float64Array,
  names: ReadonlyMap<number, string>,
  counts: { nGt: Float64Array; nDt: Float64Array },
): CocoClassResult[] {
  const last = params.maxDets[params.maxDets.length - 1];
  return params.catIds.map((id, k) => {
    const s = (ap: boolean, area: string, iouThr?: number) => {
      const value = summarizeEntries(ap, params, precision, recall, { iouThr, area, maxDets: last, k });
      return value === -1 ? null : value;
    };
    return {
      id,
      name: names.get(id) ?? `class_${id}`,
      ap: s(true, 'all'),
      ap50: s(true, 'all', 0.5),
      ap75: s(true, 'all', 0.75),
      apSmall: s(true, 'small'),
      apMedium: s(true, 'medium'),
      apLarge: s(true, 'large'),
      ar100: s(false, 'all'),
      nGt: counts.nGt[k],
      nDt: counts.nDt[k],
    };
  });
}
