import { type FormEvent, useState } from 'react';
import { api } from '../api/client.js';
import type { ReviewComment } from '../api/types.js';
import type { Point } from './CommentPins.js';
import { ErrorNote } from './ErrorNote.js';

/** The text of a new comment at `point`, about `userId`'s document (null: the image), posted on submit. */
export function CommentForm({
  imageId,
  userId,
  point,
  onAdded,
  onCancel,
}: {
  imageId: number;
  userId: number | null;
  point: Point;
  onAdded: (comment: ReviewComment) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const comment = await api.post<ReviewComment>(`/api/images/${imageId}/comments`, {
        x: point.x,
        y: point.y,
        text,
        ...(userId === null ? {} : { userId }),
      });
      setText('');
      onAdded(comment);
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="stack" onSubmit={submit} data-testid="comment-form">
      <label>
        Comment at ({point.x}, {point.y})
        <textarea
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={2}
          required
          maxLength={4000}
          data-testid="comment-input"
        />
      </label>
      <div className="row">
        <button type="submit" disabled={busy || text.trim() === ''} data-testid="comment-submit">
          {busy ? 'Saving…' : 'Add comment'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <ErrorNote error={error} />
    </form>
  );
}
