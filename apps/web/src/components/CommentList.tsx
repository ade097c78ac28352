import { type MouseEvent, useState } from 'react';
import { api } from '../api/client.js';
import type { Project, ReviewComment, User } from '../api/types.js';
import { commentActions } from '../lib/comments.js';
import { dateTime, personName } from '../lib/format.js';
import { ErrorNote } from './ErrorNote.js';

/**
 * The comments shown as pins, numbered as the pins are, with author, time, position and text; a
 * resolved one muted, with who resolved it. Where the caller may: Resolve (the annotator it is about:
 * "Mark fixed") or Reopen (PATCH /api/comments/{c}), and Delete, asked twice (DELETE; the server
 * refuses a rejection's reason, and the list shows why). `onChanged` and `onDeleted` get what the
 * server answered. The "show resolved" box (with any resolved comment) draws their pins too.
 */
export function CommentList({
  comments,
  project,
  me,
  selected,
  onSelect,
  onChanged,
  onDeleted,
  showResolved,
  onShowResolved,
}: {
  comments: readonly ReviewComment[];
  project: Project;
  me: User;
  selected: number | undefined;
  onSelect: (id: number) => void;
  onChanged: (comment: ReviewComment) => void;
  onDeleted: (id: number) => void;
  showResolved: boolean;
  onShowResolved: (show: boolean) => void;
}) {
  const [busy, setBusy] = useState<number>();
  const [confirming, setConfirming] = useState<number>();
  const [error, setError] = useState<Error>();
  if (comments.length === 0) return <p className="muted">No review comments on this document.</p>;

  /** Runs one comment's action from its button (the click does not select the comment). */
  const act = (id: number, action: () => Promise<void>) => async (event: MouseEvent) => {
    event.stopPropagation();
    setBusy(id);
    setError(undefined);
    try {
      await action();
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(undefined);
    }
  };
  const resolve = (comment: ReviewComment, resolved: boolean) =>
    act(comment.id, async () => onChanged(await api.patch<ReviewComment>(`/api/comments/${comment.id}`, { resolved })));
  const remove = (comment: ReviewComment) =>
    act(comment.id, async () => {
      setConfirming(undefined);
      await api.delete(`/api/comments/${comment.id}`);
      onDeleted(comment.id);
    });
  const resolvedCount = comments.filter((comment) => comment.resolved).length;

  return (
    <>
      {resolvedCount > 0 && (
        <label className="control">
          <input
            type="checkbox"
            checked={showResolved}
            onChange={(e) => onShowResolved(e.target.checked)}
            data-testid="show-resolved"
          />{' '}
          show resolved pins ({resolvedCount})
        </label>
      )}
      <ErrorNote error={error} />
      <ol className="comments" data-testid="comment-list">
        {comments.map((comment) => {
          const may = commentActions(comment, project.role, me);
          const classes = [comment.id === selected ? 'selected' : '', comment.resolved ? 'resolved' : ''];
          return (
            <li
              key={comment.id}
              className={classes.join(' ').trim() || undefined}
              onClick={() => onSelect(comment.id)}
              onKeyDown={undefined}
              data-testid="comment"
              data-id={comment.id}
              data-resolved={comment.resolved}
            >
              <span className="muted">
                {personName(project, comment.authorId, me)} · {dateTime(comment.createdAt)} · at ({comment.x},{' '}
                {comment.y}){comment.userId === null ? ' · on the image' : ''}
              </span>
              <br />
              <span data-testid="comment-text">{comment.text}</span>
              {comment.resolved && (
                <span className="muted small" data-testid="comment-resolved">
                  {' '}
                  ✓ resolved
                  {comment.resolvedBy === null ? '' : ` by ${personName(project, comment.resolvedBy, me)}`}
                  {comment.resolvedAt === null ? '' : `, ${dateTime(comment.resolvedAt)}`}
                </span>
              )}
              {(may.resolve || may.remove) && (
                <span className="comment-actions">
                  {may.resolve && (
                    <button
                      type="button"
                      disabled={busy === comment.id}
                      onClick={resolve(comment, !comment.resolved)}
                      data-testid={comment.resolved ? 'comment-reopen' : 'comment-resolve'}
                    >
                      {comment.resolved ? 'Reopen' : may.fixes ? 'Mark fixed' : 'Resolve'}
                    </button>
                  )}
                  {may.remove &&
                    (confirming === comment.id ? (
                      <>
                        <button
                          type="button"
                          disabled={busy === comment.id}
                          onClick={remove(comment)}
                          data-testid="comment-delete-confirm"
                        >
                          Delete for good
                        </button>
                        <button
                          type="button"
                          onClick={(event) => {
                            event.stopPropagation();
                            setConfirming(undefined);
                          }}
                        >
                          Keep
                        </button>
                      </>
                    ) : (
                      <button
                        type="button"
                        disabled={busy === comment.id}
                        onClick={(event) => {
                          event.stopPropagation();
                          setConfirming(comment.id);
                        }}
                        data-testid="comment-delete"
                      >
                        Delete
                      </button>
                    ))}
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </>
  );
}
