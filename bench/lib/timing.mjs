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

export function formatRow(name, seconds, units, unitName, reference) {
  const rate = units / seconds;
  const ratio = reference === undefined ? 'n/a' : `${(reference / seconds).toFixed(2)}x`;
  const ref = reference === undefined ? 'no figure' : `${(reference * 1000).toFixed(1)} ms`;
  return `${name.padEnd(44)} ${(seconds * 1000).toFixed(2).padStart(9)} ms ${rate.toFixed(0).padStart(10)} ${unitName.padEnd(9)} ref ${ref.padStart(9)}  speed-up ${ratio}`;
}
