import type { EvalRow } from '../eval/report.js';
import { escapeHtml, jsonForScript } from './escape.js';

/**
 * What the browser-side script draws: one bar per class present, worst first, flagged classes in
 * red. Classes absent from both sides get no bar (the page lists them once, at the end).
 */
export interface BarChartData {
  metric: string;
  labels: string[];
  scores: (number | null)[];
  flagged: boolean[];
}

export function barChartData(
  metric: string,
  sorted: readonly EvalRow[],
  flaggedIds: ReadonlySet<number>,
): BarChartData {
  return {
    metric,
    labels: sorted.map((r) => r.name),
    scores: sorted.map((r) => r.score),
    flagged: sorted.map((r) => flaggedIds.has(r.id)),
  };
}

/**
 * The chart's canvas, its data as JSON, and the script that draws it with the inlined Chart.js.
 * Chart.js paints names on a canvas, so they need no escaping there; the JSON is escaped for the
 * script element. No animation: the chart is complete as soon as the page has loaded (screenshots).
 */
export function barChartHtml(data: BarChartData): string {
  const height = Math.max(160, 22 * data.labels.length + 60);
  return [
    `<div class="chart" style="height:${height}px"><canvas id="scores" role="img" aria-label="${escapeHtml(data.metric)} per class, worst first"></canvas></div>`,
    `<script type="application/json" id="scores-data">${jsonForScript(data)}</script>`,
    `<script>${DRAW}</script>`,
  ].join('\n');
}

const DRAW = `
(function () {
  var data = JSON.parse(document.getElementById('scores-data').textContent);
  if (typeof Chart === 'undefined') return;
  new Chart(document.getElementById('scores'), {
    type: 'bar',
    data: {
      labels: data.labels,
      datasets: [{
        label: data.metric,
        data: data.scores,
        minBarLength: 2,
        backgroundColor: data.flagged.map(function (f) { return f ? '#d9534f' : '#3a78c2'; }),
      }],
    },
    options: {
      indexAxis: 'y',
      animation: false,
      maintainAspectRatio: false,
      scales: { x: { min: 0, suggestedMax: 1, title: { display: true, text: data.metric } }, y: { ticks: { autoSkip: false } } },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: function (c) { return data.metric + ' ' + (c.raw === null ? 'n/a' : c.raw.toFixed(4)); } } },
      },
    },
  });
})();
`;
