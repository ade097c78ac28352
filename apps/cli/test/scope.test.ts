import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { segkit } from './run-cli.js';

const CAMVID_VAL = new URL('../../../../shared/datasets/camvid/valannot', import.meta.url).pathname;
const CAMVID_VAL_IMAGES = new URL('../../../../shared/datasets/camvid/val', import.meta.url).pathname;
const FRUITS = new URL('../../../../shared/datasets/fruits_nuts/', import.meta.url).pathname;
if (!existsSync(CAMVID_VAL)) console.warn(`segkit scope: skipping the CamVid tests, ${CAMVID_VAL} is absent`);
if (!existsSync(FRUITS)) console.warn(`segkit scope: skipping the fruits_nuts test, ${FRUITS} is absent`);
const temp = () => mkdtempSync(join(tmpdir(), 'segkit-scope-'));

/** An uncompressed COCO RLE of the pixels `inside(x, y)` of a 64 × 64 image. */
function mask(inside: (x: number, y: number) => boolean) {
  const data = new Uint8Array(64 * 64);
  for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) data[y * 64 + x] = inside(x, y) ? 1 : 0;
  return { size: [64, 64], counts: Array.from(encode({ height: 64, width: 64, data }).counts) };
}

/**
 * Four images, each with a 12 × 12 square (class "tile": a box is exact), a disc of radius 9 ("coin":
 * a box fills 79% of it, a 20-gon follows it) and a comb with 12 one-pixel teeth ("comb": 20
 * vertices cannot follow 48 corners); class "ghost" has no annotation.
 */
function shapesDataset(dir: string): string {
  const annotations = [];
  for (let image = 1; image <= 4; image++) {
    const s = 2 + image;
    annotations.push(
      { image_id: image, category_id: 1, segmentation: mask((x, y) => x >= s && x < s + 12 && y >= 2 && y < 14) },
      {
        image_id: image,
        category_id: 2,
        segmentation: mask((x, y) => (x + 0.5 - 40 - image) ** 2 + (y + 0.5 - 14) ** 2 <= 81),
      },
      {
        image_id: image,
        category_id: 3,
        segmentation: mask((x, y) => x >= 8 && x < 32 && ((y >= 30 && y < 33) || (y >= 33 && y < 40 && x % 2 === 0))),
      },
    );
  }
  const file = join(dir, 'shapes.json');
  writeFileSync(
    file,
    JSON.stringify({
      images: [1, 2, 3, 4].map((id) => ({ id, file_name: `shapes${id}.png`, width: 64, height: 64 })),
      categories: [
        { id: 1, name: 'tile' },
        { id: 2, name: 'coin' },
        { id: 3, name: 'comb' },
        { id: 4, name: 'ghost' },
      ],
      annotations: annotations.map((a, i) => ({ id: i + 1, iscrowd: 0, ...a })),
    }),
  );
  return file;
}

describe('segkit scope', () => {
  it('segkit scope --format json gives box, polygon and segmentation verdicts with their distributions', () => {
    const file = shapesDataset(temp());
    const result = segkit('scope', file, '--format', 'json');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.dataset).toMatchObject({ images: 4, regions: 12, semantic: false, crowdSkipped: 0 });
    expect(report.settings).toMatchObject({ vertices: 20, tolerance: 2, targetIou: 0.95, minArea: 20 });
    const byName = Object.fromEntries(report.perClass.map((c: { name: string }) => [c.name, c]));
    expect(byName.tile).toMatchObject({ id: 1, instances: 4, verdict: 'box', boxShare: 1 });
    expect(byName.tile.iou).toMatchObject({ median: 1, p10: 1, min: 1 });
    expect(byName.tile.verticesForTarget.median).toBe(4);
    expect(byName.coin).toMatchObject({ instances: 4, verdict: 'polygon', boxShare: 0, polygonShare: 1 });
    // A disc of radius 9 fills about π/4 of its box.
    expect(byName.coin.boxIou.median).toBeGreaterThan(0.75);
    expect(byName.coin.boxIou.median).toBeLessThan(0.82);
    expect(byName.comb).toMatchObject({ instances: 4, verdict: 'segmentation', polygonShare: 0 });
    expect(byName.comb.verticesForTarget.median).toBeGreaterThan(20);
    expect(byName.ghost).toMatchObject({ instances: 0, verdict: 'segmentation', polygonShare: null });
    expect(byName.ghost.iou.median).toBeNull();
  });

  it('segkit scope prints a table with the rule, and writes an HTML page of examples', () => {
    const dir = temp();
    const file = shapesDataset(dir);
    const html = join(dir, 'scope.html');
    const result = segkit('scope', file, '--html', html, '--examples', '2');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('boundary F ≥ 0.9 at 2 px');
    expect(result.stdout).toMatch(/tile\s+4\s+box/);
    expect(result.stdout).toMatch(/comb\s+4\s+segmentation/);
    const page = readFileSync(html, 'utf8');
    expect(page.match(/<svg /g)).toHaveLength(6);
    expect(page).toContain('shapes1.png');
  });

  it('segkit scope --vertices 4 turns the coins into segmentation (verdict follows the budget)', () => {
    const report = JSON.parse(segkit('scope', shapesDataset(temp()), '--vertices', '4', '--format', 'json').stdout);
    expect(report.perClass.find((c: { name: string }) => c.name === 'coin').verdict).toBe('segmentation');
  });

  it('segkit estimate reads what segkit scope --format json wrote, and prices its verdicts', () => {
    const dir = temp();
    const report = join(dir, 'scope.json');
    writeFileSync(report, segkit('scope', shapesDataset(dir), '--format', 'json').stdout);
    const run = segkit('estimate', '--scope', report, '--types', 'instance', '--images', '100', '--format', 'json');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const estimate = JSON.parse(run.stdout);
    const [instance] = estimate.perType;
    expect(instance.type).toBe('instance');
    // tile (box) and coin (polygon) are priced as the cheaper shape; comb stays a mask.
    expect(instance.savings.classes.map((c: { name: string }) => c.name)).toEqual(['tile', 'coin']);
    expect(instance.savings.perImage.expected).toBeGreaterThan(0);
  });

  it('segkit scope, sample and estimate name the file and annotation with an unknown class; bad settings are usage', () => {
    const dir = temp();
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        images: [{ id: 1, width: 8, height: 8 }],
        categories: [{ id: 1, name: 'a' }],
        annotations: [{ id: 7, image_id: 1, category_id: 9, segmentation: [[0, 0, 4, 0, 4, 4]] }],
      }),
    );
    // scope, sample and estimate check annotations alike, and name the file and the annotation.
    for (const verb of ['scope', 'sample', 'estimate']) {
      const unknown = segkit(verb, file);
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toContain('bad.json: annotation 0 (id 7): category_id 9 is not in "categories"');
    }
    expect(segkit('scope', file, '--tolerance', '65').status).toBe(2);
    const shapes = shapesDataset(dir);
    expect(segkit('scope', shapes, '--vertices', '2').status).toBe(2);
    expect(segkit('scope', shapes, '--share', '1.5').stderr).toContain('--share must be a number from 0 to 1');
    expect(segkit('scope', shapes, '--regions', 'blobs').status).toBe(2);
    writeFileSync(join(dir, 'broken.json'), '{"images": [');
    const broken = segkit('scope', join(dir, 'broken.json'));
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain('broken.json');
  });

  it.skipIf(!existsSync(CAMVID_VAL))('segkit scope on CamVid label maps measures connected regions per class', () => {
    const dir = temp();
    const classes = join(dir, 'camvid.txt');
    writeFileSync(
      classes,
      'Sky\nBuilding\nPole\nRoad\nPavement\nTree\nSignSymbol\nFence\nCar\nPedestrian\nBicyclist\n',
    );
    const result = segkit('scope', CAMVID_VAL, '--ignore-index', '11', '--classes', classes, '--format', 'json');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.dataset).toMatchObject({ from: 'png', images: 8, semantic: true });
    expect(report.perClass.map((c: { name: string }) => c.name)).toEqual(
      'Sky Building Pole Road Pavement Tree SignSymbol Fence Car Pedestrian Bicyclist'.split(' '),
    );
    for (const c of report.perClass) {
      expect(['box', 'polygon', 'segmentation']).toContain(c.verdict);
      expect(c.instances + c.skipped).toBeGreaterThan(0);
    }
  });

  it('segkit scope marks verdicts from fewer than 10 regions, in the table, the reasons and the JSON', () => {
    const file = shapesDataset(temp());
    const text = segkit('scope', file);
    expect(text.status).toBe(0);
    // 4 regions per class: every verdict carries the caveat.
    expect(text.stdout).toMatch(/tile\s+4\s+box\*/);
    expect(text.stdout).toContain('(*: verdict from fewer than 10 regions)');
    expect(text.stdout).toContain('  tile: box (only 4 regions, under 10: too few for a firm verdict) — ');
    // The class without an annotation is named once, at the end, with no table row or reason.
    expect(text.stdout).toContain('\nno region measured (no verdict): ghost');
    expect(text.stdout.match(/ghost/g)).toHaveLength(1);
    const json = JSON.parse(segkit('scope', file, '--format', 'json').stdout);
    const byName = Object.fromEntries(json.perClass.map((c: { name: string }) => [c.name, c]));
    expect(byName.tile.caveat).toBe('only 4 regions, under 10: too few for a firm verdict');
    expect(byName.ghost.caveat).toBe('no region measured: the verdict is a default');
  });

  it('segkit scope --html opens with the summary table and lists the class without regions once', () => {
    const dir = temp();
    const html = join(dir, 'scope.html');
    expect(segkit('scope', shapesDataset(dir), '--html', html).status).toBe(0);
    const page = readFileSync(html, 'utf8');
    const summary = page.indexOf('<table class="summary">');
    expect(summary).toBeGreaterThan(0);
    expect(summary).toBeLessThan(page.indexOf('<section'));
    for (const [name, verdict] of [
      ['tile', 'box'],
      ['coin', 'polygon'],
      ['comb', 'segmentation'],
    ]) {
      expect(page).toContain(`>${name}</a></td><td>4</td><td><span class="verdict ${verdict}">${verdict}*</span>`);
    }
    expect(page.match(/<section/g)).toHaveLength(3);
    expect(page).toContain('No region measured (no verdict): ghost.');
    expect(page.match(/ghost/g)).toHaveLength(1);
  });

  it('segkit scope --threads 2 prints the same JSON as --threads 1; bad --threads and --images alone are usage', () => {
    const dir = temp();
    const file = shapesDataset(dir);
    const one = segkit('scope', file, '--threads', '1', '--format', 'json');
    const two = segkit('scope', file, '--threads', '2', '--format', 'json');
    expect(one.status).toBe(0);
    expect(two.status).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(segkit('scope', file, '--threads', '0').status).toBe(2);
    const alone = segkit('scope', file, '--images', dir);
    expect(alone.status).toBe(2);
    expect(alone.stderr).toContain('--html');
  });

  it('segkit scope --progress writes progress lines to a stderr that is not a terminal; quiet without it', () => {
    const file = shapesDataset(temp());
    const quiet = segkit('scope', file, '--format', 'json');
    expect(quiet.stderr).toBe('');
    const loud = segkit('scope', file, '--progress', '--format', 'json');
    expect(loud.status).toBe(0);
    // 12 annotations: the final line at least, at 100%.
    expect(loud.stderr).toMatch(/^segkit: measuring annotations 12\/12 \(100%\), \d+ s$/m);
    expect(JSON.parse(loud.stdout).dataset.regions).toBe(12);
  });

  it.skipIf(!existsSync(CAMVID_VAL))('segkit scope --images draws the CamVid photos under the examples', () => {
    const dir = temp();
    const html = join(dir, 'scope.html');
    const run = segkit(
      'scope',
      CAMVID_VAL,
      '--ignore-index',
      '11',
      '--html',
      html,
      '--images',
      CAMVID_VAL_IMAGES,
      '--examples',
      '1',
    );
    expect(run.status).toBe(0);
    const page = readFileSync(html, 'utf8');
    const images = page.match(/<image [^>]*href="data:image\/png;base64,/g) ?? [];
    // One example per class with regions: each drawn over its photo (all 8 val photos are PNGs).
    expect(images.length).toBe(page.match(/<svg /g)?.length);
    expect(images.length).toBeGreaterThan(5);
    expect(page).not.toContain('Images not drawn');
  });

  it.skipIf(!existsSync(FRUITS))('segkit scope --images names the JPEG photos it leaves out (fruits_nuts)', () => {
    const dir = temp();
    const html = join(dir, 'scope.html');
    const run = segkit(
      'scope',
      `${FRUITS}annotations/trainval_shared.json`,
      '--html',
      html,
      '--images',
      `${FRUITS}images`,
      '--examples',
      '1',
    );
    expect(run.status).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).not.toContain('<image ');
    expect(page).toMatch(/Images not drawn: JPEG, not drawn \(no pure JPEG decoder in segkit\): \d+ \(/);
  });
});
