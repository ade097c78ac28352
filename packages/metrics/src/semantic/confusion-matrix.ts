/**
 * A dataset-level confusion matrix of label maps: rows are ground truth, columns are predictions,
 * and the counts of every image are summed before any ratio is taken (mmsegmentation's
 * `IoUMetric`, FCN's `fast_hist`, Cityscapes' `evalPixelLevelSemanticLabeling`).
 *
 *   gt   = [0 0 1 255]     pred = [0 1 1 0]     numClasses 2, ignoreIndex 255
 *   → counts [[1, 1],      (row gt 0: one pixel predicted 0, one predicted 1)
 *             [0, 1]]      (the 255 pixel counts nowhere, whatever was predicted there)
 *
 * Conventions: label maps are flat, row-major (any order works, as long as gt and pred agree);
 * `counts[gt * numClasses + pred]`, held as float64 so sums stay exact up to 2^53 pixels.
 *
 * Values outside the classes are an error, unlike mmseg (`histc` drops them silently) and FCN
 * (`bincount` folds an out-of-range prediction into the next row), and like the VOC devkit and
 * the Cityscapes script: a prediction p ∉ [0, numClasses), or a ground-truth value that is neither
 * a class nor `ignoreIndex`, throws a `SegkitError` naming the value and the pixel index. A failed
 * `add` leaves the matrix unchanged.
 *
 * Cost: one pass over the pixels. Two `Uint8Array`s are counted into a 256×256 table through
 * 32-bit words (a word of 4 identical labels in both maps is one increment), which runs at several
 * hundred million pixels/s on label maps with runs; other inputs take a bounds-checked loop.
 */
import { SegkitError } from '@segkit/core';

export type LabelArray = Uint8Array | Uint16Array;

/** Largest class count: the matrix is dense, numClasses² float64 (4096 classes = 128 MiB). */
export const MAX_CLASSES = 4096;

// Scratch tables of the byte path, shared by all matrices and reused across calls (never churned).
// `singles` counts pixel pairs one by one; `words` counts 4-pixel words that are uniform in both maps.
const singles = new Uint32Array(65536);
const words = new Uint32Array(65536);
// Below this many pixels the bounds-checked loop beats clearing and folding the 64K tables.
const TABLE_MIN_PIXELS = 1 << 16;
// Chunk size that keeps the uint32 scratch counts far from overflow.
const TABLE_MAX_PIXELS = 1 << 30;

export class ConfusionMatrix {
  readonly numClasses: number;
  /** Ground-truth value whose pixels are skipped; `null` counts every pixel (Cityscapes). */
  readonly ignoreIndex: number | null;
  /** `counts[gt * numClasses + pred]`: pixels of ground-truth class gt predicted as pred. */
  readonly counts: Float64Array;

  constructor(numClasses: number, ignoreIndex: number | null = 255) {
    if (!Number.isInteger(numClasses) || numClasses < 1 || numClasses > MAX_CLASSES) {
      throw new SegkitError('INVALID_SIZE', `numClasses must be an integer in [1, ${MAX_CLASSES}], got ${numClasses}`);
    }
    if (ignoreIndex !== null && !Number.isInteger(ignoreIndex)) {
      throw new SegkitError('INVALID_SIZE', `ignoreIndex must be an integer or null, got ${ignoreIndex}`);
    }
    this.numClasses = numClasses;
    this.ignoreIndex = ignoreIndex;
    this.counts = new Float64Array(numClasses * numClasses);
  }

  /** A matrix over existing counts (e.g. posted back by a worker), copied. */
  static fromCounts(numClasses: number, counts: ArrayLike<number>, ignoreIndex: number | null = 255): ConfusionMatrix {
    const matrix = new ConfusionMatrix(numClasses, ignoreIndex);
    if (counts.length !== numClasses * numClasses) {
      throw new SegkitError(
        'SIZE_MISMATCH',
        `${counts.length} counts for ${numClasses} classes, expected ${numClasses * numClasses}`,
      );
    }
    for (let i = 0; i < counts.length; i++) {
      const c = counts[i];
      if (!Number.isSafeInteger(c) || c < 0) {
        throw new SegkitError('INVALID_SIZE', `counts[${i}] is ${c}, expected a non-negative integer`);
      }
      matrix.counts[i] = c;
    }
    return matrix;
  }

  /** Adds one image: `gt` and `pred` are label maps of the same length. */
  add(gt: LabelArray, pred: LabelArray): this {
    if (gt.length !== pred.length) {
      throw new SegkitError('SIZE_MISMATCH', `ground truth has ${gt.length} pixels, prediction ${pred.length}`);
    }
    if (gt instanceof Uint8Array && pred instanceof Uint8Array && gt.length >= TABLE_MIN_PIXELS) {
      for (let start = 0; start < gt.length; start += TABLE_MAX_PIXELS) {
        const end = Math.min(gt.length, start + TABLE_MAX_PIXELS);
        this.addBytes(gt.subarray(start, end), pred.subarray(start, end), start);
      }
    } else {
      this.addChecked(gt, pred);
    }
    return this;
  }

  /** Adds another matrix's counts (workers each fill one, then they are merged). */
  merge(other: ConfusionMatrix): this {
    if (other.numClasses !== this.numClasses || other.ignoreIndex !== this.ignoreIndex) {
      throw new SegkitError(
        'SIZE_MISMATCH',
        `cannot merge a matrix of ${other.numClasses} classes (ignore ${other.ignoreIndex}) into one of ` +
          `${this.numClasses} classes (ignore ${this.ignoreIndex})`,
      );
    }
    const a = this.counts;
    const b = other.counts;
    for (let i = 0; i < a.length; i++) a[i] += b[i];
    return this;
  }

  /** Pixels counted so far (ignored pixels excluded). */
  total(): number {
    let sum = 0;
    for (let i = 0; i < this.counts.length; i++) sum += this.counts[i];
    return sum;
  }

  /** The counts as rows (ground truth) of columns (prediction). */
  toRows(): number[][] {
    const n = this.numClasses;
    const rows: number[][] = [];
    for (let g = 0; g < n; g++) rows.push(Array.from(this.counts.subarray(g * n, (g + 1) * n)));
    return rows;
  }

  private addChecked(gt: LabelArray, pred: LabelArray): void {
    const n = this.numClasses;
    const ignore = this.ignoreIndex ?? -1;
    const counts = this.counts;
    for (let i = 0; i < gt.length; i++) {
      const g = gt[i];
      if (g === ignore) continue;
      const p = pred[i];
      if (g >= n || p >= n) {
        // Undo the pixels already counted, so that a failed add changes nothing.
        for (let j = 0; j < i; j++) if (gt[j] !== ignore) counts[gt[j] * n + pred[j]]--;
        throw this.outOfRange(g, p, i);
      }
      counts[g * n + p]++;
    }
  }

  private addBytes(gt: Uint8Array, pred: Uint8Array, offset: number): void {
    singles.fill(0);
    words.fill(0);
    const len = gt.length;
    // The word loop needs both maps 4-byte aligned at the same pixel: count a few pixels singly to get there.
    const head = (4 - (gt.byteOffset % 4)) % 4;
    let i = 0;
    if ((pred.byteOffset + head) % 4 === 0) {
      for (; i < head; i++) singles[(gt[i] << 8) | pred[i]]++;
      const wordCount = (len - head) >> 2;
      const gt32 = new Uint32Array(gt.buffer, gt.byteOffset + head, wordCount);
      const pred32 = new Uint32Array(pred.buffer, pred.byteOffset + head, wordCount);
      // A run of equal uniform words is counted once at its end, so long label runs cost one
      // comparison per 4 pixels; mixed words fall back to four single increments.
      let runG = -1;
      let runP = -1;
      let run = 0;
      for (let w = 0; w < wordCount; w++) {
        const gw = gt32[w];
        const pw = pred32[w];
        if (gw === runG && pw === runP) {
          run++;
          continue;
        }
        if (run > 0) {
          words[((runG & 255) << 8) | (runP & 255)] += run;
          run = 0;
        }
        const g = gw & 255;
        const p = pw & 255;
        if (gw === Math.imul(g, 0x01010101) >>> 0 && pw === Math.imul(p, 0x01010101) >>> 0) {
          runG = gw;
          runP = pw;
          run = 1;
        } else {
          runG = -1;
          runP = -1;
          const k = head + (w << 2);
          singles[(gt[k] << 8) | pred[k]]++;
          singles[(gt[k + 1] << 8) | pred[k + 1]]++;
          singles[(gt[k + 2] << 8) | pred[k + 2]]++;
          singles[(gt[k + 3] << 8) | pred[k + 3]]++;
        }
      }
      if (run > 0) words[((runG & 255) << 8) | (runP & 255)] += run;
      i = head + (wordCount << 2);
    }
    for (; i < len; i++) singles[(gt[i] << 8) | pred[i]]++;

    // Check every pair before adding any, so that a failed add changes nothing.
    const n = this.numClasses;
    const ignore = this.ignoreIndex;
    for (let g = 0; g < 256; g++) {
      if (g === ignore) continue;
      for (let p = g < n ? n : 0; p < 256; p++) {
        const k = (g << 8) | p;
        if (singles[k] !== 0 || words[k] !== 0) {
          const at = this.firstOutOfRange(gt, pred);
          throw this.outOfRange(gt[at], pred[at], offset + at);
        }
      }
    }
    const counts = this.counts;
    const m = Math.min(n, 256);
    for (let g = 0; g < m; g++) {
      if (g === ignore) continue;
      for (let p = 0; p < m; p++) {
        const k = (g << 8) | p;
        counts[g * n + p] += singles[k] + 4 * words[k];
      }
    }
  }

  private firstOutOfRange(gt: LabelArray, pred: LabelArray): number {
    const n = this.numClasses;
    for (let i = 0; i < gt.length; i++) {
      if (gt[i] !== this.ignoreIndex && (gt[i] >= n || pred[i] >= n)) return i;
    }
    return -1;
  }

  private outOfRange(g: number, p: number, index: number): SegkitError {
    const n = this.numClasses;
    const ignore = this.ignoreIndex === null ? '' : ` or the ignore index ${this.ignoreIndex}`;
    return g >= n
      ? new SegkitError(
          'INVALID_MASK',
          `ground truth value ${g} at pixel ${index} is not a class in [0, ${n})${ignore}`,
        )
      : new SegkitError('INVALID_MASK', `predicted value ${p} at pixel ${index} is not a class in [0, ${n})`);
  }
}
