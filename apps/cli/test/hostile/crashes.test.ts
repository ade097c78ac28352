/**
 * Issue 10 §3, the data-level crashes: every input that used to end in `internal error` (or to be
 * converted as if nothing were wrong) is refused with one typed line naming the file and the item,
 * with nothing written, within the 10 s / 1 GB ceiling. One test per class, inputs generated here:
 * deep nesting, null entries, bad image sizes, coordinates no polygon can have, and a vertex far
 * outside its image (found by the reader fuzz: it took 4 s a polygon to rasterize).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  cityscapesDoc,
  cityscapesFolder,
  cocoDoc,
  cvatXml,
  deepList,
  deepObject,
  labelmeDoc,
  labelStudioDoc,
  put,
  withDeep,
} from './crashes-helpers.js';
import { expectRefused, expectSuccess, outputsWorkspace, type Run, segkitRun, snapshot } from './outputs-helpers.js';

vi.setConfig({ testTimeout: 300_000 });

const DEEP = 100_000;

/** Runs `args` in a fresh workspace state and expects a refusal with `code` naming each of `names`, nothing written. */
function refused(root: string, args: string[], code: string, ...names: string[]): Run {
  const before = snapshot(root);
  const run = segkitRun(args);
  expectRefused(run, code, root, before);
  for (const name of names) expect(run.stderr).toContain(name);
  return run;
}

describe('deep nesting (100,000 levels) is INVALID_JSON naming the file and the path, on every verb (was: a stack overflow)', () => {
  it('COCO info, an annotation field and a bbox; Cityscapes objects; labelme flags; Label Studio data', () => {
    const { root, dir } = outputsWorkspace();
    const out = (name: string) => join(dir, name);
    const info = put(dir, 'info.json', withDeep({ ...cocoDoc(), info: '@DEEP@' }, deepObject(DEEP)));
    const depth = 'nested more than 1,000 levels deep (line 1)';
    for (const args of [
      ['convert', info, out('o.json'), '--from', 'coco', '--to', 'coco'],
      ['convert', info, out('pan.json'), '--from', 'coco', '--to', 'coco-panoptic'],
      ['convert', info, out('png'), '--from', 'coco', '--to', 'png'],
      ['validate', info, '--from', 'coco'],
      ['scope', info, '--from', 'coco'],
      ['eval', 'instance', '--gt', info, '--dt', put(dir, 'dt.json', '[]')],
    ]) {
      refused(root, args, 'INVALID_JSON', `${info}: info.a.a…: ${depth}`);
    }
    const field = cocoDoc();
    field.annotations[0] = { ...(field.annotations[0] as object), attributes: '@DEEP@' };
    const attributes = put(dir, 'attributes.json', withDeep(field, deepObject(DEEP)));
    refused(
      root,
      ['convert', attributes, out('o.json'), '--from', 'coco'],
      'INVALID_JSON',
      `${attributes}: annotations[0].attributes…`,
    );
    const box = cocoDoc();
    box.annotations[0] = { ...(box.annotations[0] as object), bbox: '@DEEP@' };
    const bbox = put(dir, 'bbox.json', withDeep(box, deepList(DEEP)));
    refused(root, ['eval', 'instance', '--gt', bbox, '--dt', bbox], 'INVALID_JSON', `${bbox}: annotations[0].bbox…`);

    const [folder, document] = cityscapesFolder(
      dir,
      'cityscapes',
      withDeep({ ...cityscapesDoc(), objects: '@DEEP@' }, deepList(DEEP)),
    );
    for (const to of ['coco', 'cityscapes']) {
      refused(
        root,
        ['convert', folder, out(`c-${to}`), '--from', 'cityscapes', '--to', to],
        'INVALID_JSON',
        `${document}: objects[0][0]…`,
      );
    }
    const labelme = put(dir, 'labelme.json', withDeep({ ...labelmeDoc(), flags: '@DEEP@' }, deepObject(DEEP)));
    refused(root, ['convert', labelme, out('l.json'), '--from', 'labelme'], 'INVALID_JSON', `${labelme}: flags.a.a…`);
    const tasks = labelStudioDoc();
    tasks[0].data.meta = '@DEEP@';
    const studio = put(dir, 'tasks.json', withDeep(tasks, deepObject(DEEP)));
    refused(
      root,
      ['convert', studio, out('s.json'), '--from', 'label-studio'],
      'INVALID_JSON',
      `${studio}: [0].data.meta…`,
    );
  });
});

describe('null entries are INVALID_DATASET naming the item (was: a TypeError in validate and eval panoptic)', () => {
  it('COCO annotations, images and categories; panoptic images and categories; labelme shapes; Label Studio results; Cityscapes objects', () => {
    const { root, dir } = outputsWorkspace();
    const out = join(dir, 'out');
    for (const [list, item] of [
      ['annotations', 'annotation 1'],
      ['images', 'image 1'],
      ['categories', 'category 1'],
    ] as const) {
      const doc = cocoDoc();
      (doc[list] as unknown[]).push(null);
      const file = put(dir, `null-${list}.json`, JSON.stringify(doc));
      refused(root, ['convert', file, out, '--to', 'png'], 'INVALID_DATASET', `${file}: ${item}: not an object: null`);
      refused(
        root,
        ['eval', 'instance', '--gt', file, '--dt', put(dir, 'dt.json', '[]')],
        'INVALID_DATASET',
        `${file}: ${item}`,
      );
    }

    // A panoptic pair made by the CLI itself, then given a null category and a null image.
    const gt = put(dir, 'gt.json', JSON.stringify(cocoDoc()));
    expectSuccess(segkitRun(['convert', gt, join(dir, 'pan.json'), '--to', 'coco-panoptic']));
    const panoptic = JSON.parse(readFileSync(join(dir, 'pan.json'), 'utf8'));
    for (const [list, item] of [
      ['categories', 'category 1'],
      ['images', 'image 1'],
    ] as const) {
      const file = put(dir, `pan-${list}.json`, JSON.stringify({ ...panoptic, [list]: [...panoptic[list], null] }));
      const args = ['eval', 'panoptic', '--gt', file, '--gt-dir', join(dir, 'pan'), '--pred', join(dir, 'pan.json')];
      refused(root, args, 'INVALID_DATASET', `${file}: ${item}: not an object: null`);
      const validate = segkitRun(['validate', file, '--from', 'coco-panoptic', '--png-dir', join(dir, 'pan')]);
      expect(validate.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(validate.status).toBe(1);
      expect(validate.stdout).toContain(`error STRUCTURE ${file}: ${item}: not an object: null`);
    }

    const labelme = labelmeDoc();
    labelme.shapes.push(null);
    const shapes = put(dir, 'labelme.json', JSON.stringify(labelme));
    refused(
      root,
      ['convert', shapes, out, '--from', 'labelme', '--to', 'png'],
      'INVALID_DATASET',
      `${shapes}: shape 1: a shape must be an object, got null`,
    );
    const tasks = labelStudioDoc();
    tasks[0].annotations[0].result.push(null);
    const studio = put(dir, 'tasks.json', JSON.stringify(tasks));
    refused(
      root,
      ['convert', studio, out, '--from', 'label-studio', '--to', 'png'],
      'INVALID_DATASET',
      `${studio}: task 0 (id 5): annotation 0 (id 6): result 1: must be an object, got null`,
    );
    const city = cityscapesDoc();
    city.objects.push(null);
    const [folder, document] = cityscapesFolder(dir, 'cityscapes', JSON.stringify(city));
    refused(
      root,
      ['convert', folder, out, '--from', 'cityscapes', '--to', 'png'],
      'INVALID_DATASET',
      `${document}: object 1: an object must be a JSON object, got null`,
    );
  });
});

describe('image sizes: 0, negative, fractional, strings and more pixels than a mask holds are INVALID_SIZE, valid but large ones LIMIT', () => {
  // [width, height, code, what the message shows]; 4e9 × 1 fits a COCO RLE count (2^32-1) but passes --max-pixels.
  const SIZES: [unknown, unknown, string, string][] = [
    [0, 6, 'INVALID_SIZE', 'must be positive integers'],
    [-8, 6, 'INVALID_SIZE', 'must be positive integers'],
    [8.5, 6, 'INVALID_SIZE', 'must be positive integers'],
    ['8', 6, 'INVALID_SIZE', 'must be positive integers'],
    [1e9, 1e9, 'INVALID_SIZE', 'has 1000000000000000000 pixels, more than the 2^32-1 that COCO RLE counts can hold'],
    [4e9, 1, 'LIMIT', 'has 4,000,000,000 pixels, over the limit of 268,435,456 pixels per image'],
  ];

  it('in a COCO image record, a labelme file, a Label Studio result and a CVAT <image>, naming the item', () => {
    const { root, dir } = outputsWorkspace();
    const out = join(dir, 'out.json');
    SIZES.forEach(([width, height, code, shown], k) => {
      const coco = cocoDoc();
      Object.assign(coco.images[0], { width, height });
      const file = put(dir, `coco-${k}.json`, JSON.stringify(coco));
      refused(root, ['convert', file, out, '--from', 'coco'], code, `${file}: image 0 (id 1): `, shown);

      const labelme = put(
        dir,
        `labelme-${k}.json`,
        JSON.stringify({ ...labelmeDoc(), imageWidth: width, imageHeight: height }),
      );
      refused(root, ['convert', labelme, out, '--from', 'labelme'], code, `${labelme}: `, shown);

      const tasks = labelStudioDoc();
      Object.assign(tasks[0].annotations[0].result[0] as object, { original_width: width, original_height: height });
      const studio = put(dir, `studio-${k}.json`, JSON.stringify(tasks));
      refused(
        root,
        ['convert', studio, out, '--from', 'label-studio'],
        code,
        `${studio}: task 0 (id 5): annotation 0 (id 6): result 0: `,
        shown,
      );

      if (typeof width === 'number' && Number.isInteger(width) && width > 0) {
        // CVAT sizes are attribute text: only the integers are sizes to weigh (the rest are "must be a positive integer").
        const xml = put(dir, `cvat-${k}.xml`, cvatXml(String(width), String(height)));
        refused(root, ['convert', xml, out, '--from', 'cvat'], code, `${xml}: image 0 (line 4): `, shown);
      }
    });
    const xml = put(dir, 'cvat-zero.xml', cvatXml('0', '6'));
    refused(
      root,
      ['convert', xml, out, '--from', 'cvat'],
      'INVALID_SIZE',
      `${xml}: image 0 (line 4): attribute width="0" must be a positive integer`,
    );
  });

  it('in a Cityscapes document, where a side is also held to PNG (2^31-1)', () => {
    const { root, dir } = outputsWorkspace();
    SIZES.forEach(([width, height, code, shown], k) => {
      const [folder, document] = cityscapesFolder(
        dir,
        `c${k}`,
        JSON.stringify({ ...cityscapesDoc(), imgWidth: width, imgHeight: height }),
      );
      const expected: [string, string] = width === 4e9 ? ['INVALID_SIZE', "(PNG's limit)"] : [code, shown];
      refused(
        root,
        ['convert', folder, join(dir, 'out'), '--from', 'cityscapes', '--to', 'cityscapes'],
        expected[0],
        `${document}: `,
        expected[1],
      );
    });
  });
});

describe('coordinates no polygon can have (1e300) and negative sizes are refused where they are read (was: labelme → COCO "lossless")', () => {
  it('labelme, Label Studio and CVAT polygons with a coordinate of ±1e300, labelme rectangles and circles, labelme sizes of -8', () => {
    const { root, dir } = outputsWorkspace();
    const out = join(dir, 'out.json');
    for (const value of [1e300, -1e300]) {
      const doc = labelmeDoc();
      (doc.shapes[0] as { points: number[][] }).points[1] = [value, 1];
      const file = put(dir, `labelme-${value}.json`, JSON.stringify(doc));
      refused(
        root,
        ['convert', file, out, '--from', 'labelme', '--to', 'coco'],
        'INVALID_POLYGON',
        `${file}: shape 0: point 1 is [${value}, 1]; a point is [x, y], two finite numbers within ±400000000`,
      );
    }
    for (const shape of [
      {
        label: 'car',
        shape_type: 'rectangle',
        points: [
          [0, 0],
          [1e300, 1e300],
        ],
      },
      {
        label: 'car',
        shape_type: 'circle',
        points: [
          [1, 1],
          [1e300, 1],
        ],
      },
    ]) {
      const file = put(dir, `labelme-${shape.shape_type}.json`, JSON.stringify({ ...labelmeDoc(), shapes: [shape] }));
      // Was: '"area" must be a finite number, got null' about an annotation the file does not have.
      refused(
        root,
        ['convert', file, out, '--from', 'labelme'],
        'INVALID_POLYGON',
        `${file}: shape 0: point 1 is [1e+300, `,
      );
    }
    const negative = put(
      dir,
      'labelme-negative.json',
      JSON.stringify({ ...labelmeDoc(), imageWidth: -8, imageHeight: -6 }),
    );
    refused(
      root,
      ['convert', negative, out, '--from', 'labelme'],
      'INVALID_SIZE',
      `${negative}: "imageWidth" and "imageHeight" must be positive integers, got -8 and -6`,
    );

    const tasks = labelStudioDoc();
    (tasks[0].annotations[0].result[0] as { value: { points: number[][] } }).value.points[1] = [1e300, 10];
    const studio = put(dir, 'tasks.json', JSON.stringify(tasks));
    refused(
      root,
      ['convert', studio, out, '--from', 'label-studio'],
      'INVALID_POLYGON',
      `${studio}: task 0 (id 5): annotation 0 (id 6): result 0: point 1 is [1e+300, 10]`,
    );
    const xml = put(dir, 'annotations.xml', cvatXml('8', '6', '1,1;1e300,1;3,5'));
    refused(
      root,
      ['convert', xml, out, '--from', 'cvat'],
      'INVALID_POLYGON',
      `${xml}: image 0 (name "a.jpg"): polygon 0 (line 5): points="1,1;1e300,1;3,5": point "1e300,1" is beyond ±400000000`,
    );
  });
});

describe('a vertex far outside its image costs no more than one inside (found by the COCO reader fuzz)', () => {
  it('200 triangles with a vertex at y = ±4e8 on an 8×6 image convert to PNG within the ceiling (was: 4 s per triangle)', () => {
    const { dir } = outputsWorkspace();
    const doc = cocoDoc();
    doc.annotations = Array.from({ length: 200 }, (_, i) => ({
      id: i + 1,
      image_id: 1,
      category_id: 1,
      segmentation: [[1, i % 2 === 0 ? 4e8 : -4e8, 6, 1, 3, 5]],
      area: 12,
      bbox: [1, 1, 5, 4],
      iscrowd: 0,
    }));
    const file = put(dir, 'far.json', JSON.stringify(doc));
    const run = segkitRun(['convert', file, join(dir, 'png'), '--to', 'png']);
    expectSuccess(run);
    expect(run.peakMb).toBeLessThan(1024);
  });
});
