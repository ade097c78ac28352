/**
 * The HTML eval report, one module for every front end (the CLI's `--html`, the server's pages).
 * Its escaping and chart helpers are exported for the other HTML pages (the scope report).
 */
export { type BarChartData, barChartData, barChartHtml } from './bar-chart.js';
export { chartJsSource } from './chart-library.js';
export { escapeHtml, jsonForScript, scriptForHtml } from './escape.js';
export { confusionHeatmap, confusionOf } from './heatmap.js';
export { renderEvalHtml, writeEvalHtml } from './render.js';
