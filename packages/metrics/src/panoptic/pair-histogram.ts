/**
 * The (ground-truth segment, predicted segment) pair histogram of one image: how many pixels each
 * pair shares, as panopticapi's `np.unique(gt * 2^24 + pred, return_counts=True)`, in one pass.
 *
 * Ids are first mapped to dense indices (0 = VOID, then the JSON's segments in order), so a pair
 * is the key `gtIndex * cols + predIndex` with `cols` = number of predicted segments + 1. Pixels
 * are walked in runs of equal pairs (long in real masks), so the id lookups happen once a run.
 * Counts go to a reused dense table when it is small enough (the usual case: COCO images have
 * well under 100 segments), else to a Map.
 */
import { SegkitError } from '@segkit/core';
import type { SegmentIdMap } from './types.js';

/** The non-zero cells of the histogram, in no particular order. */
export interface PairCounts {
  cols: number;
  /** `gtIndex * cols + predIndex` of each non-zero cell. */
  keys: number[];
  counts: number[];
}

/** Dense tables up to this many cells (4 MiB of counts); bigger ones are counted in a Map. */
export const MAX_DENSE_CELLS = 1 << 20;

// Scratch table, grown on demand and left zeroed after each use.
let table = new Uint32Array(0);

/**
 * Counts the pixels of every (gt, pred) pair. `gtIndex`/`predIndex` map each id that may occur to
 * its dense index (0 → 0 for VOID); an id they lack is an error naming the side and the id.
 */
export function pairCounts(
  gt: SegmentIdMap['data'],
  pred: SegmentIdMap['data'],
  gtIndex: ReadonlyMap<number, number>,
  predIndex: ReadonlyMap<number, number>,
  maxDenseCells = MAX_DENSE_CELLS,
): PairCounts {
  const cols = predIndex.size;
  const cells = gtIndex.size * cols;
  const keys: number[] = [];
  const dense = cells <= maxDenseCells;
  if (dense && table.length < cells)
    table = new Uint32Array(Math.max(cells, Math.min(2 * table.length, maxDenseCells)));
  const sparse = new Map<number, number>();
  const n = gt.length;
  let lastGt = -1;
  let lastPred = -1;
  let row = 0;
  let col = 0;
  let i = 0;
  while (i < n) {
    const g = gt[i];
    const p = pred[i];
    let j = i + 1;
    while (j < n && gt[j] === g && pred[j] === p) j++;
    if (g !== lastGt) {
      const index = gtIndex.get(g);
      if (index === undefined) throw unknownId(gt, g, 'ground truth', dense ? keys : []);
      row = index * cols;
      lastGt = g;
    }
    if (p !== lastPred) {
      const index = predIndex.get(p);
      if (index === undefined) throw unknownId(pred, p, 'prediction', dense ? keys : []);
      col = index;
      lastPred = p;
    }
    const key = row + col;
    if (dense) {
      if (table[key] === 0) keys.push(key);
      table[key] += j - i;
    } else {
      const count = sparse.get(key);
      if (count === undefined) keys.push(key);
      sparse.set(key, (count ?? 0) + j - i);
    }
    i = j;
  }
  const counts = new Array<number>(keys.length);
  for (let k = 0; k < keys.length; k++) {
    if (dense) {
      counts[k] = table[keys[k]];
      table[keys[k]] = 0;
    } else {
      counts[k] = sparse.get(keys[k])!;
    }
  }
  return { cols, keys, counts };
}

/** The error for an id missing from the index; first leaves the scratch table zeroed again. */
function unknownId(data: SegmentIdMap['data'], id: number, side: string, touched: readonly number[]): SegkitError {
  for (const key of touched) table[key] = 0;
  let pixels = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === id) pixels++;
  const rgb = `RGB ${id & 0xff}, ${(id >>> 8) & 0xff}, ${(id >>> 16) & 0xff}`;
  return new SegkitError(
    'INVALID_DATASET',
    `panoptic PNG id ${id} (${rgb}, ${pixels} pixels) missing from the JSON's segments_info`,
    [side],
  );
}
