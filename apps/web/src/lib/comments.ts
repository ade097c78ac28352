/**
 * Review comments on the image page and in the editor: where a click lands in image pixels, which
 * comments belong with the document shown, which of their pins are drawn, and what the caller may do
 * with each.
 *
 * Image pixels are continuous coordinates: pixel (i, j) covers [i, i + 1) × [j, j + 1), the image
 * spans [0, width] × [0, height] (what the server accepts). A 32-pixel-wide image shown 900 px wide:
 * a click 225 px from its left edge is x = 225 × 32 / 900 = 8.
 */
import type { ProjectRole, ReviewComment } from '../api/types.js';

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

/**
 * The comments that may be a rejection's reason, with their pin numbers (positions in `shown`): open
 * comments about `owner`'s document (those about no one's are the image's; a resolved one says the
 * spot was fixed).
 */
export function rejectionReasons(
  shown: readonly ReviewComment[],
  owner: number,
): Array<{ comment: ReviewComment; pin: number }> {
  return shown
    .map((comment, index) => ({ comment, pin: index + 1 }))
    .filter((r) => r.comment.userId === owner && !r.comment.resolved);
}

/**
 * The pins to draw for the comments shown (`commentsFor`), numbered by their position there so a pin
 * and its list entry carry one number: open comments always, resolved ones only with `showResolved`
 * or while selected in the list.
 */
export function visiblePins(
  shown: readonly ReviewComment[],
  showResolved: boolean,
  selected: number | undefined,
): Array<{ comment: ReviewComment; pin: number }> {
  const out: Array<{ comment: ReviewComment; pin: number }> = [];
  shown.forEach((comment, index) => {
    if (!comment.resolved || showResolved || comment.id === selected) out.push({ comment, pin: index + 1 });
  });
  return out;
}

export interface CommentActions {
  /** May resolve or reopen it: its author, a manager, a reviewer, or the annotator it is about. */
  resolve: boolean;
  /** The caller is the annotator whose document it is about: resolving says "fixed". */
  fixes: boolean;
  /** May delete it: its author or a manager (the server still refuses a rejection's reason). */
  remove: boolean;
}

/** What the caller (`role` in the project, admins as managers) may do with `comment`, as the server rules (docs/server.md). */
export function commentActions(comment: ReviewComment, role: ProjectRole | null, me: { id: number }): CommentActions {
  const author = comment.authorId === me.id;
  const fixes = role === 'annotator' && comment.userId === me.id;
  return {
    resolve: author || comment.userId === me.id || role === 'manager' || role === 'reviewer',
    fixes,
    remove: author || role === 'manager',
  };
}
