import { SegkitError } from '../errors.js';
import { checkSize } from '../size.js';
import type { Rle } from './types.js';

/**
 * Checks what pycocotools' `rleDecode` assumes but never verifies: a valid size, at least one count,
 * and counts that sum to exactly h·w. Throws a `SegkitError` naming the values; returns the RLE.
 */
export function checkRle(rle: Rle): Rle {
  checkSize(rle.height, rle.width);
  const { counts } = rle;
  if (!(counts instanceof Uint32Array)) {
    throw new SegkitError('INVALID_RLE', 'counts must be a Uint32Array');
  }
  const pixels = rle.height * rle.width;
  if (counts.length === 0) {
    throw new SegkitError(
      'INVALID_RLE',
      `counts are empty; a [${rle.height}, ${rle.width}] mask needs runs summing to ${pixels}`,
    );
  }
  let sum = 0;
  for (let i = 0; i < counts.length; i++) sum += counts[i];
  if (sum !== pixels) {
    throw new SegkitError(
      'INVALID_RLE',
      `counts sum to ${sum} but the mask is [${rle.height}, ${rle.width}] = ${pixels} pixels`,
    );
  }
  return rle;
}

/** Builds a checked RLE from any list of run lengths (e.g. COCO's uncompressed `counts`). */
export function rleFromCounts(counts: ArrayLike<number>, height: number, width: number): Rle {
  checkSize(height, width);
  const runs = new Uint32Array(counts.length);
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (!Number.isInteger(c) || c < 0 || c > 0xffffffff) {
      throw new SegkitError('INVALID_RLE', `count ${i} is ${c}; run lengths must be integers in [0, 2^32)`);
    }
    runs[i] = c;
  }
  return checkRle({ height, width, counts: runs });
}

/** True when the RLE is what the encoder would write: no empty run except possibly the first. */
export function isCanonicalRle(rle: Rle): boolean {
  const { counts } = rle;
  for (let i = 1; i < counts.length; i++) if (counts[i] === 0) return false;
  return counts.length > 0;
}
