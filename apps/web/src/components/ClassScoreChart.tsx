import type { ChartConfiguration } from 'chart.js';
import { useMemo } from 'react';
import type { ProjectType, QaReport } from '../api/types.js';
import { scoreKey } from '../lib/qa.js';
import { ChartCanvas } from './ChartCanvas.js';

/** A bar per class present: its IoU, AP or PQ in percent; alerted classes in red. */
export function ClassScoreChart({ type, report, testId }: { type: ProjectType; report: QaReport; testId: string }) {
  const config = useMemo((): ChartConfiguration => {
    const { key, label } = scoreKey(type);
    const rows = (report.perClass ?? []).filter((row) => row.absent !== true);
    const alerted = new Set((report.alerts ?? []).map((a) => a.id));
    return {
      type: 'bar',
      data: {
        labels: rows.map((row) => row.name),
        datasets: [
          {
            label: `${label} (%)`,
            data: rows.map((row) => (typeof row[key] === 'number' ? 100 * (row[key] as number) : null)),
            backgroundColor: rows.map((row) => (alerted.has(row.id) ? '#d9534f' : '#4a7fb5')),
          },
        ],
      },
      options: { scales: { y: { min: 0, max: 100 } }, plugins: { legend: { display: false } } },
    };
  }, [type, report]);
  return <ChartCanvas config={config} testId={testId} />;
}
