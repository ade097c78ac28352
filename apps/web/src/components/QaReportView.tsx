import type { ProjectType, QaReport } from '../api/types.js';
import { columns, formatCell, headline, percent } from '../lib/qa.js';
import { ClassScoreChart } from './ClassScoreChart.js';

/** One eval report: its headline numbers, a chart of the per-class score, and the per-class table. */
export function QaReportView({
  title,
  type,
  report,
  testId,
}: {
  title: string;
  type: ProjectType;
  report: QaReport;
  testId: string;
}) {
  const rows = report.perClass ?? [];
  const keys = columns(report);
  // The classes present first, in report order; those absent from both sides once, at the end.
  const ordered = [...rows.filter((r) => r.absent !== true), ...rows.filter((r) => r.absent === true)];
  return (
    <div className="report" data-testid={testId}>
      <h3>{title}</h3>
      <dl className="figures">
        {headline(type, report).map((figure) => (
          <div key={figure.label}>
            <dt>{figure.label}</dt>
            <dd data-testid={`figure-${figure.label}`}>{percent(figure.value)}</dd>
          </div>
        ))}
      </dl>
      {rows.length > 0 && <ClassScoreChart type={type} report={report} testId={`${testId}-chart`} />}
      <table className="numbers">
        <thead>
          <tr>
            {keys.map((key) => (
              <th key={key}>{key}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ordered.map((row) => (
            <tr key={row.id} className={row.absent === true ? 'absent' : undefined}>
              {keys.map((key) => (
                <td key={key}>{formatCell(key, row[key])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
