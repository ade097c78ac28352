/**
 * The review page's view logic around @segkit/metrics' compareDocuments: the diff mask as canvas
 * pixels, the IoU as the table shows it, and a document's review state from its decisions.
 *
 *   diff RLE of a 2×2 image, pixel (1, 0) set → RGBA [0 0 0 0, H H H H, 0 0 0 0, 0 0 0 0] (H: DIFF_RGBA)
 *
 * Cost: the diff is decoded once (one pass over the pixels) to paint it; the IoUs come from runs.
 */
import { decode, type Rle } from '@segkit/core';
import type { ImageReview } from '../api/types.js';

/** The highlight of differing pixels: opaque yellow, which no class colour of the seed projects uses. */
export const DIFF_RGBA = [255, 230, 0, 255] as const;

/** The diff mask (column-major runs) as row-major RGBA: differing pixels DIFF_RGBA, others transparent. */
export function diffPixels(diff: Rle): Uint8ClampedArray<ArrayBuffer> {
  const { data } = decode(diff);
  const rgba = new Uint8ClampedArray(data.length * 4);
  const words = new Uint32Array(rgba.buffer);
  // Little-endian words (every browser segkit runs on): R is the low byte.
  const on = (DIFF_RGBA[3] << 24) | (DIFF_RGBA[2] << 16) | (DIFF_RGBA[1] << 8) | DIFF_RGBA[0];
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) words[i] = on;
  return rgba;
}

/** An IoU as the table shows it: 4 decimals, trailing zeros dropped (1, 0.6667, 0); "n/a" for no class. */
export function formatIou(iou: number | null): string {
  return iou === null ? 'n/a' : String(Number(iou.toFixed(4)));
}

export interface ReviewState {
  /** The newest decision, if any. */
  latest: ImageReview | undefined;
  /** The annotator saved a newer version after the decision. */
  stale: boolean;
}

/** The state of a document at `version` from its decisions (the server's order: oldest first). */
export function reviewState(reviews: readonly ImageReview[], version: number): ReviewState {
  const latest = reviews.at(-1);
  return { latest, stale: latest !== undefined && latest.version < version };
}
