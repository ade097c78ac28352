import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SegkitError } from '@segkit/core';

let cached: string | undefined;

/**
 * The Chart.js UMD bundle (defines `window.Chart`), read from the installed `chart.js` package so the
 * report can inline it: the HTML file must open without a network. The package exports only its ESM
 * and CJS entry points, so the UMD file is found beside the CJS one.
 */
export function chartJsSource(): string {
  if (cached !== undefined) return cached;
  let path = 'chart.js/dist/chart.umd.min.js';
  try {
    path = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');
    cached = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SegkitError('IO', `cannot read Chart.js for the HTML report: ${(error as Error).message}`, [path]);
  }
  return cached;
}
