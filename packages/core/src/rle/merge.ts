import { SegkitError } from '../errors.js';
import { checkSameSize } from '../size.js';
import { RunWriter } from './scratch.js';
import type { Rle } from './types.js';

/** How two masks combine, pixel by pixel. */
export type MergeOp = 'union' | 'intersection' | 'difference' | 'xor';

const OP_TABLE: Record<MergeOp, number> = {
  // Bit (2·a + b) of the mask says whether a pixel with values a, b is on.
  union: 0b1110,
  intersection: 0b1000,
  difference: 0b0100, // a and not b
  xor: 0b0110,
};

/**
 * Combines two RLEs of the same size by walking their runs together, never decoding. The result is
 * canonical (no empty runs but possibly the first), so union and intersection of canonical inputs
 * give exactly pycocotools' `merge` counts. Cost: O(runs of a + runs of b).
 */
export function combine(a: Rle, b: Rle, op: MergeOp): Rle {
  checkSameSize(a, b, `${op} of two masks`);
  const table = OP_TABLE[op];
  const ca = a.counts;
  const cb = b.counts;
  const out = new RunWriter(ca.length + cb.length + 1);
  let ia = 0;
  let ib = 0;
  let leftA = ca.length > 0 ? ca[0] : 0;
  let leftB = cb.length > 0 ? cb[0] : 0;
  let va = 0;
  let vb = 0;
  let current = 0; // value of the run being written (starts with background)
  let runLength = 0;
  const total = a.height * a.width;
  let done = 0;
  while (done < total) {
    // Skip exhausted (including empty) runs, toggling the value each time.
    while (leftA === 0 && ia + 1 < ca.length) {
      leftA = ca[++ia];
      va ^= 1;
    }
    while (leftB === 0 && ib + 1 < cb.length) {
      leftB = cb[++ib];
      vb ^= 1;
    }
    const step = leftA < leftB ? leftA : leftB;
    if (step === 0) throw malformed(a, op);
    const v = (table >> ((va << 1) | vb)) & 1;
    if (v !== current) {
      out.push(runLength);
      runLength = 0;
      current = v;
    }
    runLength += step;
    leftA -= step;
    leftB -= step;
    done += step;
  }
  if (leftA !== 0 || leftB !== 0 || !restIsEmpty(ca, ia) || !restIsEmpty(cb, ib)) throw malformed(a, op);
  out.push(runLength);
  return { height: a.height, width: a.width, counts: out.take() };
}

function restIsEmpty(counts: Uint32Array, index: number): boolean {
  for (let i = index + 1; i < counts.length; i++) if (counts[i] !== 0) return false;
  return true;
}

function malformed(a: Rle, op: MergeOp): SegkitError {
  return new SegkitError(
    'INVALID_RLE',
    `${op}: counts do not sum to h·w = ${a.height * a.width} in at least one mask (run checkRle first)`,
  );
}

/**
 * n-ary union or intersection, as pycocotools' `merge(rles, intersect)`: one RLE is returned as is,
 * more are folded left. Unlike pycocotools (which returns an empty 0×0 RLE), masks of different sizes
 * and an empty list are errors.
 */
export function merge(rles: readonly Rle[], op: 'union' | 'intersection' = 'union'): Rle {
  if (rles.length === 0) throw new SegkitError('INVALID_RLE', `${op} of an empty list of masks`);
  let result = rles[0];
  for (let i = 1; i < rles.length; i++) {
    try {
      result = combine(result, rles[i], op);
    } catch (error) {
      throw error instanceof SegkitError ? error.withContext(`mask ${i} of ${rles.length}`) : error;
    }
  }
  return result;
}
