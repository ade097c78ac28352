/**
 * Review comments on the image page: where a click lands in image pixels, and which comments belong
 * with the document shown.
 *
 * Image pixels are continuous coordinates: pixel (i, j) covers [i, i + 1) × [j, j + 1), the image
 * spans [0, width] × [0, height] (what the server accepts). A 32-pixel-wide image shown 900 px wide:
 * a click 225 px from its left edge is x = 225 × 32 / 900 = 8.
 */
import type { ReviewComment } from '../api/types.js';

/** A click `dx`, `dy` CSS px from the shown image's top-left corner, in image pixels (clamped, to 1/100 px). */
export function imagePoint(
  dx: number,
  dy: number,
  shown: { width: number; height: number },
  image: { width: number; height: number },
): { x: number; y: number } {
  const scale = (value: number, from: number, to: number) =>
    Math.round(100 * Math.min(to, Math.max(0, (value * to) / from))) / 100;
  return { x: scale(dx, shown.width, image.width), y: scale(dy, shown.height, image.height) };
}

/**
 * The comments about the document shown (`owner`: its annotator, or null for the gold reference),
 * plus those about no one's document, in the server's order: their pin numbers are positions in this list.
 */
export function commentsFor(comments: readonly ReviewComment[], owner: number | null): ReviewComment[] {
  return comments.filter((comment) => comment.userId === null || comment.userId === owner);
}
