import { existsSync, readFileSync } from 'node:fs';
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

const SAMPLE = new URL('../../../../shared/fixtures/reference/panoptic/coco_sample/', import.meta.url).pathname;
const sample = existsSync(`${SAMPLE}gt.json`);
if (!sample) console.warn(`NOTICE: ${SAMPLE} is absent; the COCO panoptic sample tests are skipped`);

/** The alert messages of a text report: the indented lines under ALERTS, up to the blank line. */
function textAlerts(stdout: string): string[] {
  const lines = stdout.split('\n');
  if (!lines[0].startsWith('ALERTS')) return [];
  const end = lines.indexOf('');
  return lines.slice(1, end).map((l) => l.trim());
}

describe.skipIf(!sample)('segkit eval panoptic on the COCO panoptic sample', () => {
  it('the ground truth against itself (PQ 100) prints no alert, and the absent classes once at the end', () => {
    const args = ['eval', 'panoptic', '--gt', `${SAMPLE}gt.json`, '--pred', `${SAMPLE}gt.json`];
    const text = segkit(...args);
    expect(text.stderr).toBe('');
    expect(text.status).toBe(0);
    expect(text.stdout.split('\n')[0]).toMatch(/^All +PQ 100\.00 +SQ 100\.00 +RQ 100\.00 +\(8 classes\)$/);
    expect(textAlerts(text.stdout)).toEqual([]);
    const last = text.stdout.trimEnd().split('\n').at(-1) as string;
    expect(last).toMatch(/^absent from ground truth and prediction \(125, not scored\): 2 bicycle, 3 car, /);
    expect(text.stdout.match(/\bbicycle\b/g)).toHaveLength(1);
    const json = JSON.parse(segkit(...args, '--format', 'json').stdout);
    expect(json.alerts).toEqual([]);
    expect(json.perClass.filter((c: { absent?: boolean }) => c.absent === true)).toHaveLength(125);
  });

  it.each(['a', 'b', 'c'])('--format json lists the alerts in the order the text prints them (pred_%s)', (name) => {
    const args = ['eval', 'panoptic', '--gt', `${SAMPLE}gt.json`, '--pred', `${SAMPLE}pred_${name}.json`];
    const text = textAlerts(segkit(...args).stdout);
    const json = JSON.parse(segkit(...args, '--format', 'json').stdout).alerts as { message: string }[];
    expect(text.length).toBeGreaterThan(0);
    expect(json.map((a) => a.message)).toEqual(text);
  });
});
