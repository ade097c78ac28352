import type { ChartConfiguration } from 'chart.js';
import { useMemo } from 'react';
import { ApiError, api } from '../api/client.js';
import type { Batch, BatchQa, Project } from '../api/types.js';
import { defaultColor } from '../lib/colors.js';
import { personName } from '../lib/format.js';
import { headline, percent } from '../lib/qa.js';
import { useLoad } from '../lib/use-load.js';
import { useUser } from '../session.js';
import { ChartCanvas } from './ChartCanvas.js';
import { ErrorNote } from './ErrorNote.js';

interface TrendPoint {
  batch: Batch;
  /** The batch's main figure (mIoU, AP, PQ); null without honeypots to score. */
  value: number | null;
  perAnnotator: Map<number, number | null>;
}

/** Each batch's QA in creation order; batches with no gold to score give no point. */
async function loadTrend(project: Project): Promise<TrendPoint[]> {
  const { batches } = await api.get<{ batches: Batch[] }>(`/api/projects/${project.id}/batches`);
  batches.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
  const main = (report: BatchQa['batch']) => headline(project.type, report)[0].value;
  return Promise.all(
    batches.map(async (batch): Promise<TrendPoint> => {
      try {
        const qa = await api.get<BatchQa>(`/api/batches/${batch.id}/qa`);
        return {
          batch,
          value: main(qa.batch),
          perAnnotator: new Map(qa.perAnnotator.map((a) => [a.userId, main(a.report)])),
        };
      } catch (error) {
        if (error instanceof ApiError && error.code === 'NO_GOLD')
          return { batch, value: null, perAnnotator: new Map() };
        throw error;
      }
    }),
  );
}

/** The main QA figure of every batch of the project, for the batch and per annotator. */
export function QaTrends({ project, current }: { project: Project; current: number }) {
  const me = useUser();
  const trend = useLoad(() => loadTrend(project), `${project.id}:${current}`);
  const metric = headline(project.type, {})[0].label;
  const config = useMemo((): ChartConfiguration | undefined => {
    if (trend.data === undefined) return undefined;
    const points = trend.data;
    const users = [...new Set(points.flatMap((p) => [...p.perAnnotator.keys()]))].sort((a, b) => a - b);
    const scaled = (v: number | null | undefined) => (v === null || v === undefined ? null : 100 * v);
    return {
      type: 'line',
      data: {
        labels: points.map((p) => p.batch.name),
        datasets: [
          {
            label: `batch ${metric}`,
            data: points.map((p) => scaled(p.value)),
            borderColor: '#222',
            backgroundColor: '#222',
            borderWidth: 3,
            spanGaps: true,
          },
          ...users.map((userId, index) => ({
            label: personName(project, userId, me),
            data: points.map((p) => scaled(p.perAnnotator.get(userId))),
            borderColor: defaultColor(index),
            backgroundColor: defaultColor(index),
            spanGaps: true,
          })),
        ],
      },
      options: { scales: { y: { min: 0, max: 100 } } },
    };
  }, [trend.data, project, me, metric]);
  return (
    <div className="report" data-testid="qa-trends">
      <h3>Trend across the project's batches ({metric}, %)</h3>
      <ErrorNote error={trend.error} />
      {trend.data && config && (
        <>
          <ChartCanvas config={config} testId="qa-trend-chart" />
          <table className="numbers">
            <thead>
              <tr>
                <th>batch</th>
                <th>{metric}</th>
              </tr>
            </thead>
            <tbody>
              {trend.data.map((p) => (
                <tr key={p.batch.id} className={p.batch.id === current ? 'current' : undefined} data-testid="trend-row">
                  <td>{p.batch.name}</td>
                  <td>{percent(p.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
