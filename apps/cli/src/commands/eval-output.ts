import type { EvalReport } from '@segkit/jobs';
import { csvTable, textTable } from '../table.js';

export type EvalFormat = 'text' | 'json' | 'csv';

/**
 * What every `eval` verb prints: the alerts first (worst first, the order of the JSON's `alerts`),
 * the summary, the classes present worst first with rare ones noted, then the absent classes once.
 */
export function evalText(report: EvalReport): string {
  const lines: string[] = [];
  if (report.alerts.length > 0) {
    lines.push(`ALERTS (${report.alerts.length}): classes the averages hide`);
    for (const alert of report.alerts) lines.push(`  ${alert.message}`);
    lines.push('');
  }
  lines.push(
    ...report.summary,
    '',
    textTable(
      [...report.headers, 'note'],
      report.rows.map((r) => [...r.cells, r.rare ? 'rare' : '']),
    ),
  );
  if (report.absent.length > 0) {
    lines.push(
      '',
      `absent from ground truth and prediction (${report.absent.length}, not scored): ${report.absent.map((r) => `${r.id} ${r.name}`).join(', ')}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export function printEvalReport(report: EvalReport, format: EvalFormat): void {
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(report.json)}\n`);
  } else if (format === 'csv') {
    // Every class, absent ones last, with the reference's values: CSV is for programs.
    const rows = [...report.rows, ...report.absent].map((r) => r.cells);
    process.stdout.write(`${csvTable(report.headers, rows)}\n`);
  } else {
    process.stdout.write(evalText(report));
  }
}
