import type { Actor, AppContext } from '../context.js';
import { commentById, commentsOf, deleteComment, insertComment, setCommentResolved } from '../db/comments.js';
import { imageReviewsCiting } from '../db/image-reviews.js';
import type { CommentsTable } from '../db/schema.js';
import { ApiError, forbidden, inUse, invalid, notFound } from '../errors.js';
import type { ProjectAccess } from './access.js';
import { imageAccess } from './images.js';

export interface NewComment {
  x: number;
  y: number;
  text: string;
  /** The annotator whose document the comment is about (review comments). */
  userId?: number | undefined;
}

/**
 * Review comments placed on the image (pixel coordinates). Managers and reviewers comment on anyone's
 * document; an annotator comments on (answers about) their own. Annotators read only the comments
 * about their own document or about no one's.
 */
export async function addComment(ctx: AppContext, actor: Actor, imageId: number, comment: NewComment) {
  const { image, access } = await imageAccess(ctx, actor, imageId);
  const about = comment.userId ?? null;
  if (access.role === 'annotator' && about !== null && about !== actor.id) {
    throw invalid('an annotator comments only on their own document', 'FORBIDDEN_TARGET');
  }
  if (!(comment.x >= 0 && comment.x <= image.width && comment.y >= 0 && comment.y <= image.height)) {
    throw invalid(`(${comment.x}, ${comment.y}) is outside image ${imageId} (${image.width}×${image.height})`);
  }
  if (comment.text.trim() === '') throw invalid('a comment has text');
  const row = await insertComment(ctx.db.kysely, {
    image_id: image.id,
    user_id: actor.id,
    about_user_id: about,
    x: comment.x,
    y: comment.y,
    text: comment.text.trim(),
  });
  return view(row);
}

export async function listComments(ctx: AppContext, actor: Actor, imageId: number) {
  const { image, access } = await imageAccess(ctx, actor, imageId);
  const rows = await commentsOf(ctx.db.kysely, image.id);
  return rows.filter((row) => visibleTo(row, actor, access)).map(view);
}

/**
 * Resolves (the spot is fixed) or reopens a comment. The comment's author, the project's managers
 * and reviewers may, and so may the annotator the comment is about (who marks it fixed). Resolving
 * one already resolved keeps who resolved it first; reopening clears both.
 */
export async function resolveComment(ctx: AppContext, actor: Actor, commentId: number, resolved: boolean) {
  const { comment, access } = await commentAccess(ctx, actor, commentId);
  const mayResolve =
    comment.user_id === actor.id ||
    comment.about_user_id === actor.id ||
    access.role === 'manager' ||
    access.role === 'reviewer';
  if (!mayResolve) {
    throw forbidden(
      `only the author, the annotator it is about, a manager or a reviewer may ${resolved ? 'resolve' : 'reopen'} comment ${commentId}`,
    );
  }
  const row = await setCommentResolved(ctx.db.kysely, comment.id, resolved ? actor.id : null);
  if (row === undefined) throw notFound(`comment ${commentId}`);
  return view(row);
}

/**
 * Deletes a comment (its author or a manager). A comment a review decision names as its reason
 * stays (409 naming the decision): the decision keeps its reason; resolve the comment instead.
 */
export async function removeComment(ctx: AppContext, actor: Actor, commentId: number): Promise<void> {
  const { comment, access } = await commentAccess(ctx, actor, commentId);
  if (comment.user_id !== actor.id && access.role !== 'manager') {
    throw forbidden(`only the author or a manager may delete comment ${commentId}`);
  }
  const citing = await imageReviewsCiting(ctx.db.kysely, comment.id);
  if (citing.length === 0 && (await deleteComment(ctx.db.kysely, comment.id))) return;
  // Named by a decision, or by one recorded since the lookup (the foreign key refused the delete).
  const reasons = citing.length > 0 ? citing : await imageReviewsCiting(ctx.db.kysely, comment.id);
  const named = reasons
    .map((r) => `${r.id} (${r.status} user ${r.user_id}'s document of image ${r.image_id} at version ${r.version})`)
    .join(', ');
  throw inUse(
    `comment ${commentId} is the reason of review decision${reasons.length > 1 ? 's' : ''} ${named}; a decision keeps its reason, so the comment cannot be deleted (resolve it instead)`,
    'COMMENT_IS_REASON',
  );
}

type CommentRow = Awaited<ReturnType<typeof commentsOf>>[number];

/**
 * The comment and the caller's role in its project, if the caller may see it: a comment that does
 * not exist, one in a project the caller is not a member of, and one an annotator may not read all
 * answer the same 404 (as images and projects do).
 */
async function commentAccess(
  ctx: AppContext,
  actor: Actor,
  commentId: number,
): Promise<{ comment: CommentRow; access: ProjectAccess }> {
  const comment = await commentById(ctx.db.kysely, commentId);
  if (comment === undefined) throw notFound(`comment ${commentId}`);
  let access: ProjectAccess;
  try {
    ({ access } = await imageAccess(ctx, actor, comment.image_id));
  } catch (error) {
    // The image's 404 would name an image the caller may not know of.
    if (error instanceof ApiError && error.status === 404) throw notFound(`comment ${commentId}`);
    throw error;
  }
  if (!visibleTo(comment, actor, access)) throw notFound(`comment ${commentId}`);
  return { comment, access };
}

/** Annotators read only the comments about their own document or no one's, and those they wrote. */
function visibleTo(
  row: Pick<CommentsTable, 'user_id' | 'about_user_id'>,
  actor: Actor,
  access: ProjectAccess,
): boolean {
  return (
    access.role !== 'annotator' ||
    row.about_user_id === null ||
    row.about_user_id === actor.id ||
    row.user_id === actor.id
  );
}

function view(row: CommentRow) {
  return {
    id: row.id,
    imageId: row.image_id,
    authorId: row.user_id,
    userId: row.about_user_id,
    x: row.x,
    y: row.y,
    text: row.text,
    createdAt: row.created_at,
    resolved: row.resolved_at !== null,
    resolvedAt: row.resolved_at,
    resolvedBy: row.resolved_by,
  };
}
