import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writePng } from '@segkit/jobs';
import type { Alert } from '@segkit/metrics';
import { describe, expect, it } from 'vitest';
import type { EvalReport } from '../src/commands/eval-output.js';
import { escapeHtml, jsonForScript, scriptForHtml } from '../src/html-report/escape.js';
import { confusionHeatmap, confusionOf } from '../src/html-report/heatmap.js';
import { renderEvalHtml, writeEvalHtml } from '../src/html-report/render.js';
import { segkit } from './run-cli.js';

const EVIL = '<img onerror=x>';
const temp = () => mkdtempSync(join(tmpdir(), 'segkit-html-'));

/** The data the page's script hands to Chart.js, parsed back as the browser would. */
function chartData(html: string): { metric: string; labels: string[]; scores: (number | null)[]; flagged: boolean[] } {
  const match = html.match(/<script type="application\/json" id="scores-data">(.*?)<\/script>/s);
  if (!match) throw new Error('no chart data in the page');
  return JSON.parse(match[1]);
}

const semantic: EvalReport = {
  json: {
    confusion: [
      [8, 2, 0],
      [1, 3, 0],
      [0, 0, 0],
    ],
  },
  summary: ['mIoU 50.00  pixel accuracy 78.57'],
  metric: 'IoU',
  unit: 'labelled pixels',
  headers: ['id', 'name', 'iou'],
  rows: [
    { id: 0, name: 'road', score: 8 / 11, share: 10 / 14, cells: [0, 'road', 8 / 11] },
    { id: 1, name: EVIL, score: 0.5, share: 4 / 14, cells: [1, EVIL, 0.5] },
    { id: 2, name: 'sky', score: null, share: 0, cells: [2, 'sky', null] },
  ],
};
const alerts: Alert[] = [
  { id: 1, name: EVIL, kinds: ['below-threshold'], score: 0.5, share: 4 / 14, message: `${EVIL} IoU 0.5` },
];

describe('escape', () => {
  it('escapeHtml(text) replaces the five HTML metacharacters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('jsonForScript(value) cannot close its script element and parses back unchanged', () => {
    const value = { name: '</script><script>alert(1)</script>' };
    expect(jsonForScript(value)).not.toContain('<');
    expect(JSON.parse(jsonForScript(value))).toEqual(value);
  });

  it('scriptForHtml(source) escapes </script and <!-- wherever they are', () => {
    expect(scriptForHtml('var s = "</SCRIPT>"; // <!-- x')).toBe('var s = "<\\/SCRIPT>"; // <\\!-- x');
  });
});

describe('confusionHeatmap', () => {
  it('confusionOf(json) returns a square numeric matrix and undefined for anything else', () => {
    expect(confusionOf({ confusion: [[1]] })).toEqual([[1]]);
    expect(confusionOf({ confusion: [[1, 2]] })).toBeUndefined();
    expect(confusionOf({ perClass: [] })).toBeUndefined();
    expect(confusionOf(null)).toBeUndefined();
  });

  it('confusionHeatmap(matrix, names) colours cells by their share of the row and keeps counts in tooltips', () => {
    const html = confusionHeatmap(
      [
        [3, 1],
        [0, 0],
      ],
      ['a', 'b'],
    );
    expect(html).toContain('title="a → a: 3 pixels (75.0% of a)"');
    expect(html).toContain('title="a → b: 1 pixels (25.0% of a)"');
    // 75% of the row: dark, light text; a row without ground truth: white.
    expect(html).toMatch(/style="background:rgb\(\d+,\d+,\d+\);color:#fff" title="a → a/);
    expect(html).toContain('style="background:rgb(255,255,255)" title="b → b: 0 pixels (0.0% of b)"');
  });
});

describe('renderEvalHtml', () => {
  const html = renderEvalHtml(semantic, alerts, `report for ${EVIL}`);

  it('escapes class names, alerts and the title everywhere they appear', () => {
    expect(html).not.toContain(EVIL);
    expect(html).toContain('&lt;img onerror=x&gt;');
    expect(html).toContain(`<title>report for &lt;img onerror=x&gt;</title>`);
  });

  it('inlines Chart.js and loads nothing from the network', () => {
    expect(html).toMatch(/<script>\/\*!\s*\n \* Chart\.js v4\./);
    expect(html).not.toMatch(/<script[^>]*\ssrc=/);
    expect(html).not.toMatch(/<link[^>]*\shref=/);
    expect(html).toContain("default-src 'none'");
  });

  it('puts alerts and summary first, then the chart, heatmap and table', () => {
    const body = html.slice(html.indexOf('<body>'));
    const order = ['Alerts (1)', 'mIoU 50.00', 'id="scores"', 'class="heatmap"', 'class="classes"'].map((s) =>
      body.indexOf(s),
    );
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('gives the chart the scores worst first, unscored classes last, flagged classes marked', () => {
    expect(chartData(html)).toEqual({
      metric: 'IoU',
      labels: [EVIL, 'road', 'sky'],
      scores: [0.5, 8 / 11, null],
      flagged: [true, false, false],
    });
  });

  it('draws the semantic confusion matrix as a table with one row per ground-truth class', () => {
    const table = html.slice(
      html.indexOf('class="heatmap"'),
      html.indexOf('</table>', html.indexOf('class="heatmap"')),
    );
    expect(table.match(/<tr><th scope="row">/g)).toHaveLength(3);
    expect(table).toContain('<th scope="row">&lt;img onerror=x&gt;</th>');
    expect(table).toContain('title="road → &lt;img onerror=x&gt;: 2 pixels (20.0% of road)"');
  });

  it('lists the classes worst first with 4 decimals and "-" for missing scores', () => {
    const rows = [
      ...html.matchAll(/<tr( class="flagged")?><td class="num">(\d+)<\/td><td>[^<]*<\/td><td class="num">([^<]*)</g),
    ];
    expect(rows.map((r) => [r[2], r[3], r[1] !== undefined])).toEqual([
      ['1', '0.5000', true],
      ['0', '0.7273', false],
      ['2', '-', false],
    ]);
  });

  it('has no heatmap for reports without a confusion matrix (instance, panoptic)', () => {
    const instance = renderEvalHtml({ ...semantic, json: { stats: [] }, metric: 'AP' }, [], 'instance', '');
    expect(instance).not.toContain('class="heatmap"');
    expect(instance).toContain('No alerts');
    expect(chartData(instance).metric).toBe('AP');
  });

  it('writeEvalHtml(path, ...) writes the page, creating the folder', async () => {
    const path = join(temp(), 'deep', 'report.html');
    await writeEvalHtml(path, semantic, alerts, 'written');
    expect(readFileSync(path, 'utf8')).toBe(renderEvalHtml(semantic, alerts, 'written'));
  });
});

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
    expect(chartData(html).labels).toEqual([EVIL, 'road', 'sky']);
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
