/**
 * Issue 10 §1, writing outside the output folder: names from data (COCO file_name and annotation
 * ids, CVAT name, labelme imagePath, Label Studio data.image, Cityscapes folder walks) never make
 * the real CLI write outside its output; two items on one file are refused naming both; a second
 * output over the main output or an input is refused. Every case snapshots the whole test tree
 * (three folders above the output) before and after.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatCvatImagesXml, polygonLabelsResult } from '@segkit/formats';
import { describe, expect, it, vi } from 'vitest';
import {
  cocoDocument,
  expectRefused,
  expectSuccess,
  FILE_FORMATS,
  FOLDER_FORMATS,
  outputFor,
  outputsWorkspace,
  type Run,
  segkitRun,
  snapshot,
  temporariesUnder,
} from './outputs-helpers.js';

// Each case spawns the CLI several times: on a loaded machine that takes minutes, not the default minute.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

/** The invariant of every case: what changed under `root` is the output alone, and no temporary is left. */
function expectOnlyOutput(root: string, before: Record<string, string>, output: string, run: Run): string[] {
  const after = snapshot(root);
  const prefix = relative(root, output);
  const added = Object.keys(after).filter((path) => !(path in before));
  for (const path of Object.keys(before)) expect(after[path], `${path} changed`).toBe(before[path]);
  for (const path of added) {
    expect(
      path === prefix || path === `${prefix}/` || path.startsWith(`${prefix}/`),
      `${path} is outside ${prefix}`,
    ).toBe(true);
  }
  expect(temporariesUnder(root)).toEqual([]);
  expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
  return added;
}

/** Hostile `file_name`s, each with a short label (every other refusal of outputName is unit-tested in formats). */
const hostileNames = (root: string): [string, string][] => [
  ['climbs out with ..', '../../x.jpg'],
  ['is absolute', join(root, 'abs.jpg')],
  ['uses backslashes', '..\\..\\x.jpg'],
  ['holds a NUL byte', 'a\u0000b.jpg'],
  ['is 300 bytes long', `${'x'.repeat(300)}.jpg`],
];

/** Writers that keep the file name's folders (the others keep its base name only). */
const KEEPS_FOLDERS = new Set(['png', 'coco-panoptic', 'labelme', 'cityscapes']);

describe('segkit convert --to <folder format> with hostile file_name: nothing outside the output', () => {
  for (const format of FOLDER_FORMATS) {
    it(`--to ${format}: refused (UNSAFE_PATH) or written inside the output, never above it`, () => {
      const { root, dir } = outputsWorkspace();
      for (const [label, name] of hostileNames(root)) {
        writeFileSync(
          join(dir, 'in.json'),
          JSON.stringify(cocoDocument([{ file_name: name }, { file_name: 'ok.jpg' }])),
        );
        const before = snapshot(root);
        const output = outputFor(dir, format);
        const run = segkitRun(['convert', join(dir, 'in.json'), output, '--to', format]);
        expectOnlyOutput(root, before, output, run);
        const keptBase = !KEEPS_FOLDERS.has(format) && /^(climbs|is absolute)/.test(label);
        if (keptBase) {
          // voc and binary-masks name files by the base name alone: "../../x.jpg" is written as x, inside.
          expectSuccess(run);
        } else {
          expectRefused(run, 'UNSAFE_PATH', root, before);
          expect(run.stderr, label).toContain(`image 0 (file_name ${JSON.stringify(name)})`);
        }
        rmSync(output, { recursive: true, force: true }); // a fresh start for the next name
      }
    });
  }

  it('--to png and --to coco-panoptic name the output and the item, as the issue asks', () => {
    const { root, dir } = outputsWorkspace();
    writeFileSync(
      join(dir, 'in.json'),
      JSON.stringify(cocoDocument([{ file_name: 'a.jpg' }, {}, {}, { file_name: '../../x.jpg' }])),
    );
    const before = snapshot(root);
    const png = segkitRun(['convert', join(dir, 'in.json'), join(dir, 'out'), '--to', 'png']);
    expectRefused(png, 'UNSAFE_PATH', root, before);
    expect(png.stderr).toBe(
      `segkit: ${join(dir, 'out')}: image 3 (file_name "../../x.jpg"): output name "../../x.png" climbs out of the output folder with ".." [UNSAFE_PATH]\n`,
    );
    const panoptic = segkitRun(['convert', join(dir, 'in.json'), join(dir, 'pan.json'), '--to', 'coco-panoptic']);
    expectRefused(panoptic, 'UNSAFE_PATH', root, before);
    expect(panoptic.stderr).toContain(`${join(dir, 'pan')}: image 3 (file_name "../../x.jpg")`);
  });

  it('--to binary-masks with an annotation id of ../../../x is refused naming the annotation', () => {
    const { root, dir } = outputsWorkspace();
    writeFileSync(
      join(dir, 'in.json'),
      JSON.stringify(cocoDocument([{ file_name: 'a.jpg' }], { annotationIds: ['../../../x'] })),
    );
    const before = snapshot(root);
    const run = segkitRun(['convert', join(dir, 'in.json'), join(dir, 'out'), '--to', 'binary-masks']);
    expectRefused(run, 'UNSAFE_PATH', root, before);
    expect(run.stderr).toContain('annotation 0 (id "../../../x"): output name "../../../x.png" climbs out');
  });
});

describe('segkit convert --to <single-file format> with hostile file_name', () => {
  for (const format of FILE_FORMATS) {
    it(`--to ${format}: the names stay inside the document; only the output file appears`, () => {
      const { root, dir } = outputsWorkspace();
      for (const name of ['../../x.jpg', join(root, 'abs.jpg'), 'a\u0000b.jpg']) {
        writeFileSync(join(dir, 'in.json'), JSON.stringify(cocoDocument([{ file_name: name }])));
        const before = snapshot(root);
        const output = outputFor(dir, format);
        const run = segkitRun(['convert', join(dir, 'in.json'), output, '--to', format]);
        expect([0, 1]).toContain(run.status);
        if (run.status === 1) expect(run.stderr).toMatch(/^segkit: .*\[[A-Z_]+\]\n$/); // a typed refusal (XML holds no NUL)
        expect(expectOnlyOutput(root, before, output, run).length).toBeLessThanOrEqual(1);
        rmSync(output, { force: true });
      }
    });
  }
});

describe('hostile names from every reader, written as PNGs', () => {
  it('CVAT <image name="../../x.png"> is refused', () => {
    const { root, dir } = outputsWorkspace();
    const xml = formatCvatImagesXml([
      {
        id: 0,
        name: '../../x.png',
        width: 8,
        height: 6,
        masks: [],
        polygons: [{ label: 'car', points: [1, 1, 6, 1, 3, 5] }],
      },
    ]);
    writeFileSync(join(dir, 'annotations.xml'), xml);
    const before = snapshot(root);
    const run = segkitRun(['convert', join(dir, 'annotations.xml'), join(dir, 'out'), '--from', 'cvat', '--to', 'png']);
    expectRefused(run, 'UNSAFE_PATH', root, before);
    expect(run.stderr).toContain('image 0 (file_name "../../x.png")');
  });

  it('labelme imagePath "../../../x.jpg" is refused', () => {
    const { root, dir } = outputsWorkspace();
    mkdirSync(join(dir, 'labelme'));
    const shape = {
      label: 'car',
      points: [
        [1, 1],
        [6, 1],
        [3, 5],
      ],
      group_id: null,
      shape_type: 'polygon',
      flags: {},
    };
    const document = {
      version: '5.2.1',
      flags: {},
      shapes: [shape],
      imagePath: '../../../x.jpg',
      imageData: null,
      imageHeight: 6,
      imageWidth: 8,
    };
    writeFileSync(join(dir, 'labelme', 'a.json'), JSON.stringify(document));
    const before = snapshot(root);
    const run = segkitRun(['convert', join(dir, 'labelme'), join(dir, 'out'), '--from', 'labelme', '--to', 'png']);
    expectRefused(run, 'UNSAFE_PATH', root, before);
    expect(run.stderr).toContain('(file_name "../../../x.jpg")');
  });

  it('Label Studio data.image "../../x.png" and "/data/upload/1/a.png" are refused', () => {
    const { root, dir } = outputsWorkspace();
    for (const image of ['../../x.png', '/data/upload/1/a.png']) {
      const result = polygonLabelsResult({
        points: [1, 1, 6, 1, 3, 5],
        height: 6,
        width: 8,
        labels: ['car'],
        fromName: 'label',
        toName: 'image',
      });
      const tasks = [{ id: 1, data: { image }, annotations: [{ id: 1, was_cancelled: false, result: [result] }] }];
      writeFileSync(join(dir, 'export.json'), JSON.stringify(tasks));
      const before = snapshot(root);
      const run = segkitRun([
        'convert',
        join(dir, 'export.json'),
        join(dir, 'out'),
        '--from',
        'label-studio',
        '--to',
        'png',
      ]);
      expectRefused(run, 'UNSAFE_PATH', root, before);
      expect(run.stderr).toContain(`(file_name ${JSON.stringify(image)})`);
    }
  });
});

describe('two items on one file are refused naming both, never a silent overwrite', () => {
  for (const format of FOLDER_FORMATS) {
    it(`--to ${format}: a.jpg and a.png`, () => {
      const { root, dir } = outputsWorkspace();
      writeFileSync(
        join(dir, 'in.json'),
        JSON.stringify(cocoDocument([{ file_name: 'a.jpg' }, { file_name: 'a.png' }])),
      );
      const before = snapshot(root);
      const run = segkitRun(['convert', join(dir, 'in.json'), outputFor(dir, format), '--to', format]);
      expectRefused(run, 'OUTPUT_CONFLICT', root, before);
      expect(run.stderr).toContain('image 0 (file_name "a.jpg") and image 1 (file_name "a.png") would both be');
    });
  }

  it('--to binary-masks: two annotations of one image with the same id', () => {
    const { root, dir } = outputsWorkspace();
    const document = cocoDocument(
      [
        { file_name: 'a.jpg', id: 1 },
        { file_name: 'a.jpg', id: 1 },
      ],
      { annotationIds: [7, 7] },
    );
    (document.images as unknown[]).pop(); // one image, two annotations
    writeFileSync(join(dir, 'in.json'), JSON.stringify(document));
    const before = snapshot(root);
    const run = segkitRun(['convert', join(dir, 'in.json'), join(dir, 'out'), '--to', 'binary-masks']);
    expectRefused(run, 'OUTPUT_CONFLICT', root, before);
    expect(run.stderr).toContain(
      'annotation 0 (id 7) and annotation 1 (id 7) would both be written as "a/masks/7.png"',
    );
  });

  it('--to png: names equal once Unicode-normalised, and a file where another image needs a folder', () => {
    const { root, dir } = outputsWorkspace();
    const cases: [string, string, string][] = [
      ['caf\u00e9.jpg', 'cafe\u0301.jpg', 'would both be written as'],
      ['a.jpg', 'a.png/b.jpg', 'needs a folder "a.png" where image 0'],
    ];
    for (const [first, second, message] of cases) {
      writeFileSync(join(dir, 'in.json'), JSON.stringify(cocoDocument([{ file_name: first }, { file_name: second }])));
      const before = snapshot(root);
      const run = segkitRun(['convert', join(dir, 'in.json'), join(dir, 'out'), '--to', 'png']);
      expectRefused(run, 'OUTPUT_CONFLICT', root, before);
      expect(run.stderr).toContain(message);
    }
  });

  it('--to png: A.jpg and a.jpg are two files where the file system tells case apart, a conflict where it does not', () => {
    const { root, dir } = outputsWorkspace();
    writeFileSync(join(dir, 'Probe'), '');
    const caseInsensitive = existsSync(join(dir, 'probe'));
    rmSync(join(dir, 'Probe'));
    writeFileSync(join(dir, 'in.json'), JSON.stringify(cocoDocument([{ file_name: 'A.jpg' }, { file_name: 'a.jpg' }])));
    const before = snapshot(root);
    const run = segkitRun(['convert', join(dir, 'in.json'), join(dir, 'out'), '--to', 'png']);
    if (caseInsensitive) {
      expectRefused(run, 'OUTPUT_CONFLICT', root, before);
      expect(run.stderr).toContain('are one file on this file system');
    } else {
      expectSuccess(run);
      expect(readdirSync(join(dir, 'out')).sort()).toEqual(['A.png', 'a.png', 'classes.json']);
    }
  });
});

describe('a second output over the main output or an input is refused before anything is written', () => {
  it('convert --report: the output itself, inside the output, inside the input folder, the input itself', () => {
    const { root, dir } = outputsWorkspace();
    mkdirSync(join(dir, 'labels'));
    writeFileSync(join(dir, 'in.json'), JSON.stringify(cocoDocument([{ file_name: 'a.jpg' }])));
    const cases: [string[], string][] = [
      [[join(dir, 'in.json'), join(dir, 'out.json'), '--report', join(dir, 'out.json')], 'is the output'],
      [
        [join(dir, 'in.json'), join(dir, 'out'), '--to', 'png', '--report', join(dir, 'out', 'r.json')],
        'lies inside the output',
      ],
      [[join(dir, 'in.json'), join(dir, 'out.json'), '--report', join(dir, 'in.json')], 'is the input'],
      [[join(dir, 'labels'), join(dir, 'labels', 'out.json'), '--from', 'png'], 'lies inside the input folder'],
      [[join(dir, 'in.json'), join(dir, 'in.json')], 'is the input'],
      [[join(dir, 'in.json'), dir, '--to', 'png', '--overwrite'], 'which would replace it'],
    ];
    for (const [args, message] of cases) {
      const before = snapshot(root);
      const run = segkitRun(['convert', ...args]);
      expectRefused(run, 'OUTPUT_CONFLICT', root, before);
      expect(run.stderr).toContain(message);
    }
  });

  it('eval semantic --html inside --gt, and scope --html over its input, are refused', () => {
    const { root, dir } = outputsWorkspace();
    mkdirSync(join(dir, 'gt'));
    mkdirSync(join(dir, 'pred'));
    writeFileSync(join(dir, 'in.json'), JSON.stringify(cocoDocument([{ file_name: 'a.jpg' }])));
    const before = snapshot(root);
    const html = join(dir, 'gt', 'report.html');
    const evaluate = segkitRun([
      'eval',
      'semantic',
      '--gt',
      join(dir, 'gt'),
      '--pred',
      join(dir, 'pred'),
      '--num-classes',
      '2',
      '--html',
      html,
    ]);
    expectRefused(evaluate, 'OUTPUT_CONFLICT', root, before);
    expect(evaluate.stderr).toContain(`--html ${html} lies inside --gt folder ${join(dir, 'gt')}`);
    const scope = segkitRun(['scope', join(dir, 'in.json'), '--html', join(dir, 'in.json')]);
    expectRefused(scope, 'OUTPUT_CONFLICT', root, before);
    expect(scope.stderr).toContain(`--html ${join(dir, 'in.json')} is the input ${join(dir, 'in.json')} itself`);
  });
});

describe('folder walks do not follow links out of the input, nor loop', () => {
  it('convert --from cityscapes --to cityscapes renders the real documents only', () => {
    const { root, dir } = outputsWorkspace();
    const doc = {
      imgHeight: 6,
      imgWidth: 8,
      objects: [
        {
          label: 'car',
          polygon: [
            [1, 1],
            [6, 1],
            [3, 5],
          ],
        },
      ],
    };
    mkdirSync(join(dir, 'in', 'city'), { recursive: true });
    mkdirSync(join(root, 'secret'));
    writeFileSync(join(dir, 'in', 'city', 'a_000000_000001_gtFine_polygons.json'), JSON.stringify(doc));
    writeFileSync(join(root, 'secret', 's_000000_000001_gtFine_polygons.json'), JSON.stringify(doc));
    symlinkSync('..', join(dir, 'in', 'city', 'loop')); // a loop
    symlinkSync(join(root, 'secret'), join(dir, 'in', 'outside')); // a folder outside the input
    symlinkSync(
      join(root, 'secret', 's_000000_000001_gtFine_polygons.json'),
      join(dir, 'in', 'l_000000_000001_gtFine_polygons.json'),
    );
    const before = snapshot(root);
    const run = segkitRun(['convert', join(dir, 'in'), join(dir, 'out'), '--from', 'cityscapes', '--to', 'cityscapes']);
    expectSuccess(run);
    const added = expectOnlyOutput(root, before, join(dir, 'out'), run);
    expect(added.sort()).toEqual(
      [
        'a/b/c/out/',
        'a/b/c/out/city/',
        ...['color', 'instanceIds', 'labelIds', 'labelTrainIds'].map(
          (k) => `a/b/c/out/city/a_000000_000001_gtFine_${k}.png`,
        ),
      ].sort(),
    );
  });
});
