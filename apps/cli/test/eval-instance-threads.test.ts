import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { segkit } from './run-cli.js';

const FIXTURES = new URL('../../../packages/metrics/test/fixtures/', import.meta.url).pathname;

const evalInstance = (
  scenario: string,
  iouType: string,
  threads: string,
  dt = `${FIXTURES}cocoeval_${scenario}_dt.json`,
) =>
  segkit(
    'eval',
    'instance',
    '--gt',
    `${FIXTURES}cocoeval_${scenario}_gt.json`,
    '--dt',
    dt,
    '--iou-type',
    iouType,
    '--threads',
    threads,
    '--format',
    'json',
  );

describe('segkit eval instance --threads', () => {
  it.each([
    ['micro', 'segm'],
    ['s2', 'segm'],
    ['s2', 'bbox'],
    ['s3', 'segm'],
    ['s3', 'bbox'],
    ['boundary_b1', 'boundary'],
  ])('gives the same JSON on cocoeval_%s, iouType %s, with 1, 2 and 3 worker threads', (scenario, iouType) => {
    const expected = JSON.parse(readFileSync(`${FIXTURES}cocoeval_${scenario}_expected.json`, 'utf8'))[iouType];
    const one = evalInstance(scenario, iouType, '1');
    expect(one.stderr).toBe('');
    // The stats pycocotools (boundary-iou-api for boundary) printed, bit for bit.
    expect(JSON.parse(one.stdout).stats).toEqual(expected.stats);
    expect(evalInstance(scenario, iouType, '2').stdout).toBe(one.stdout);
    expect(evalInstance(scenario, iouType, '3').stdout).toBe(one.stdout);
  });

  it('reports the failure one whole evaluation meets first (category-major), whatever the thread count', () => {
    // Masks of the wrong size: detection 0 (category 2, first image) is met after detection 1
    // (category 1, last image), since pycocotools evaluates category by category.
    const wrongSize = { size: [2, 2], counts: [0, 4] };
    const dir = mkdtempSync(join(tmpdir(), 'segkit-eval-threads-'));
    const dt = join(dir, 'dt.json');
    writeFileSync(
      dt,
      JSON.stringify([
        { image_id: 1342, category_id: 2, score: 0.9, segmentation: wrongSize },
        { image_id: 995590, category_id: 1, score: 0.8, segmentation: wrongSize },
      ]),
    );
    const runs = ['1', '2', '3'].map((threads) => evalInstance('s3', 'segm', threads, dt));
    expect(runs[0].status).toBe(1);
    // Named as the results file and its reader name them (it was "detection 1", without the file).
    expect(runs[0].stderr).toContain(`segkit: ${dt}: result 1: RLE size is [2, 2]`);
    expect(runs[0].stderr).not.toMatch(/result 0/);
    for (const run of runs) {
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(runs[0].stderr);
    }
  });

  it('refuses a thread count that is not a positive integer', () => {
    const run = evalInstance('micro', 'bbox', '0');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--threads must be an integer 1..64, got "0"/);
  });
});
