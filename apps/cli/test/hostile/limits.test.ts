/**
 * Issue 10, part 2: no input makes segkit use unbounded memory or time. Every hostile input is made
 * here (a valid 0.9 MB PNG of 30000×30000, a COCO record of 40000×40000, a 2^20 + 1-vertex polygon,
 * sparse "600 MB" files), fed to the real CLI in a child process, and must be refused at once: exit
 * status 1, one line with the code LIMIT naming the file and the item, under 10 s and 1 GiB of peak
 * memory. Raising the limit (flag or environment variable, the flag winning) lets a case through
 * where that is cheap.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cocoDocument,
  expectRefused,
  expectWithinCeiling,
  flatPolygon,
  pngBomb,
  pointPairs,
  runSegkit,
  scratch,
  sparseFile,
  writeJson,
} from './limits-helpers.js';

const PIXELS_OVER = 'over the limit of 268,435,456 pixels per image; raise it with --max-pixels N or SEGKIT_MAX_PIXELS';
/** 2^20 + 1: one vertex over the default limit. */
const VERTICES_OVER = 2 ** 20 + 1;

/** Output paths per writer: a file for the one-file formats, else a folder. */
const WRITERS: [format: string, output: string][] = [
  ['coco', 'out.json'],
  ['coco-results', 'results.json'],
  ['coco-panoptic', 'panoptic.json'],
  ['png', 'png'],
  ['binary-masks', 'masks'],
  ['cityscapes', 'cityscapes'],
  ['labelme', 'labelme'],
  ['cvat', 'annotations.xml'],
  ['label-studio', 'tasks.json'],
  ['voc', 'voc'],
];

describe('pixels: a record or header over --max-pixels (2^28 by default) is refused before anything is allocated', () => {
  const dir = scratch();
  const coco = writeJson(dir, 'huge.json', cocoDocument(40000, 40000));

  it.each(WRITERS)(
    'convert a COCO image record of 40000×40000 --to %s: refused, naming the file and the image',
    (to, output) => {
      const out = join(scratch(), output);
      const run = runSegkit(['convert', coco, out, '--from', 'coco', '--to', to]);
      expectRefused(run, `${coco}: image 0 (id 7): street.jpg (40000×40000) has 1,600,000,000 pixels`, PIXELS_OVER);
      expect(existsSync(out)).toBe(false);
    },
  );

  it.each([
    ['validate', [coco]],
    ['scope', [coco, '--from', 'coco']],
    ['sample', [coco, '--from', 'coco']],
    ['estimate', [coco, '--from', 'coco']],
    ['eval instance', ['--gt', coco, '--dt', writeJson(dir, 'dt.json', [])]],
  ] as const)('%s on the same record: refused the same way', (verb, args) => {
    expectRefused(
      runSegkit([...verb.split(' '), ...args]),
      coco,
      'image 0 (id 7): street.jpg (40000×40000)',
      PIXELS_OVER,
    );
  });

  it('a Cityscapes document of 40000 px: convert --to cityscapes and --to coco refuse it, naming the document', () => {
    const folder = join(dir, 'cityscapes');
    mkdirSync(folder);
    const doc = writeJson(folder, 'a_000000_000019_gtFine_polygons.json', {
      imgHeight: 40000,
      imgWidth: 40000,
      objects: [
        {
          label: 'car',
          polygon: [
            [0, 0],
            [39999, 0],
            [39999, 39999],
          ],
        },
      ],
    });
    for (const [to, output] of [
      ['cityscapes', 'rendered'],
      ['coco', 'out.json'],
    ]) {
      const run = runSegkit(['convert', folder, join(scratch(), output), '--from', 'cityscapes', '--to', to]);
      expectRefused(run, `${doc}: imgWidth × imgHeight (40000×40000) has 1,600,000,000 pixels`, PIXELS_OVER);
    }
  });

  it('labelme imageWidth × imageHeight, CVAT <image> width × height, Label Studio original_width × original_height', () => {
    const labelme = writeJson(dir, 'shapes.json', {
      version: '5.0.1',
      imagePath: 'a.jpg',
      imageHeight: 40000,
      imageWidth: 40000,
      shapes: [{ label: 'cat', shape_type: 'polygon', points: pointPairs(4) }],
    });
    expectRefused(
      runSegkit(['convert', labelme, join(scratch(), 'out.json'), '--from', 'labelme']),
      `${labelme}: imageWidth × imageHeight (40000×40000)`,
      PIXELS_OVER,
    );
    const cvat = join(dir, 'annotations.xml');
    writeFileSync(
      cvat,
      '<annotations><image id="0" name="a.jpg" width="40000" height="40000"><polygon label="car" points="0,0;4,0;4,4"></polygon></image></annotations>',
    );
    expectRefused(
      runSegkit(['convert', cvat, join(scratch(), 'out.json'), '--from', 'cvat']),
      `${cvat}: image 0 (line 1): the image "a.jpg" (40000×40000)`,
      PIXELS_OVER,
    );
    const tasks = writeJson(dir, 'tasks.json', [
      {
        id: 5,
        data: { image: 'a.jpg' },
        annotations: [
          {
            id: 6,
            result: [
              {
                type: 'polygonlabels',
                original_width: 40000,
                original_height: 40000,
                value: {
                  points: [
                    [0, 0],
                    [50, 0],
                    [50, 50],
                  ],
                  polygonlabels: ['car'],
                },
              },
            ],
          },
        ],
      },
    ]);
    expectRefused(
      runSegkit(['convert', tasks, join(scratch(), 'out.json'), '--from', 'label-studio']),
      `${tasks}: task 0 (id 5): annotation 0 (id 6): result 0: original_width × original_height (40000×40000)`,
      PIXELS_OVER,
    );
  });

  it('a COCO results file whose RLE size is 40000×40000', () => {
    const results = writeJson(dir, 'results.json', [
      { image_id: 1, category_id: 1, score: 0.5, segmentation: { size: [40000, 40000], counts: [1.6e9] } },
    ]);
    expectRefused(
      runSegkit(['convert', results, join(scratch(), 'out.json'), '--from', 'coco-results']),
      `${results}: result 0: its RLE size [40000, 40000] (40000×40000)`,
      PIXELS_OVER,
    );
  });

  it('a valid 0.9 MB PNG of 30000×30000 (it inflates to 900 MB) is refused from its header: png folder, validate, eval semantic', () => {
    const labels = join(dir, 'labels');
    mkdirSync(labels);
    const bomb = join(labels, 'bomb.png');
    writeFileSync(bomb, pngBomb(30000, 30000));
    const header = `${bomb}: the PNG header (30000×30000) has 900,000,000 pixels`;
    expectRefused(runSegkit(['convert', labels, join(scratch(), 'out.json'), '--from', 'png']), header, PIXELS_OVER);
    expectRefused(runSegkit(['validate', labels, '--from', 'png']), header, PIXELS_OVER);
    expectRefused(runSegkit(['eval', 'semantic', '--gt', labels, '--pred', labels, '--num-classes', '2']), header);
    expectRefused(runSegkit(['scope', labels, '--from', 'png']), header);
  });

  it('the same bomb as binary masks, VOC masks, a panoptic PNG (convert and eval panoptic) and a --colors look-up PNG', () => {
    const bomb = pngBomb(30000, 30000);
    const masks = join(dir, 'kaggle', 'img1', 'masks');
    mkdirSync(masks, { recursive: true });
    writeFileSync(join(masks, 'm.png'), bomb);
    expectRefused(
      runSegkit(['convert', join(dir, 'kaggle'), join(scratch(), 'out.json'), '--from', 'binary-masks']),
      join(masks, 'm.png'),
      '(30000×30000)',
    );
    const voc = join(dir, 'voc');
    for (const sub of ['SegmentationObject', 'SegmentationClass']) {
      mkdirSync(join(voc, sub), { recursive: true });
      writeFileSync(join(voc, sub, 'x.png'), bomb);
    }
    expectRefused(
      runSegkit(['convert', voc, join(scratch(), 'out.json'), '--from', 'voc']),
      join(voc, 'SegmentationObject', 'x.png'),
      '(30000×30000)',
    );
    const panoptic = writeJson(dir, 'panoptic.json', {
      images: [{ id: 1, file_name: 'p.jpg', width: 30000, height: 30000 }],
      annotations: [{ image_id: 1, file_name: 'p.png', segments_info: [] }],
      categories: [{ id: 1, name: 'thing', isthing: 1 }],
    });
    mkdirSync(join(dir, 'panoptic'));
    writeFileSync(join(dir, 'panoptic', 'p.png'), pngBomb(30000, 30000, 3));
    const png = join(dir, 'panoptic', 'p.png');
    expectRefused(runSegkit(['eval', 'panoptic', '--gt', panoptic, '--pred', panoptic]), png, '(30000×30000)');
    expectRefused(
      runSegkit(['convert', panoptic, join(scratch(), 'out.json'), '--from', 'coco-panoptic', '--to', 'coco']),
      '(30000×30000)',
    );
    const lut = join(dir, 'lut.png');
    writeFileSync(lut, pngBomb(30000, 30000, 3));
    expectRefused(runSegkit(['convert', join(dir, 'labels'), join(scratch(), 'o.json'), '--colors', lut]), lut);
  });

  it('raising: an image record just over 2^28 converts with --max-pixels, or with SEGKIT_MAX_PIXELS; the flag wins', () => {
    const record = writeJson(dir, 'over.json', cocoDocument(16385, 16384));
    const out = () => join(scratch(), 'out.json');
    expectRefused(runSegkit(['convert', record, out(), '--from', 'coco']), '(16385×16384) has 268,451,840 pixels');
    const raised = runSegkit(['convert', record, out(), '--from', 'coco', '--max-pixels', '268451840']);
    expect(raised.status, raised.stderr).toBe(0);
    const byEnv = runSegkit(['convert', record, out(), '--from', 'coco'], { SEGKIT_MAX_PIXELS: '268451840' });
    expect(byEnv.status, byEnv.stderr).toBe(0);
    const flagWins = runSegkit(['convert', record, out(), '--from', 'coco', '--max-pixels', '268451839'], {
      SEGKIT_MAX_PIXELS: '268451840',
    });
    expectRefused(flagWins, 'over the limit of 268,451,839 pixels');
    const png = join(dir, 'small-labels');
    mkdirSync(png);
    writeFileSync(join(png, 'a.png'), pngBomb(11, 10));
    expectRefused(runSegkit(['validate', png], { SEGKIT_MAX_PIXELS: '109' }), 'the PNG header (11×10) has 110 pixels');
    expect(runSegkit(['validate', png, '--max-pixels', '110'], { SEGKIT_MAX_PIXELS: '109' }).status).toBe(0);
  });
});

describe('classes: a class count or id over --max-classes (65,536 by default) is refused before any table of it', () => {
  const dir = scratch();
  const labels = join(dir, 'labels');
  mkdirSync(labels);
  writeFileSync(join(labels, 'a.png'), pngBomb(4, 4));

  it('eval semantic --num-classes 1000000000 is refused, naming the flag and how to raise it', () => {
    expectRefused(
      runSegkit(['eval', 'semantic', '--gt', labels, '--pred', labels, '--num-classes', '1000000000']),
      '--num-classes has 1,000,000,000 classes, over the limit of 65,536 classes; raise it with --max-classes N or SEGKIT_MAX_CLASSES',
    );
  });

  it('a --classes file or a --colors table with an id of 10^9 is refused, naming the file and the line', () => {
    const classes = join(dir, 'classes.txt');
    writeFileSync(classes, '0 road\n1000000000 car\n');
    expectRefused(
      runSegkit(['eval', 'semantic', '--gt', labels, '--pred', labels, '--num-classes', '2', '--classes', classes]),
      `${classes}: line 2 (class id 1000000000, counting from 0)`,
    );
    const colors = writeJson(dir, 'colors.json', [{ id: 1e9, color: [1, 2, 3] }]);
    expectRefused(runSegkit(['convert', labels, join(scratch(), 'o.json'), '--colors', colors]), `${colors}: entry 0`);
  });

  it('raising: --max-classes lets a count through that SEGKIT_MAX_CLASSES refuses (the flag wins)', () => {
    const args = ['eval', 'semantic', '--gt', labels, '--pred', labels, '--num-classes', '3'];
    expectRefused(runSegkit(args, { SEGKIT_MAX_CLASSES: '2' }), '--num-classes has 3 classes, over the limit of 2');
    const raised = runSegkit([...args, '--max-classes', '3'], { SEGKIT_MAX_CLASSES: '2' });
    expect(raised.status, raised.stderr).toBe(0);
  });
});

describe('vertices: a polygon ring over --max-polygon-vertices (2^20 by default) is refused before it is rasterized', () => {
  const dir = scratch();
  const coco = writeJson(dir, 'coco.json', cocoDocument(64, 64, VERTICES_OVER));
  const over = `1,048,577 vertices, over the limit of 1,048,576 vertices per polygon; raise it with --max-polygon-vertices N or SEGKIT_MAX_POLYGON_VERTICES`;

  it.each([
    ['convert', [coco, join(scratch(), 'png'), '--from', 'coco', '--to', 'png']],
    ['validate', [coco]],
    ['scope', [coco, '--from', 'coco']],
    ['eval instance', ['--gt', coco, '--dt', writeJson(dir, 'dt.json', [])]],
  ] as const)('COCO, %s: refused, naming the annotation and the polygon part', (verb, args) => {
    expectRefused(runSegkit([...verb.split(' '), ...args]), coco, 'annotation 0 (id 3): polygon part 0 has', over);
  });

  it('a Cityscapes polygon of 2^20 + 1 vertices (was: 378 s to draw) is refused before it is drawn', () => {
    const folder = join(dir, 'cityscapes');
    mkdirSync(folder);
    const doc = writeJson(folder, 'a_000000_000019_gtFine_polygons.json', {
      imgHeight: 64,
      imgWidth: 64,
      objects: [{ label: 'car', polygon: pointPairs(VERTICES_OVER) }],
    });
    expectRefused(
      runSegkit(['convert', folder, join(scratch(), 'out'), '--from', 'cityscapes', '--to', 'cityscapes']),
      `${doc}: object 0 (car): the polygon has`,
      over,
    );
  });

  // The other readers parse the same kind of list: held to a lowered limit, so their inputs stay small.
  const LOWER = ['--max-polygon-vertices', '1000'];
  const LOWERED = '1,001 vertices, over the limit of 1,000 vertices per polygon';

  it('labelme, CVAT and Label Studio polygons over the limit (lowered to 1,000 here)', () => {
    const labelme = writeJson(dir, 'shapes.json', {
      version: '5.0.1',
      imagePath: 'a.jpg',
      imageHeight: 64,
      imageWidth: 64,
      shapes: [{ label: 'cat', shape_type: 'polygon', points: pointPairs(1001) }],
    });
    expectRefused(
      runSegkit(['convert', labelme, join(scratch(), 'o.json'), '--from', 'labelme', ...LOWER]),
      `${labelme}: shape 0: polygon "cat" has`,
      LOWERED,
    );
    const xml = join(dir, 'annotations.xml');
    const points = pointPairs(1001)
      .map(([x, y]) => `${x},${y}`)
      .join(';');
    writeFileSync(
      xml,
      `<annotations><image id="0" name="a.jpg" width="64" height="64"><polygon label="car" points="${points}"></polygon></image></annotations>`,
    );
    expectRefused(
      runSegkit(['convert', xml, join(scratch(), 'o.json'), '--from', 'cvat', ...LOWER]),
      `${xml}: image 0 (name "a.jpg"): polygon 0 (line 1): the polygon has`,
      LOWERED,
    );
    const tasks = writeJson(dir, 'tasks.json', [
      {
        id: 5,
        data: { image: 'a.jpg' },
        annotations: [
          {
            id: 6,
            result: [
              {
                type: 'polygonlabels',
                original_width: 64,
                original_height: 64,
                value: { points: pointPairs(1001), polygonlabels: ['car'] },
              },
            ],
          },
        ],
      },
    ]);
    expectRefused(
      runSegkit(['convert', tasks, join(scratch(), 'o.json'), '--from', 'label-studio', ...LOWER]),
      `${tasks}: task 0 (id 5): annotation 0 (id 6): result 0: the polygon has`,
      LOWERED,
    );
  });

  it('raising: --max-polygon-vertices 1048577 converts the polygon (its 2^20 + 1 vertices lie on a 4×4 square: cheap to draw)', () => {
    const run = runSegkit([
      'convert',
      coco,
      join(scratch(), 'out.json'),
      '--from',
      'coco',
      '--max-polygon-vertices',
      '1048577',
    ]);
    expect(run.status, run.stderr).toBe(0);
    const small = writeJson(dir, 'small.json', cocoDocument(8, 8, 4));
    expectRefused(
      runSegkit(['validate', small], { SEGKIT_MAX_POLYGON_VERTICES: '3' }),
      'polygon part 0 has 4 vertices',
    );
    expect(
      runSegkit(['validate', small, '--max-polygon-vertices', '4'], { SEGKIT_MAX_POLYGON_VERTICES: '3' }).status,
    ).toBe(0);
  });
});

describe('file size: a file over --max-file-bytes (2^31 by default) is refused unread, and JSON over the string limit says so', () => {
  const dir = scratch();

  it('a 3 GiB file (sparse) is refused by its size, naming it', () => {
    const huge = sparseFile(join(dir, 'huge.json'), 3 * 2 ** 30);
    expectRefused(
      runSegkit(['convert', huge, join(scratch(), 'o.json'), '--from', 'coco']),
      `${huge}: the file has 3,221,225,472 bytes, over the limit of 2,147,483,648 bytes per file; raise it with --max-file-bytes N or SEGKIT_MAX_FILE_BYTES`,
    );
    const labels = join(dir, 'labels');
    mkdirSync(labels);
    const png = sparseFile(join(labels, 'a.png'), 3 * 2 ** 30);
    expectRefused(runSegkit(['convert', labels, join(scratch(), 'o.json'), '--from', 'png']), `${png}: the file has`);
  });

  it.each([
    ['convert', (f: string) => ['convert', f, join(scratch(), 'o.json'), '--from', 'coco']],
    ['validate', (f: string) => ['validate', f, '--from', 'coco']],
    ['eval instance', (f: string) => ['eval', 'instance', '--gt', f, '--dt', f]],
    ['eval panoptic', (f: string) => ['eval', 'panoptic', '--gt', f, '--pred', f]],
    ['convert --from labelme', (f: string) => ['convert', f, join(scratch(), 'o.json'), '--from', 'labelme']],
  ] as const)(
    'a 600 MiB JSON (sparse), %s: "cannot be parsed in one string; split the file", never "Invalid string length"',
    (_verb, args) => {
      const file = sparseFile(join(scratch(), 'big.json'), 600 * 2 ** 20);
      const run = runSegkit(args(file));
      expectRefused(
        run,
        `${file}: is 600 MiB; JSON and XML inputs over 512 MiB cannot be parsed in one string`,
        'split the file',
      );
      expect(run.stderr).not.toContain('Invalid string length');
    },
  );

  it('a CVAT XML of 600 MiB too', () => {
    const xml = sparseFile(join(dir, 'annotations.xml'), 600 * 2 ** 20);
    expectRefused(runSegkit(['convert', xml, join(scratch(), 'o.json'), '--from', 'cvat']), `${xml}: is 600 MiB`);
  });

  it('raising: --max-file-bytes lets through a file SEGKIT_MAX_FILE_BYTES refuses (the flag wins)', () => {
    const coco = writeJson(dir, 'small.json', cocoDocument(8, 8));
    const bytes = String(JSON.stringify(cocoDocument(8, 8)).length);
    expectRefused(
      runSegkit(['validate', coco], { SEGKIT_MAX_FILE_BYTES: '100' }),
      `${coco}: the file has ${bytes} bytes`,
    );
    expect(runSegkit(['validate', coco, '--max-file-bytes', bytes], { SEGKIT_MAX_FILE_BYTES: '100' }).status).toBe(0);
  });
});

describe('warnings stay bounded: counted in full, the first 20 of a kind listed', () => {
  it('validate on 5,000 masks stacked in one image counts 4,999 overlaps in bounded time and memory (was: out of heap)', () => {
    const dir = scratch();
    const annotations = Array.from({ length: 5000 }, (_, i) => {
      const [x, y] = [(i * 7) % 50, (i * 13) % 50];
      return {
        id: i + 1,
        image_id: 1,
        category_id: 1,
        iscrowd: 0,
        segmentation: [[x, y, x + 100, y, x + 100, y + 100, x, y + 100]],
      };
    });
    const file = writeJson(dir, 'stacked.json', {
      images: [{ id: 1, file_name: 'a.png', width: 200, height: 200 }],
      annotations,
      categories: [{ id: 1, name: 'a' }],
    });
    const text = runSegkit(['validate', file]);
    expect(text.status, text.stderr).toBe(0);
    expectWithinCeiling(text);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines.filter((line) => line.startsWith('warning OVERLAP'))).toHaveLength(20);
    expect(lines).toContain('... and 4979 more warning OVERLAP (--max-listed)');
    expect(lines.at(-1)).toBe('0 errors, 4999 warnings');
    const json = runSegkit(['validate', file, '--format', 'json']);
    const report = JSON.parse(json.stdout);
    expect(report.problems).toHaveLength(20);
    expect(report.counts).toEqual([{ code: 'OVERLAP', severity: 'warning', count: 4999 }]);
    expectWithinCeiling(json);
  });

  it("a reader's warnings: 50,000 labelme lines (no area) are 20 listed and one line counting the rest", () => {
    const dir = scratch();
    const shapes = Array.from({ length: 50_000 }, () => ({
      label: 'edge',
      shape_type: 'line',
      points: [
        [0, 0],
        [4, 4],
      ],
    }));
    shapes.push({ label: 'cat', shape_type: 'polygon', points: pointPairs(4) });
    const file = writeJson(dir, 'lines.json', {
      version: '5.0.1',
      imagePath: 'a.jpg',
      imageHeight: 8,
      imageWidth: 8,
      shapes,
    });
    const run = runSegkit(['convert', file, join(scratch(), 'o.json'), '--from', 'labelme', '--format', 'json']);
    expect(run.status, run.stderr).toBe(0);
    expectWithinCeiling(run);
    const warnings: string[] = JSON.parse(run.stdout).report.warnings;
    expect(warnings).toHaveLength(21);
    expect(warnings[0]).toBe(`${file}: shape 0: line "edge" has no area and was left out`);
    expect(warnings[20]).toBe('… and 49,980 more shape without area warnings');
  });
});

describe('limit flags and variables: on every verb that reads or writes datasets, bad values are bad usage', () => {
  it.each([
    ['convert'],
    ['validate'],
    ['eval', 'semantic'],
    ['eval', 'instance'],
    ['eval', 'panoptic'],
    ['scope'],
    ['sample'],
    ['estimate'],
  ])('segkit %s --help lists the four limits with their defaults and variables', (...verb) => {
    const help = runSegkit([...verb, '--help']).stdout;
    for (const [flag, variable] of [
      ['--max-pixels <n>', 'SEGKIT_MAX_PIXELS'],
      ['--max-classes <n>', 'SEGKIT_MAX_CLASSES'],
      ['--max-polygon-vertices <n>', 'SEGKIT_MAX_POLYGON_VERTICES'],
      ['--max-file-bytes <n>', 'SEGKIT_MAX_FILE_BYTES'],
    ]) {
      expect(help).toContain(flag);
      expect(help).toContain(variable);
    }
    expect(help).toContain('default 268,435,456');
  });

  it.each([
    [['--max-pixels', 'abc'], {}, '--max-pixels must be an integer at least 1, got "abc"'],
    [['--max-pixels', '0'], {}, '--max-pixels must be an integer at least 1, got "0"'],
    [['--max-classes', '1.5'], {}, '--max-classes must be an integer at least 1, got "1.5"'],
    [[], { SEGKIT_MAX_FILE_BYTES: '-1' }, 'SEGKIT_MAX_FILE_BYTES must be an integer at least 1, got "-1"'],
    [
      [],
      { SEGKIT_MAX_POLYGON_VERTICES: 'many' },
      'SEGKIT_MAX_POLYGON_VERTICES must be an integer at least 1, got "many"',
    ],
  ] as const)('%j %j: exit 2, one line', (flags, env, message) => {
    const file = writeJson(scratch(), 'v.json', cocoDocument(8, 8));
    const run = runSegkit(['validate', file, ...flags], env);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`segkit: ${message}\n`);
  });

  it('flatPolygon keeps every vertex on the 4×4 square (what makes the raised case cheap)', () => {
    const flat = flatPolygon(9);
    expect(flat).toHaveLength(18);
    expect(flat.every((v) => v === 0 || v === 4)).toBe(true);
  });
});
