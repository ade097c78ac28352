import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** Best of `repeats` runs of fn (after one warm-up), in seconds; keeps the result so nothing is optimized away. */
export function time(fn, repeats = 5) {
  let sink = fn();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    sink = fn();
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return { seconds: best, sink };
}

const TIMINGS = new URL('../../../shared/fixtures/reference/TIMINGS.md', import.meta.url);

/**
 * Reference figures (seconds) from ../shared/fixtures/reference/TIMINGS.md, keyed "section|row".
 * Rows are matched by the text of their first two cells; returns undefined where the file is absent.
 */
export function loadReferenceTimings() {
  if (!existsSync(TIMINGS)) return undefined;
  const figures = new Map();
  let inputLabel = '';
  for (const line of readFileSync(TIMINGS, 'utf8').split('\n')) {
    if (!line.startsWith('|') || line.includes('---')) continue;
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells.length < 3) continue;
    if (cells[0] && cells[0] !== 'same') inputLabel = cells[0];
    const op = cells[1];
    const total = cells[2].match(/^([\d.]+)\s*(s|ms)$/);
    if (!total) continue;
    const seconds = Number(total[1]) / (total[2] === 'ms' ? 1000 : 1);
    figures.set(`${inputLabel}|${op}`, seconds);
  }
  return figures;
}

/** Finds a reference figure whose key contains every fragment. */
export function referenceFigure(figures, ...fragments) {
  if (!figures) return undefined;
  for (const [key, seconds] of figures) if (fragments.every((f) => key.includes(f))) return seconds;
  return undefined;
}

function ratio(reference, seconds) {
  if (reference === undefined) return '      n/a';
  return `${(reference * 1000).toFixed(1).padStart(7)} ms ${(reference / seconds).toFixed(2).padStart(6)}x`;
}

/** One benchmark line: our time and throughput, then each reference time and the speed-up over it. */
export function formatRow(name, seconds, units, unitName, reference, live) {
  const rate = `${(units / seconds).toFixed(0)} ${unitName}`;
  const liveColumn =
    live === undefined
      ? ''
      : `   ${(live.reference * 1000).toFixed(1).padStart(7)} ms ${live.ratio.toFixed(2).padStart(6)}x`;
  return `${name.padEnd(44)} ${(seconds * 1000).toFixed(2).padStart(9)} ms ${rate.padStart(20)}  ${ratio(reference, seconds)}${liveColumn}`;
}

/**
 * A figure from a TIMINGS.md table row: the row after `anchor` (0 = the anchor's own row) whose
 * cells contain `cell`; its last cell parsed as seconds ("7.3 s (accumulate 1.0 s)", "0.031 s", "33 ms").
 */
export function tableFigure(anchor, offset = 0) {
  if (!existsSync(TIMINGS)) return undefined;
  const lines = readFileSync(TIMINGS, 'utf8').split('\n');
  const at = lines.findIndex((line) => line.startsWith('|') && line.includes(anchor));
  if (at < 0) return undefined;
  const cells = (lines[at + offset] ?? '')
    .split('|')
    .map((c) => c.trim())
    .filter(Boolean);
  const match = (cells.at(-1) ?? '').match(/^([\d.]+)\s*(s|ms)\b/);
  return match ? Number(match[1]) / (match[2] === 'ms' ? 1000 : 1) : undefined;
}
