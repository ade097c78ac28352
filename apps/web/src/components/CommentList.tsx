import type { Project, ReviewComment, User } from '../api/types.js';
import { dateTime, personName } from '../lib/format.js';

/** The comments shown as pins, numbered as the pins are, with author, time, position and text. */
export function CommentList({
  comments,
  project,
  me,
  selected,
  onSelect,
}: {
  comments: readonly ReviewComment[];
  project: Project;
  me: User;
  selected: number | undefined;
  onSelect: (id: number) => void;
}) {
  if (comments.length === 0) return <p className="muted">No review comments on this document.</p>;
  return (
    <ol className="comments" data-testid="comment-list">
      {comments.map((comment) => (
        <li
          key={comment.id}
          className={comment.id === selected ? 'selected' : undefined}
          onClick={() => onSelect(comment.id)}
          onKeyDown={undefined}
          data-testid="comment"
          data-id={comment.id}
        >
          <span className="muted">
            {personName(project, comment.authorId, me)} · {dateTime(comment.createdAt)} · at ({comment.x}, {comment.y})
            {comment.userId === null ? ' · on the image' : ''}
          </span>
          <br />
          <span data-testid="comment-text">{comment.text}</span>
        </li>
      ))}
    </ol>
  );
}
