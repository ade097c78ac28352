import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { segkit } from './run-cli.js';

const FIXTURES = new URL('../../../packages/metrics/test/fixtures/panoptic/', import.meta.url).pathname;
const expected = JSON.parse(readFileSync(`${FIXTURES}expected.json`, 'utf8')).cases as {
  prediction: string;
  result: Record<string, { pq: number; sq: number; rq: number; n: number }>;
}[];

describe('segkit eval panoptic', () => {
  it.each(['a', 'b'])('--format json on synthetic prediction %s gives panopticapi pq_compute numbers', (name) => {
    const run = segkit(
      'eval',
      'panoptic',
      '--gt',
      `${FIXTURES}synthetic/gt.json`,
      '--pred',
      `${FIXTURES}synthetic/pred_${name}.json`,
      '--format',
      'json',
    );
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout);
    const reference = expected.find((c) => c.prediction === name)?.result;
    expect(result.all).toEqual(reference?.All);
    expect(result.things).toEqual(reference?.Things);
    expect(result.stuff).toEqual(reference?.Stuff);
  });

  it('the text report names the classes the averages hide before the averages', () => {
    const run = segkit(
      'eval',
      'panoptic',
      '--gt',
      `${FIXTURES}synthetic/gt.json`,
      '--pred',
      `${FIXTURES}synthetic/pred_a.json`,
    );
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^ALERTS/);
    expect(lines.findIndex((l) => l.startsWith('All'))).toBeGreaterThan(
      lines.findIndex((l) => l.includes('class 18 dog')),
    );
  });
});

describe('segkit eval panoptic --threads', () => {
  it('gives the same JSON with 1, 2 and 3 worker threads', () => {
    const run = (threads: string) =>
      segkit(
        'eval',
        'panoptic',
        '--gt',
        `${FIXTURES}synthetic/gt.json`,
        '--pred',
        `${FIXTURES}synthetic/pred_b.json`,
        '--threads',
        threads,
        '--format',
        'json',
      );
    const one = run('1');
    expect(one.stderr).toBe('');
    expect(run('2').stdout).toBe(one.stdout);
    expect(run('3').stdout).toBe(one.stdout);
  });
});
