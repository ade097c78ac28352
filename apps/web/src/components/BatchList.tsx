import type { Batch } from '../api/types.js';
import { dateTime, deadlineText, statusText } from '../lib/format.js';
import { Link } from '../router.js';
import { ProgressBar } from './ProgressBar.js';

/** The project's batches: status, deadline, and progress as the assignees' saved over assigned images. */
export function BatchList({ batches }: { batches: readonly Batch[] }) {
  if (batches.length === 0) return <p className="muted">No batches yet.</p>;
  return (
    <table data-testid="batch-list">
      <thead>
        <tr>
          <th>batch</th>
          <th>status</th>
          <th>deadline</th>
          <th>progress</th>
        </tr>
      </thead>
      <tbody>
        {batches.map((batch) => {
          const saved = batch.assignees.reduce((n, a) => n + a.saved, 0);
          const assigned = batch.assignees.reduce((n, a) => n + a.assigned, 0);
          return (
            <tr key={batch.id}>
              <td>
                <Link href={`/batches/${batch.id}`} data-testid={`batch-link-${batch.id}`}>
                  {batch.name}
                </Link>
              </td>
              <td>{statusText(batch.status)}</td>
              <td title={dateTime(batch.deadline)}>{deadlineText(batch.deadline)}</td>
              <td>
                <ProgressBar
                  value={assigned === 0 ? 0 : saved / assigned}
                  label={`${saved}/${assigned} saved`}
                  testId={`batch-progress-${batch.id}`}
                />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
