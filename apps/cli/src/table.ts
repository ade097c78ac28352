/** Plain-text and CSV tables for per-class reports. */

export type Cell = string | number | null | undefined;

function show(value: Cell, digits: number): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(digits);
  return value;
}

/** Columns padded to their widest cell; numbers right-aligned, 4 decimals by default. */
export function textTable(headers: string[], rows: Cell[][], digits = 4): string {
  const cells = [headers, ...rows.map((row) => row.map((v) => show(v, digits)))];
  const widths = headers.map((_, c) => Math.max(...cells.map((row) => row[c].length)));
  const numeric = headers.map((_, c) => rows.every((row) => typeof row[c] === 'number' || row[c] === null));
  return cells
    .map((row) =>
      row
        .map((cell, c) => (numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** RFC 4180 CSV: quotes where needed, empty cells for undefined values, full precision. */
export function csvTable(headers: string[], rows: Cell[][]): string {
  const quote = (value: Cell) => {
    if (value === null || value === undefined) return '';
    const text = String(value);
    return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [headers, ...rows].map((row) => row.map(quote).join(',')).join('\n');
}
