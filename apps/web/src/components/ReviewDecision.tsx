import { useState } from 'react';
import { api } from '../api/client.js';
import type { ImageReview, Project, ReviewComment, User } from '../api/types.js';
import { rejectionReasons } from '../lib/comments.js';
import { personName } from '../lib/format.js';
import { reviewState } from '../lib/review.js';
import { useLoad } from '../lib/use-load.js';
import { ErrorNote } from './ErrorNote.js';

/**
 * Accept or reject one annotator's document of the image at its current version
 * (POST /api/images/{i}/reviews). A rejection points at a review comment pinned on the image about
 * this document (the reason), so the page asks for a pin first.
 */
export function ReviewDecision({
  project,
  imageId,
  owner,
  version,
  comments,
  me,
}: {
  project: Project;
  imageId: number;
  owner: number;
  /** The document's current version (0: never saved, nothing to decide). */
  version: number;
  /** The comments shown with the document, in pin order. */
  comments: readonly ReviewComment[];
  me: User;
}) {
  const loaded = useLoad(
    () => api.get<{ reviews: ImageReview[] }>(`/api/images/${imageId}/reviews?user=${owner}`),
    `${imageId}:${owner}`,
  );
  const [reason, setReason] = useState<number>();
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const reasons = rejectionReasons(comments, owner);
  // The reason picked, while it is still listed (a deleted comment falls back to the newest).
  const chosen = reasons.some((r) => r.comment.id === reason) ? reason : reasons.at(-1)?.comment.id;
  const state = reviewState(loaded.data?.reviews ?? [], version);

  const decide = async (status: ImageReview['status']) => {
    setBusy(true);
    setError(undefined);
    try {
      const body = status === 'rejected' ? { userId: owner, status, commentId: chosen } : { userId: owner, status };
      const review = await api.post<ImageReview>(`/api/images/${imageId}/reviews`, body);
      loaded.set({ reviews: [...(loaded.data?.reviews ?? []), review] });
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  };

  const latest = state.latest;
  const why = latest?.commentId == null ? undefined : reasons.find((r) => r.comment.id === latest.commentId);
  return (
    <section data-testid="review-decision">
      <h2>Decision</h2>
      <p className="review-state" data-testid="review-state" data-status={latest?.status ?? 'none'}>
        {latest === undefined
          ? 'Not reviewed yet.'
          : `${latest.status} by ${personName(project, latest.reviewerId, me)} at version ${latest.version}` +
            (why === undefined ? '' : `: pin ${why.pin}, “${why.comment.text}”`)}
        {state.stale && ` (stale: the document is at version ${version} now)`}
      </p>
      {version === 0 ? (
        <p className="muted">This document was never saved: nothing to decide.</p>
      ) : (
        <div className="control">
          <button type="button" disabled={busy} onClick={() => decide('accepted')} data-testid="review-accept">
            Accept
          </button>{' '}
          {reasons.length === 0 ? (
            <span className="muted" data-testid="review-needs-comment">
              To reject, pin a comment on the image first (click on the image where it is wrong).
            </span>
          ) : (
            <>
              <label>
                reason{' '}
                <select value={chosen} onChange={(e) => setReason(Number(e.target.value))} data-testid="review-reason">
                  {reasons.map((r) => (
                    <option key={r.comment.id} value={r.comment.id}>
                      pin {r.pin}: {r.comment.text}
                    </option>
                  ))}
                </select>
              </label>{' '}
              <button type="button" disabled={busy} onClick={() => decide('rejected')} data-testid="review-reject">
                Reject
              </button>
            </>
          )}
        </div>
      )}
      <ErrorNote error={error ?? loaded.error} />
    </section>
  );
}
