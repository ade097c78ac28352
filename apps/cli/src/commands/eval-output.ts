import { type Alert, findAlerts } from '@segkit/metrics';
import { type Cell, csvTable, textTable } from '../table.js';

export type EvalFormat = 'text' | 'json' | 'csv';

export function parseEvalFormat(value: string): EvalFormat {
  if (value === 'text' || value === 'json' || value === 'csv') return value;
  throw new Error(`--format must be text, json or csv, got ${JSON.stringify(value)}`);
}

/** What every `eval` verb prints: alerts first, the summary, then the classes worst first. */
export interface EvalReport {
  /** The JSON object printed by --format json (shapes pinned in ../shared/docs/cli.md). */
  json: unknown;
  summary: string[];
  metric: string;
  unit: string;
  headers: string[];
  /** One row per class, with the class's score (for sorting and alerts) and its share of the labels. */
  rows: { id: number; name: string; score: number | null; share: number; cells: Cell[] }[];
  alertThreshold?: number;
}

export function printEvalReport(report: EvalReport, format: EvalFormat): Alert[] {
  const alerts = findAlerts(
    report.rows.map((r) => ({ id: r.id, name: r.name, score: r.score, share: r.share })),
    { metric: report.metric, unit: report.unit, threshold: report.alertThreshold },
  );
  const sorted = [...report.rows].sort(
    (a, b) => (a.score ?? Number.POSITIVE_INFINITY) - (b.score ?? Number.POSITIVE_INFINITY),
  );
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(report.json)}\n`);
  } else if (format === 'csv') {
    process.stdout.write(
      `${csvTable(
        report.headers,
        sorted.map((r) => r.cells),
      )}\n`,
    );
  } else {
    const lines: string[] = [];
    if (alerts.length > 0) {
      lines.push(`ALERTS (${alerts.length}): classes the averages hide`);
      for (const alert of alerts) lines.push(`  ${alert.message}`);
      lines.push('');
    }
    lines.push(
      ...report.summary,
      '',
      textTable(
        report.headers,
        sorted.map((r) => r.cells),
      ),
    );
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return alerts;
}
