import type { Actor, AppContext } from '../context.js';
import { commentsOf, insertComment } from '../db/comments.js';
import { invalid } from '../errors.js';
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
  const visible =
    access.role === 'annotator'
      ? rows.filter((row) => row.about_user_id === null || row.about_user_id === actor.id || row.user_id === actor.id)
      : rows;
  return visible.map(view);
}

function view(row: Awaited<ReturnType<typeof commentsOf>>[number]) {
  return {
    id: row.id,
    imageId: row.image_id,
    authorId: row.user_id,
    userId: row.about_user_id,
    x: row.x,
    y: row.y,
    text: row.text,
    createdAt: row.created_at,
  };
}
