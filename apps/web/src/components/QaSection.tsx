import { ApiError, api } from '../api/client.js';
import type { Batch, BatchQa, Project } from '../api/types.js';
import { personName } from '../lib/format.js';
import { useLoad } from '../lib/use-load.js';
import { useUser } from '../session.js';
import { AlertList } from './AlertList.js';
import { ErrorNote } from './ErrorNote.js';
import { QaReportView } from './QaReportView.js';
import { QaTrends } from './QaTrends.js';

/**
 * The batch's QA (its honeypots against the gold set): every alert first, the batch's and each
 * annotator's report after, then the trend across the project's batches.
 */
export function QaSection({ batch, project }: { batch: Batch; project: Project }) {
  const me = useUser();
  // Keyed by the statuses too: a submit or review is when a manager looks again.
  const key = `${batch.id}:${batch.assignees.map((a) => `${a.status}${a.saved}`).join(',')}`;
  const qa = useLoad(() => api.get<BatchQa>(`/api/batches/${batch.id}/qa`), key);
  const name = (userId: number) => personName(project, userId, me);
  return (
    <section data-testid="qa">
      <h2>Quality (honeypots against gold)</h2>
      {qa.error instanceof ApiError && qa.error.code === 'NO_GOLD' ? (
        <p className="muted" data-testid="qa-none">
          {qa.error.message}
        </p>
      ) : (
        <ErrorNote error={qa.error} />
      )}
      {qa.loading && qa.data === undefined && <p className="muted">Computing…</p>}
      {qa.data && (
        <>
          <AlertList
            groups={[
              { who: 'batch', alerts: qa.data.batch.alerts ?? [] },
              ...qa.data.perAnnotator.map((a) => ({ who: name(a.userId), alerts: a.report.alerts ?? [] })),
            ]}
          />
          <QaReportView title="The batch" type={project.type} report={qa.data.batch} testId="qa-batch" />
          {qa.data.perAnnotator.map((a) => (
            <QaReportView
              key={a.userId}
              title={`${name(a.userId)} (${a.images} honeypot ${a.images === 1 ? 'image' : 'images'})`}
              type={project.type}
              report={a.report}
              testId={`qa-annotator-${a.userId}`}
            />
          ))}
        </>
      )}
      <QaTrends project={project} current={batch.id} />
    </section>
  );
}
