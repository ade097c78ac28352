import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { segkit } from './run-cli.js';

const CAMVID = new URL('../../../../shared/datasets/camvid/trainannot', import.meta.url).pathname;
const DSB = new URL('../../../../shared/datasets/dsb2018_nuclei/stage1_train', import.meta.url).pathname;
if (!existsSync(CAMVID)) console.warn(`segkit estimate: skipping the CamVid test, ${CAMVID} is absent`);
if (!existsSync(DSB)) console.warn(`segkit estimate: skipping the DSB2018 test, ${DSB} is absent`);
const temp = () => mkdtempSync(join(tmpdir(), 'segkit-estimate-'));

const none = { median: null, p10: null, p90: null, mean: null, min: null, max: null };
/** A hand-made `segkit scope --format json` report at the cost model's reference workload: 4 classes and 8
 * instances per image, complexity 25, no rare class. cars (half the instances) are "polygon". */
function scopeReport(dir: string): string {
  const cls = (id: number, name: string, verdict: string) => ({
    id,
    name,
    instances: 200,
    skipped: 0,
    images: 100,
    pixels: 1000,
    verdict,
    reason: '',
    iou: none,
    boundaryF: none,
    boxIou: none,
    boxBoundaryF: none,
    verticesForTarget: none,
    baselineIou: none,
    baselineBoundaryF: none,
    area: none,
    complexity: { ...none, median: 25 },
    holes: none,
    parts: none,
    meanWidth: none,
  });
  const file = join(dir, 'scope.json');
  writeFileSync(
    file,
    JSON.stringify({
      dataset: { input: 'x.json', from: 'coco', images: 100, regions: 800, semantic: false },
      settings: { vertices: 20, tolerance: 2, targetIou: 0.95, minArea: 20, rules: {} },
      perClass: [
        cls(1, 'car', 'polygon'),
        cls(2, 'bus', 'polygon'),
        cls(3, 'tree', 'segmentation'),
        cls(4, 'sky', 'segmentation'),
      ],
    }),
  );
  return file;
}

describe('segkit estimate --scope', () => {
  it('--format json: the published ratios at the reference workload, project with the gold set, savings', () => {
    const run = segkit(
      'estimate',
      '--scope',
      scopeReport(temp()),
      '--types',
      'instance,box',
      '--images',
      '1000',
      '--price',
      '0.1',
      '--format',
      'json',
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.perType.map((t: { type: string }) => t.type)).toEqual(['instance', 'box']);
    const instance = out.perType[0];
    expect(instance.perImage).toEqual({ low: 10, expected: 12.5, high: 15 });
    // 1000 images + 10% gold labelled once more = 1100 labellings.
    expect(instance.project).toEqual({ low: 11000, expected: 13750, high: 16500 });
    expect(instance.projectCost.expected).toBeCloseTo(1375, 9);
    // Half the instances as polygons: 0.5 · 4 + 0.5 · 12.5 = 8.25 per image, 4.25 saved.
    expect(instance.savings.mixedPerImage.expected).toBe(8.25);
    expect(instance.savings.perImage.expected).toBe(4.25);
    expect(instance.savings.classes.map((c: { name: string }) => c.name)).toEqual(['car', 'bus']);
  });

  it('text output: one row per type, low/expected/high per image, then per project, then the savings', () => {
    const run = segkit('estimate', '--scope', scopeReport(temp()), '--types', 'polygon,semantic', '--images', '10');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('4.0 classes and 8.0 instances per image, boundary complexity 25.0');
    expect(run.stdout).toMatch(/\npolygon +3-5x +x1\.00 +3 +4 +5\n/);
    expect(run.stdout).toMatch(/\nsemantic +8-12x +x1\.00 +8 +10 +12\n/);
    // 10 images and a 10% gold set labelled once more: 11 image-labellings.
    expect(run.stdout).toMatch(/\npolygon +33 +44 +55\n/);
    expect(run.stdout).toMatch(/\nsemantic +88 +110 +132\n/);
    // Half the instances (car, bus) as polygons: 0.5 · 4 + 0.5 · 10 = 7, so 3 (30%) saved per image;
    // over 11 labellings, low 11 · (8 − 5.5) = 27.5 and high 11 · (12 − 8.5) = 38.5 box-images.
    expect(run.stdout).toMatch(/\nsemantic +2 +3 \(30\.0%\) +28-39\n/);
    expect(run.stdout).toContain('moved as polygon instead of semantic: car, bus');
    // Polygon is the verdict itself: nothing is cheaper, so no saving row, one line saying so.
    expect(run.stdout).not.toMatch(/\npolygon +0/);
    expect(run.stdout).toContain('polygon: no saving');
  });

  it('a model file with a typo exits 1 naming the file, the key and the closest valid key', () => {
    const dir = temp();
    const model = join(dir, 'model.json');
    writeFileSync(model, JSON.stringify({ ratios: { polygon: { low: 3, expectd: 4, high: 5 } } }));
    const run = segkit('estimate', '--scope', scopeReport(dir), '--model', model);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/model\.json: unknown key "expectd" in "ratios.polygon" \(did you mean 'expected'\?\)/);
  });

  it('a model file with low above high exits 1 naming the type', () => {
    const dir = temp();
    const model = join(dir, 'model.json');
    writeFileSync(model, JSON.stringify({ ratios: { instance: { low: 16 } } }));
    const run = segkit('estimate', '--scope', scopeReport(dir), '--model', model);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /ratios\.instance: must have low ≤ expected ≤ high, got low 16, expected 12\.5, high 15/,
    );
  });

  it('bad usage exits 2: an unknown type (with a suggestion), a negative price, nothing to estimate', () => {
    const file = scopeReport(temp());
    const type = segkit('estimate', '--scope', file, '--types', 'semantc');
    expect(type.status).toBe(2);
    expect(type.stderr).toMatch(/--types: unknown annotation type "semantc" \(did you mean 'semantic'\?\)/);
    const price = segkit('estimate', '--scope', file, '--price', '-3');
    expect(price.status).toBe(2);
    expect(price.stderr).toMatch(/--price must be a number ≥ 0, got "-3"/);
    const nothing = segkit('estimate');
    expect(nothing.status).toBe(2);
    expect(nothing.stderr).toMatch(/estimate needs a DATASET or --scope REPORT\.json/);
  });

  it('--print-model prints the model in use, which --model accepts back', () => {
    const dir = temp();
    const run = segkit('estimate', '--print-model');
    expect(run.status).toBe(0);
    const model = JSON.parse(run.stdout);
    expect(model.ratios.panoptic).toEqual({ low: 12, expected: 15, high: 18 });
    writeFileSync(join(dir, 'm.json'), run.stdout);
    expect(segkit('estimate', '--scope', scopeReport(dir), '--model', join(dir, 'm.json')).status).toBe(0);
  });
});

describe.skipIf(!existsSync(CAMVID))('segkit estimate on CamVid (../shared/datasets/camvid)', () => {
  it('a dataset alone: cost per type from the measured workload, savings need --scope', () => {
    const run = segkit('estimate', CAMVID, '--from', 'png', '--ignore-index', '11', '--format', 'json');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.workload.images).toBe(24);
    // Every CamVid frame shows most of the 11 classes (README: road, building and sky everywhere).
    expect(out.workload.classesPerImage).toBeGreaterThan(8);
    expect(out.workload.classesPerImage).toBeLessThanOrEqual(11);
    expect(out.perType.map((t: { savings: unknown }) => t.savings)).toEqual([null, null, null, null, null]);
    expect(out.notes).toContain('savings need --scope REPORT.json (the per-class verdicts of segkit scope)');
    for (const t of out.perType) expect(t.perImage.low).toBeLessThanOrEqual(t.perImage.high);
  });

  it('with the scope report and a price: every line within 80 columns, only box and polygon classes moved, one unit per sentence', () => {
    const dir = temp();
    const report = join(dir, 'scope.json');
    const scope = segkit('scope', CAMVID, '--from', 'png', '--ignore-index', '11', '--format', 'json');
    expect(scope.status).toBe(0);
    writeFileSync(report, scope.stdout);
    const run = segkit(
      'estimate',
      CAMVID,
      '--from',
      'png',
      '--ignore-index',
      '11',
      '--scope',
      report,
      '--price',
      '0.05',
    );
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    // Characters, not UTF-16 units ("²" and "→" are one column each).
    expect(Math.max(...lines.map((line) => [...line].length))).toBeLessThanOrEqual(80);
    const verdicts = new Map<string, string>(
      JSON.parse(scope.stdout).perClass.map((c: { name: string; verdict: string }) => [c.name, c.verdict]),
    );
    // A moved list runs on over indented lines, up to the next line that starts at column 0.
    const movedLines = `${run.stdout}.`.match(/^moved as (box|polygon) instead of [^:]+: [\s\S]*?(?=\n\S)/gm) ?? [];
    expect(movedLines.length).toBeGreaterThan(0);
    for (const line of movedLines) {
      const [, verdict] = line.match(/^moved as (\w+)/)!;
      const names = line
        .slice(line.indexOf(': ') + 2)
        .split(/,\s+/)
        .map((n) => n.trim());
      for (const name of names) expect(verdicts.get(name)).toBe(verdict);
    }
    // Rarity on class maps is in pixels; the instance share of the rare classes is its own sentence.
    const rare = lines.findIndex((line) => line.startsWith('rare classes'));
    const held = lines.findIndex((line) => line.startsWith('  they hold'));
    expect(lines[rare]).toContain('share of pixels');
    expect(held).toBeGreaterThan(rare);
    expect(lines.slice(rare, held).join(' ')).not.toContain('instances');
    expect(lines[held]).toMatch(/^ {2}they hold [\d.]+% of the instances/);
    expect(lines[held]).not.toContain('pixels');
  });
});

describe.skipIf(!existsSync(DSB))('segkit estimate on DSB2018 (../shared/datasets/dsb2018_nuclei)', () => {
  it('one class, 1626 nuclei on 24 images (README): 67.75 instances per image', () => {
    const run = segkit('estimate', DSB, '--types', 'polygon', '--format', 'json');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.workload.classesPerImage).toBe(1);
    expect(out.workload.instancesPerImage).toBe(1626 / 24);
  });
});
