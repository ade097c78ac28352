import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writePng } from '@segkit/jobs';
import { describe, expect, it } from 'vitest';
import { segkit } from './run-cli.js';

const EVIL = '<img onerror=x>';
const temp = () => mkdtempSync(join(tmpdir(), 'segkit-html-'));

/** The data the page's script hands to Chart.js, parsed back as the browser would. */
function chartData(html: string): { metric: string; labels: string[]; scores: (number | null)[]; flagged: boolean[] } {
  const match = html.match(/<script type="application\/json" id="scores-data">(.*?)<\/script>/s);
  if (!match) throw new Error('no chart data in the page');
  return JSON.parse(match[1]);
}

describe('segkit eval semantic --html', () => {
  it('writes the page next to the usual text output for a 2-image dataset', async () => {
    const dir = temp();
    const gt = join(dir, 'gt');
    const pred = join(dir, 'pred');
    await mkdir(gt);
    await mkdir(pred);
    const png = (pixels: number[]) => ({ width: 4, height: 2, channels: 1, depth: 8, data: Uint8Array.from(pixels) });
    // Class 1 (the injected name) is half missed in image a; class 2 never appears.
    await writePng(join(gt, 'a.png'), png([0, 0, 1, 1, 0, 0, 1, 1]));
    await writePng(join(pred, 'a.png'), png([0, 0, 1, 0, 0, 0, 1, 0]));
    await writePng(join(gt, 'b.png'), png([0, 0, 0, 0, 255, 255, 0, 0]));
    await writePng(join(pred, 'b.png'), png([0, 0, 0, 0, 1, 1, 0, 0]));
    writeFileSync(join(dir, 'classes.txt'), `road\n${EVIL}\nsky\n`);
    const out = join(dir, 'report.html');
    const run = segkit(
      'eval',
      'semantic',
      '--gt',
      gt,
      '--pred',
      pred,
      '--num-classes',
      '3',
      '--classes',
      join(dir, 'classes.txt'),
      '--html',
      out,
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(EVIL); // the terminal shows the name as it is
    const html = readFileSync(out, 'utf8');
    expect(html).not.toContain(EVIL);
    expect(html).toContain('<title>segkit eval semantic: ');
    expect(html).toContain('Chart.js v4.');
    // sky (class 2) is on neither side: no bar, listed once at the end.
    expect(chartData(html).labels).toEqual([EVIL, 'road']);
    expect(html).toContain('Absent from ground truth and prediction (1)');
    // gt 0: 10 pixels, 10 right; gt 1: 4 pixels, 2 predicted as road (255 is ignored).
    expect(html).toContain('title="road → road: 10 pixels (100.0% of road)"');
    expect(html).toContain('title="&lt;img onerror=x&gt; → road: 2 pixels (50.0% of &lt;img onerror=x&gt;)"');
  });
});

describe('segkit eval instance|panoptic --html', () => {
  const FIXTURES = new URL('../../../packages/metrics/test/fixtures/', import.meta.url).pathname;

  it.each([
    ['instance', '--gt', `${FIXTURES}cocoeval_s3_gt.json`, '--dt', `${FIXTURES}cocoeval_s3_dt.json`],
    [
      'panoptic',
      '--gt',
      `${FIXTURES}panoptic/synthetic/gt.json`,
      '--pred',
      `${FIXTURES}panoptic/synthetic/pred_a.json`,
    ],
  ])('eval %s writes a page with the chart and the table but no heatmap', (verb, ...args) => {
    const out = join(temp(), 'report.html');
    const run = segkit('eval', verb, ...args, '--format', 'json', '--html', out);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    JSON.parse(run.stdout); // stdout keeps its format
    const html = readFileSync(out, 'utf8');
    expect(chartData(html).metric).toBe(verb === 'instance' ? 'AP' : 'PQ');
    expect(chartData(html).labels.length).toBeGreaterThan(0);
    expect(html).toContain('class="classes"');
    expect(html).not.toContain('class="heatmap"');
  });
});
