import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { segkit } from './run-cli.js';

const CAMVID = new URL('../../../../shared/datasets/camvid/trainannot', import.meta.url).pathname;
const FRUITS = new URL('../../../../shared/datasets/fruits_nuts/annotations/trainval_shared.json', import.meta.url)
  .pathname;
const temp = () => mkdtempSync(join(tmpdir(), 'segkit-sample-'));
if (!existsSync(CAMVID)) console.warn(`segkit sample: skipping the CamVid tests, ${CAMVID} is absent`);
if (!existsSync(FRUITS)) console.warn(`segkit sample: skipping the fruits_nuts test, ${FRUITS} is absent`);

/** A COCO file: three 4 × 4 images, class "cat" in all, class "owl" (one box) only in the third. */
function smallCoco(dir: string): string {
  const box = (id: number, image: number, category: number) => ({
    id,
    image_id: image,
    category_id: category,
    segmentation: [[0, 0, 2, 0, 2, 2, 0, 2]],
    iscrowd: 0,
  });
  const file = join(dir, 'small.json');
  writeFileSync(
    file,
    JSON.stringify({
      images: [1, 2, 3].map((id) => ({ id, file_name: `img${id}.png`, width: 4, height: 4 })),
      categories: [
        { id: 1, name: 'cat' },
        { id: 2, name: 'owl' },
        { id: 3, name: 'unicorn' },
      ],
      annotations: [box(1, 1, 1), box(2, 2, 1), box(3, 3, 1), box(4, 3, 1), box(5, 3, 2)],
    }),
  );
  return file;
}

describe('segkit sample', () => {
  it('--format json prints one object: the rare class first, pilot and gold disjoint, the absent class named', () => {
    const run = segkit('sample', smallCoco(temp()), '--k', '1', '--gold-share', '0.5', '--format', 'json');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    // owl: 1 region of 5 = 20% of regions, the rarest present class; only img3 has it.
    expect(out.pilot).toEqual([
      expect.objectContaining({
        imageId: 3,
        fileName: 'img3.png',
        reasons: [
          "first image with class 'owl' (20.0% of regions, in 1 of 3 images)",
          "also first with 'cat'",
          'density bin 2/2 (3 regions), source all',
        ],
      }),
    ]);
    // round(0.5 · 3) = 2 gold images, from img1 and img2.
    expect(out.gold.map((g: { fileName: string }) => g.fileName).sort()).toEqual(['img1.png', 'img2.png']);
    expect(out.coverage.absent).toEqual(['unicorn']);
    expect(out.notes).toContain("class 'unicorn' (id 3) is in no image: no pick can cover it");
  });

  it('--source-pattern names the sources by its first capture group', () => {
    const run = segkit('sample', smallCoco(temp()), '--source-pattern', '^img(\\d)', '--format', 'json');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).coverage.sources.map((s: { name: string }) => s.name)).toEqual(['1', '2', '3']);
    const bad = segkit('sample', smallCoco(temp()), '--source-pattern', '(');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--source-pattern is not a regular expression/);
  });

  it('bad usage exits 2 with a message naming the flag', () => {
    const file = smallCoco(temp());
    const k = segkit('sample', file, '--k', '0');
    expect(k.status).toBe(2);
    expect(k.stderr).toBe('segkit: --k must be an integer at least 1, got "0"\n');
    const share = segkit('sample', file, '--gold-share', '1.5');
    expect(share.status).toBe(2);
    expect(share.stderr).toMatch(/--gold-share must be a number from 0 to 1, got "1.5"/);
  });

  it('a dataset with a broken annotation exits 1 naming the file and the annotation', () => {
    const dir = temp();
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        images: [{ id: 1, width: 4, height: 4 }],
        categories: [{ id: 1, name: 'a' }],
        annotations: [{ id: 7, image_id: 2, category_id: 1, segmentation: [[0, 0, 1, 0, 1, 1]] }],
      }),
    );
    const run = segkit('sample', file);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/bad\.json: annotation 0 \(id 7\): image_id 2 is not in "images"/);
  });
});

describe.skipIf(!existsSync(CAMVID))('segkit sample on CamVid (../shared/datasets/camvid)', () => {
  it('covers all 11 classes in 11 picks, spreads over the three sequences, same picks for the same seed', () => {
    const dir = temp();
    const names = join(dir, 'names.txt');
    // Class table from camvid/README.md.
    writeFileSync(names, 'Sky\nBuilding\nPole\nRoad\nPavement\nTree\nSignSymbol\nFence\nCar\nPedestrian\nBicyclist\n');
    const args = ['sample', CAMVID, '--from', 'png', '--ignore-index', '11', '--classes', names, '--k', '11'];
    const run = segkit(...args, '--seed', '5', '--format', 'json');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.pilot).toHaveLength(11);
    expect(out.coverage.missing.pilot).toEqual([]);
    // The README: Pole, SignSymbol, Pedestrian and Bicyclist each take about 1% of the pixels or less.
    const rare = out.coverage.classes.filter((c: { rare: boolean }) => c.rare).map((c: { name: string }) => c.name);
    expect(rare).toEqual(expect.arrayContaining(['Pole', 'SignSymbol', 'Pedestrian', 'Bicyclist']));
    expect(out.pilot[0].reasons[0]).toMatch(/^first image with class '(Bicyclist|Pedestrian)' \(rare: /);
    // Sequences from the README: 0001TP x4, 0006R0 x7, 0016E5 x13; every one gets picks.
    expect(out.coverage.sources).toEqual([
      expect.objectContaining({ name: '0001TP', images: 4 }),
      expect.objectContaining({ name: '0006R0', images: 7 }),
      expect.objectContaining({ name: '0016E5', images: 13 }),
    ]);
    for (const source of out.coverage.sources) expect(source.pilot).toBeGreaterThan(0);
    // 10% of 24 images, rounded: 2, none in the pilot.
    expect(out.gold).toHaveLength(2);
    const again = segkit(...args, '--seed', '5', '--format', 'json');
    expect(again.stdout).toBe(run.stdout);
  });

  it('text output says why each image was chosen', () => {
    const run = segkit('sample', CAMVID, '--from', 'png', '--ignore-index', '11', '--k', '3');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /^pilot: 3 of 24 images \(--k 3, --seed 1\)\n {2}1\. \S+\.png {2}\[source \S+, \d+ regions\]\n/,
    );
    expect(run.stdout).toContain("- first image with class 'class_10' (rare: 0.3% of pixels, in 15 of 24 images)");
    expect(run.stdout).toContain('gold set: 2 images (--gold-share 0.1 of 24), none in the pilot');
  });
});

describe.skipIf(!existsSync(FRUITS))('segkit sample on fruits_nuts (../shared/datasets/fruits_nuts)', () => {
  it('--k 20 on 12 images: every image in the pilot, a note, no gold set', () => {
    const run = segkit('sample', FRUITS, '--k', '20', '--format', 'json');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.pilot).toHaveLength(12);
    expect(out.gold).toEqual([]);
    expect(out.notes).toContain('--k 20 is more than the 12 images of the dataset: the pilot is every image');
    // README: date 53, fig 26, hazelnut 34 annotations.
    const regions = Object.fromEntries(
      out.coverage.classes.map((c: { name: string; regionShare: number }) => [c.name, Math.round(c.regionShare * 113)]),
    );
    expect(regions).toEqual({ date: 53, fig: 26, hazelnut: 34 });
  });
});
