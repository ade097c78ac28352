import { useState } from 'react';
import { api } from '../api/client.js';
import type { Batch, BatchStatus, Project } from '../api/types.js';
import { dateTime, personName, statusText } from '../lib/format.js';
import { useUser } from '../session.js';
import { ErrorNote } from './ErrorNote.js';
import { ProgressBar } from './ProgressBar.js';

const REVIEWS: ReadonlyArray<{ status: BatchStatus; label: string }> = [
  { status: 'in_review', label: 'In review' },
  { status: 'accepted', label: 'Accept' },
  { status: 'rejected', label: 'Reject' },
];

/**
 * Each assignee's status, saved/assigned images and their images' review decisions at current
 * versions; submit for the assignee, review for managers and reviewers.
 */
export function AssigneeTable({
  batch,
  project,
  canReview,
  onChanged,
}: {
  batch: Batch;
  project: Project;
  canReview: boolean;
  onChanged: (batch: Batch) => void;
}) {
  const me = useUser();
  const [error, setError] = useState<Error>();
  const act = async (url: string, body: unknown) => {
    setError(undefined);
    try {
      onChanged(await api.post<Batch>(url, body));
    } catch (caught) {
      setError(caught as Error);
    }
  };
  const mine = batch.assignees.some((a) => a.userId === me.id) && project.role !== 'reviewer';
  return (
    <section>
      <h2>Assignees</h2>
      <table data-testid="assignees">
        <thead>
          <tr>
            <th>assignee</th>
            <th>status</th>
            <th>saved</th>
            <th>decisions</th>
            <th>submitted</th>
            {canReview && <th>review</th>}
          </tr>
        </thead>
        <tbody>
          {batch.assignees.map((a) => (
            <tr key={a.userId} data-testid={`assignee-${a.userId}`}>
              <td>{personName(project, a.userId, me)}</td>
              <td data-testid="assignee-status">{statusText(a.status)}</td>
              <td>
                <ProgressBar value={a.assigned === 0 ? 0 : a.saved / a.assigned} label={`${a.saved}/${a.assigned}`} />
              </td>
              <td data-testid="assignee-decisions">
                {a.decisions.accepted} accepted · {a.decisions.rejected} rejected · {a.decisions.undecided} undecided
              </td>
              <td>{dateTime(a.submittedAt)}</td>
              {canReview && (
                <td className="row">
                  {REVIEWS.map((review) => (
                    <button
                      type="button"
                      key={review.status}
                      disabled={a.status === review.status}
                      onClick={() =>
                        void act(`/api/batches/${batch.id}/review`, { userId: a.userId, status: review.status })
                      }
                      data-testid={`review-${review.status}-${a.userId}`}
                    >
                      {review.label}
                    </button>
                  ))}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {mine && (
        <button
          type="button"
          onClick={() => void act(`/api/batches/${batch.id}/submit`, {})}
          data-testid="submit-batch"
        >
          Submit my part
        </button>
      )}
      <ErrorNote error={error} />
    </section>
  );
}
