import { escapeHtml } from './escape.js';

/** `json.confusion` when it is a square matrix of counts (semantic reports), else undefined. */
export function confusionOf(json: unknown): number[][] | undefined {
  if (json === null || typeof json !== 'object' || !('confusion' in json)) return undefined;
  const rows = (json as { confusion: unknown }).confusion;
  if (!Array.isArray(rows) || rows.length === 0) return undefined;
  const n = rows.length;
  const square = rows.every((r) => Array.isArray(r) && r.length === n && r.every((v) => typeof v === 'number'));
  return square ? (rows as number[][]) : undefined;
}

/** Above this many classes the counts leave the cells (they stay in the tooltips). */
const MAX_LABELLED_CLASSES = 30;

/**
 * The confusion matrix as an HTML table, rows ground truth and columns prediction. Each cell's colour
 * is its share of its row (recall-style), so rare classes are as readable as common ones; the count
 * and the share are in the cell's tooltip. A row without ground-truth pixels stays white.
 */
export function confusionHeatmap(confusion: readonly (readonly number[])[], names: readonly string[]): string {
  const n = confusion.length;
  const dense = n > MAX_LABELLED_CLASSES;
  const label = (i: number) => escapeHtml(names[i] ?? String(i));
  const head = names.map((_, p) => `<th class="col" scope="col"><span>${label(p)}</span></th>`).join('');
  const body = confusion.map((row, g) => {
    const total = row.reduce((a, b) => a + b, 0);
    const cells = row.map((count, p) => {
      const share = total > 0 ? count / total : 0;
      const title = `${label(g)} → ${label(p)}: ${count} pixels (${(100 * share).toFixed(1)}% of ${label(g)})`;
      const text = dense || count === 0 ? '' : String(count);
      return `<td${g === p ? ' class="diag"' : ''} style="${cellStyle(share)}" title="${title}">${text}</td>`;
    });
    return `<tr><th scope="row">${label(g)}</th>${cells.join('')}<td class="total">${total}</td></tr>`;
  });
  return [
    `<table class="heatmap${dense ? ' dense' : ''}">`,
    `<thead><tr><th class="corner">ground truth ↓ / prediction →</th>${head}<th class="col"><span>pixels</span></th></tr></thead>`,
    `<tbody>${body.join('\n')}</tbody>`,
    '</table>',
  ].join('\n');
}

/** White to a dark blue, with light text on the darker half. */
function cellStyle(share: number): string {
  const t = Math.min(1, Math.max(0, share));
  const mix = (from: number, to: number) => Math.round(from + (to - from) * t);
  const background = `rgb(${mix(255, 8)},${mix(255, 48)},${mix(255, 107)})`;
  return t > 0.5 ? `background:${background};color:#fff` : `background:${background}`;
}
