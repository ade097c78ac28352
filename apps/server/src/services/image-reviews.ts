import type { Actor, AppContext } from '../context.js';
import { currentVersion } from '../db/annotations.js';
import { commentById, isForeignKeyViolation } from '../db/comments.js';
import { imageReviewsOf, insertImageReview } from '../db/image-reviews.js';
import type { ImageReviewStatus } from '../db/schema.js';
import { invalid } from '../errors.js';
import { requireRole } from './access.js';
import { followImageDecision } from './batches.js';
import { imageAccess } from './images.js';

export interface NewImageReview {
  /** The annotator whose document is decided on. */
  userId: number;
  status: ImageReviewStatus;
  /** A review comment on this image about `userId`'s document; required to reject. */
  commentId?: number | undefined;
}

/**
 * A reviewer's (or manager's) decision on one annotator's document of one image, at its current
 * version. A rejection must point at a comment pinned on the image about that document, so the
 * annotator sees where and why (POST /api/images/{i}/comments first). Decisions are appended; the
 * newest one about a document is its state, and it is stale once the annotator saves a newer version.
 *
 * A decision moves the annotator's batch statuses: in every batch where the image is theirs and they
 * have handed in (submitted, in_review, accepted, rejected), any current rejection makes them
 * rejected, else every image accepted makes them accepted, else they are in_review; then the batch's
 * status follows (`followImageDecision`, in the same transaction as the decision).
 */
export async function addImageReview(ctx: AppContext, actor: Actor, imageId: number, review: NewImageReview) {
  const { image, access } = await imageAccess(ctx, actor, imageId);
  requireRole(access, ['manager', 'reviewer'], 'review documents');
  const version = await currentVersion(ctx.db.kysely, image.id, review.userId);
  if (version === 0) {
    throw invalid(`user ${review.userId} has saved no document of image ${imageId} to review`, 'NOTHING_TO_REVIEW');
  }
  if (review.status === 'rejected' && review.commentId === undefined) {
    throw invalid(
      `rejecting user ${review.userId}'s document of image ${imageId} needs a comment pinned on the image (commentId)`,
      'COMMENT_REQUIRED',
    );
  }
  if (review.commentId !== undefined) {
    const comment = await commentById(ctx.db.kysely, review.commentId);
    if (comment === undefined || comment.image_id !== image.id || comment.about_user_id !== review.userId) {
      throw invalid(
        `comment ${review.commentId} is not a comment on image ${imageId} about user ${review.userId}'s document`,
        'COMMENT_MISMATCH',
      );
    }
  }
  // The decision and the batch statuses it drives commit together (`followImageDecision`).
  const row = await ctx.db.kysely
    .transaction()
    .execute(async (trx) => {
      const inserted = await insertImageReview(trx, {
        image_id: image.id,
        user_id: review.userId,
        reviewer_id: actor.id,
        version,
        status: review.status,
        comment_id: review.commentId ?? null,
      });
      await followImageDecision(ctx, trx, image.id, review.userId);
      return inserted;
    })
    .catch((error: unknown) => {
      // The comment was deleted after the check above: the foreign key refused the decision.
      if (review.commentId !== undefined && isForeignKeyViolation(error)) {
        throw invalid(`comment ${review.commentId} was deleted while this decision was recorded`, 'COMMENT_MISMATCH');
      }
      throw error;
    });
  return view(row);
}

/** The image's review decisions, oldest first (annotators: only those about their own document). */
export async function listImageReviews(ctx: AppContext, actor: Actor, imageId: number, userId: number | undefined) {
  const { image, access } = await imageAccess(ctx, actor, imageId);
  const about = access.role === 'annotator' ? actor.id : userId;
  if (access.role === 'annotator' && userId !== undefined && userId !== actor.id) return [];
  const rows = await imageReviewsOf(ctx.db.kysely, image.id, about);
  return rows.map(view);
}

function view(row: Awaited<ReturnType<typeof imageReviewsOf>>[number]) {
  return {
    id: row.id,
    imageId: row.image_id,
    userId: row.user_id,
    reviewerId: row.reviewer_id,
    version: row.version,
    status: row.status,
    commentId: row.comment_id,
    createdAt: row.created_at,
  };
}
