import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type EvalReport, finishReport } from '../../src/eval/report.js';
import {
  confusionHeatmap,
  confusionOf,
  escapeHtml,
  jsonForScript,
  renderEvalHtml,
  scriptForHtml,
  writeEvalHtml,
} from '../../src/report-html/index.js';

const EVIL = '<img onerror=x>';
const temp = () => mkdtempSync(join(tmpdir(), 'segkit-html-'));

/** The data the page's script hands to Chart.js, parsed back as the browser would. */
function chartData(html: string): { metric: string; labels: string[]; scores: (number | null)[]; flagged: boolean[] } {
  const match = html.match(/<script type="application\/json" id="scores-data">(.*?)<\/script>/s);
  if (!match) throw new Error('no chart data in the page');
  return JSON.parse(match[1]);
}

// Class 1 is confused with road; class 2 (sky) is on neither side; class 3 (car) is only predicted.
//            pred: road  EVIL  sky  car
const confusion = [
  [8, 2, 0, 1], // gt road
  [1, 3, 0, 0], // gt EVIL
  [0, 0, 0, 0], // gt sky
  [0, 0, 0, 0], // gt car
];
const semantic: EvalReport = finishReport({
  json: { confusion, perClass: [{ id: 0 }, { id: 1 }, { id: 2 }, { id: 3 }] },
  summary: ['mIoU 36.36  pixel accuracy 73.33'],
  metric: 'IoU',
  unit: 'labelled pixels',
  headers: ['id', 'name', 'iou'],
  rows: [
    // road: 8 / (11 + 9 - 8) = 8 / 12; EVIL: 3 / (4 + 5 - 3) = 3 / 6; car: 0 / 1
    { id: 0, name: 'road', score: 8 / 12, share: 11 / 15, absent: false, cells: [0, 'road', 8 / 12] },
    { id: 1, name: EVIL, score: 0.5, share: 4 / 15, absent: false, cells: [1, EVIL, 0.5] },
    { id: 2, name: 'sky', score: null, share: 0, absent: true, cells: [2, 'sky', null] },
    { id: 3, name: 'car', score: 0, share: 0, absent: false, cells: [3, 'car', 0] },
  ],
});

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
  const html = renderEvalHtml(semantic, `report for ${EVIL}`);

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
    const order = ['Alerts (1)', 'mIoU 36.36', 'id="scores"', 'class="heatmap"', 'class="classes"', 'Absent from'].map(
      (s) => body.indexOf(s),
    );
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('gives the chart the scores of the present classes worst first, flagged classes marked, no bar for absent ones', () => {
    // mean of the present = (8/12 + 0.5 + 0) / 3 = 0.389: car (0) is below 0.5 and far below it; EVIL (0.5) is neither.
    expect(chartData(html)).toEqual({
      metric: 'IoU',
      labels: ['car', EVIL, 'road'],
      scores: [0, 0.5, 8 / 12],
      flagged: [true, false, false],
    });
  });

  it('lists the absent class once, at the end, and nowhere else', () => {
    const tail = html.slice(html.indexOf('Absent from'));
    expect(tail).toContain('Absent from ground truth and prediction (1)');
    expect(tail).toContain('2 sky');
    const table = html.slice(
      html.indexOf('class="classes"'),
      html.indexOf('</table>', html.indexOf('class="classes"')),
    );
    expect(table).not.toContain('sky');
    expect(chartData(html).labels).not.toContain('sky');
  });

  it('draws the semantic confusion matrix as a table with one row per ground-truth class', () => {
    const table = html.slice(
      html.indexOf('class="heatmap"'),
      html.indexOf('</table>', html.indexOf('class="heatmap"')),
    );
    expect(table.match(/<tr><th scope="row">/g)).toHaveLength(4);
    expect(table).toContain('<th scope="row">&lt;img onerror=x&gt;</th>');
    expect(table).toContain('title="road → &lt;img onerror=x&gt;: 2 pixels (18.2% of road)"');
  });

  it('lists the present classes worst first with 4 decimals, flagged ones marked', () => {
    const rows = [
      ...html.matchAll(/<tr( class="flagged")?><td class="num">(\d+)<\/td><td>[^<]*<\/td><td class="num">([^<]*)</g),
    ];
    expect(rows.map((r) => [r[2], r[3], r[1] !== undefined])).toEqual([
      ['3', '0', true], // integers print as they are
      ['1', '0.5000', false],
      ['0', '0.6667', false],
    ]);
  });

  it('has no heatmap for reports without a confusion matrix (instance, panoptic)', () => {
    const instance = renderEvalHtml(
      { ...semantic, json: { stats: [], perClass: [], alerts: [] }, alerts: [], metric: 'AP' },
      'instance',
      '',
    );
    expect(instance).not.toContain('class="heatmap"');
    expect(instance).toContain('No alerts');
    expect(chartData(instance).metric).toBe('AP');
  });

  it('writeEvalHtml(path, ...) writes the page, creating the folder', async () => {
    const path = join(temp(), 'deep', 'report.html');
    await writeEvalHtml(path, semantic, 'written');
    expect(readFileSync(path, 'utf8')).toBe(renderEvalHtml(semantic, 'written'));
  });
});
