#!/usr/bin/env node
/**
 * Issue 10 §3 probe: runs the built CLI on each hostile case of the issue, on every verb and format
 * that reads it, and lists the runs that end otherwise than as expected: a stack trace or `internal
 * error`, a hang, an exit status other than 1 with one typed `[CODE]` line, an invalid input
 * converted anyway, or output left behind by a refusal. Not a test (the hostile suite is): a quick
 * survey to run by hand after `npx tsc -b`.
 *
 *   node scripts/crash-probe.mjs [FILTER]     # FILTER: a substring of the case names to run
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../apps/cli/bin/segkit.js', import.meta.url));
const filter = process.argv[2] ?? '';
const root = mkdtempSync(join(tmpdir(), 'segkit-probe-'));
let serial = 0;
const fresh = () => {
  const dir = join(root, String(serial++));
  mkdirSync(dir, { recursive: true });
  return dir;
};

/** `{"a":{"a":…}}` nested `depth` deep, as text (JSON.stringify of such a value would overflow itself). */
const deepObject = (depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const deepList = (depth) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
/** JSON text of `value` with the string "@DEEP@" replaced by a 100k-deep value. */
const withDeep = (value, deep = deepObject(100_000)) => JSON.stringify(value).replace('"@DEEP@"', deep);

const TO = [
  'coco',
  'coco-results',
  'coco-panoptic',
  'png',
  'cityscapes',
  'binary-masks',
  'labelme',
  'cvat',
  'label-studio',
  'voc',
];
const outputFor = (dir, to) =>
  to === 'cvat'
    ? join(dir, 'out.xml')
    : ['coco', 'coco-results', 'label-studio'].includes(to)
      ? join(dir, 'out.json')
      : join(dir, 'out');

// ---- base documents -------------------------------------------------------------------------
const coco = () => ({
  info: { description: 'probe' },
  images: [{ id: 1, file_name: 'a.jpg', width: 8, height: 6 }],
  annotations: [
    {
      id: 1,
      image_id: 1,
      category_id: 1,
      segmentation: [[1, 1, 6, 1, 3, 5]],
      area: 12,
      bbox: [1, 1, 5, 4],
      iscrowd: 0,
    },
  ],
  categories: [{ id: 1, name: 'car' }],
});
const results = () => [
  { image_id: 1, category_id: 1, score: 0.9, segmentation: [[1, 1, 6, 1, 3, 5]], bbox: [1, 1, 5, 4] },
];
const cityscapes = () => ({
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
});
const labelme = () => ({
  version: '5.0.1',
  flags: {},
  imagePath: 'a.jpg',
  imageData: null,
  imageHeight: 6,
  imageWidth: 8,
  shapes: [
    {
      label: 'car',
      shape_type: 'polygon',
      points: [
        [1, 1],
        [6, 1],
        [3, 5],
      ],
      group_id: null,
      flags: {},
    },
  ],
});
const labelStudio = () => [
  {
    id: 5,
    data: { image: 'a.jpg' },
    annotations: [
      {
        id: 6,
        result: [
          {
            type: 'polygonlabels',
            original_width: 8,
            original_height: 6,
            value: {
              points: [
                [10, 10],
                [80, 10],
                [40, 80],
              ],
              polygonlabels: ['car'],
            },
          },
        ],
      },
    ],
  },
];
const cvat = ({ width = '8', height = '6', points = '1,1;6,1;3,5', inner = '' } = {}) =>
  `<?xml version="1.0" encoding="utf-8"?>\n<annotations><version>1.1</version><image id="0" name="a.jpg" width="${width}" height="${height}"><polygon label="car" points="${points}" occluded="0" z_order="0"></polygon>${inner}</image></annotations>\n`;

// ---- cases ------------------------------------------------------------------------------------
/** Each case: name, expect ('INVALID' | 'LIMIT' | 'ok' | 'any'), and runs: [[verb args, output path or undefined]]. */
const cases = [];
const add = (name, expect, build) => cases.push({ name, expect, build });

/** A COCO case on every verb that reads COCO instances. */
function cocoCase(name, expect, text) {
  add(`coco ${name}`, expect, () => {
    const dir = fresh();
    const file = join(dir, 'in.json');
    writeFileSync(file, typeof text === 'function' ? text() : text);
    const dt = join(dir, 'dt.json');
    writeFileSync(dt, JSON.stringify(results()));
    const runs = [
      [['validate', file, '--from', 'coco']],
      [['scope', file, '--from', 'coco']],
      [['sample', file, '--from', 'coco']],
      [['estimate', file, '--from', 'coco']],
      [['eval', 'instance', '--gt', file, '--dt', dt]],
    ];
    for (const to of TO) {
      const out = outputFor(fresh(), to);
      runs.push([['convert', file, out, '--from', 'coco', '--to', to], out]);
    }
    return runs;
  });
}
const mutate = (f) => () => {
  const doc = coco();
  f(doc);
  return JSON.stringify(doc);
};
cocoCase('info 100k deep', 'any', () => withDeep({ ...coco(), info: '@DEEP@' }));
cocoCase('annotation extra field 100k deep', 'any', () => {
  const doc = coco();
  doc.annotations[0].attributes = '@DEEP@';
  return withDeep(doc);
});
cocoCase('segmentation 100k deep list', 'INVALID', () => {
  const doc = coco();
  doc.annotations[0].segmentation = '@DEEP@';
  return withDeep(doc, deepList(100_000));
});
cocoCase('bbox 100k deep list', 'INVALID', () => {
  const doc = coco();
  doc.annotations[0].bbox = '@DEEP@';
  return withDeep(doc, deepList(100_000));
});
cocoCase(
  'null annotation',
  'INVALID',
  mutate((d) => d.annotations.push(null)),
);
cocoCase(
  'null image',
  'INVALID',
  mutate((d) => d.images.push(null)),
);
cocoCase(
  'null category',
  'INVALID',
  mutate((d) => d.categories.push(null)),
);
cocoCase(
  'null segmentation part',
  'INVALID',
  mutate((d) => d.annotations[0].segmentation.push(null)),
);
cocoCase(
  'null in polygon',
  'INVALID',
  mutate((d) => (d.annotations[0].segmentation[0][2] = null)),
);
cocoCase(
  'string in polygon',
  'INVALID',
  mutate((d) => (d.annotations[0].segmentation[0][2] = 'NaN')),
);
cocoCase(
  '1e300 in polygon',
  'any',
  mutate((d) => (d.annotations[0].segmentation[0][2] = 1e300)),
);
cocoCase(
  'RLE counts null',
  'INVALID',
  mutate((d) => (d.annotations[0].segmentation = { size: [6, 8], counts: null })),
);
cocoCase(
  'RLE size 1e9',
  'INVALID',
  mutate((d) => (d.annotations[0].segmentation = { size: [1e9, 1e9], counts: [1] })),
);
cocoCase(
  'RLE size differs from image',
  'INVALID',
  mutate((d) => (d.annotations[0].segmentation = { size: [3, 3], counts: [9] })),
);
for (const [w, h, expect] of [
  [0, 6, 'INVALID'],
  [8, 0, 'INVALID'],
  // More pixels than a COCO RLE count holds (2^32-1) is no size at all; fewer, but over --max-pixels, a LIMIT.
  [1e9, 1e9, 'INVALID'],
  [4e9, 1, 'LIMIT'],
  [8.5, 6, 'INVALID'],
  [-8, 6, 'INVALID'],
  ['8', 6, 'INVALID'],
  ['NaN', 6, 'INVALID'],
  ['Infinity', 6, 'INVALID'],
  [1e300, 1e300, 'INVALID'],
  [null, 6, 'INVALID'],
]) {
  cocoCase(
    `image ${JSON.stringify(w)}x${JSON.stringify(h)}`,
    expect,
    mutate((d) => Object.assign(d.images[0], { width: w, height: h })),
  );
}
cocoCase(
  'image id null',
  'INVALID',
  mutate((d) => (d.images[0].id = null)),
);
cocoCase(
  'category id 1e300',
  'INVALID',
  mutate((d) => (d.categories[0].id = 1e300)),
);
cocoCase(
  'category_id 1e9',
  'any',
  mutate((d) => {
    d.annotations[0].category_id = 1e9;
    d.categories[0].id = 1e9;
  }),
);
cocoCase(
  'area Infinity-ish string',
  'INVALID',
  mutate((d) => (d.annotations[0].area = 'Infinity')),
);
cocoCase(
  'bbox with null',
  'INVALID',
  mutate((d) => (d.annotations[0].bbox = [1, null, 5, 4])),
);
cocoCase(
  'iscrowd string',
  'any',
  mutate((d) => (d.annotations[0].iscrowd = 'yes')),
);
cocoCase(
  'file_name number',
  'any',
  mutate((d) => (d.images[0].file_name = 17)),
);
cocoCase('document is a list', 'INVALID', '[1,2,3]');
cocoCase('document is null', 'INVALID', 'null');

/** eval instance with a hostile results file. */
function resultsCase(name, expect, text) {
  add(`results ${name}`, expect, () => {
    const dir = fresh();
    const gt = join(dir, 'gt.json');
    writeFileSync(gt, JSON.stringify(coco()));
    const dt = join(dir, 'dt.json');
    writeFileSync(dt, typeof text === 'function' ? text() : text);
    const runs = [[['eval', 'instance', '--gt', gt, '--dt', dt]], [['validate', dt, '--from', 'coco-results']]];
    for (const to of ['coco', 'png']) {
      const out = outputFor(fresh(), to);
      runs.push([['convert', dt, out, '--from', 'coco-results', '--to', to], out]);
    }
    return runs;
  });
}
resultsCase('null entry', 'INVALID', JSON.stringify([...results(), null]));
resultsCase('100k deep entry field', 'any', () => withDeep([{ ...results()[0], extra: '@DEEP@' }]));
resultsCase('score NaN string', 'INVALID', JSON.stringify([{ ...results()[0], score: 'NaN' }]));
resultsCase('segmentation 100k deep', 'INVALID', () =>
  withDeep([{ ...results()[0], segmentation: '@DEEP@' }], deepList(100_000)),
);

/** A Cityscapes document in a folder, on every verb that reads it. */
function cityscapesCase(name, expect, text) {
  add(`cityscapes ${name}`, expect, () => {
    const dir = fresh();
    const folder = join(dir, 'in');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a_000000_000019_gtFine_polygons.json'), typeof text === 'function' ? text() : text);
    const runs = [[['validate', folder, '--from', 'cityscapes']], [['scope', folder, '--from', 'cityscapes']]];
    for (const to of TO) {
      const out = outputFor(fresh(), to);
      runs.push([['convert', folder, out, '--from', 'cityscapes', '--to', to], out]);
    }
    return runs;
  });
}
const cmut = (f) => () => {
  const doc = cityscapes();
  f(doc);
  return JSON.stringify(doc);
};
cityscapesCase('objects 100k deep', 'INVALID', () =>
  withDeep({ ...cityscapes(), objects: '@DEEP@' }, deepList(100_000)),
);
cityscapesCase('object field 100k deep', 'any', () => {
  const doc = cityscapes();
  doc.objects[0].extra = '@DEEP@';
  return withDeep(doc);
});
cityscapesCase('polygon 100k deep', 'INVALID', () => {
  const doc = cityscapes();
  doc.objects[0].polygon = '@DEEP@';
  return withDeep(doc, deepList(100_000));
});
cityscapesCase(
  'null object',
  'INVALID',
  cmut((d) => d.objects.push(null)),
);
cityscapesCase(
  'null point',
  'INVALID',
  cmut((d) => d.objects[0].polygon.push(null)),
);
cityscapesCase(
  'null coordinate',
  'INVALID',
  cmut((d) => (d.objects[0].polygon[0][0] = null)),
);
cityscapesCase(
  'coordinate 1e300',
  'INVALID',
  cmut((d) => (d.objects[0].polygon[1][0] = 1e300)),
);
cityscapesCase(
  'coordinate NaN string',
  'INVALID',
  cmut((d) => (d.objects[0].polygon[1][0] = 'NaN')),
);
for (const [w, h, expect] of [
  [0, 6, 'INVALID'],
  [1e9, 1e9, 'INVALID'],
  [4e9, 1, 'INVALID'], // a side over PNG's 2^31-1: no Cityscapes PNG holds it
  [1e5, 1e4, 'LIMIT'],
  [8.5, 6, 'INVALID'],
  [-8, 6, 'INVALID'],
  ['NaN', 6, 'INVALID'],
  [1e300, 1e300, 'INVALID'],
]) {
  cityscapesCase(
    `size ${JSON.stringify(w)}x${JSON.stringify(h)}`,
    expect,
    cmut((d) => Object.assign(d, { imgWidth: w, imgHeight: h })),
  );
}
cityscapesCase(
  'label null',
  'INVALID',
  cmut((d) => (d.objects[0].label = null)),
);
cityscapesCase('document is a list', 'INVALID', '[]');

/** A labelme file, read alone and in a folder. */
function labelmeCase(name, expect, text) {
  add(`labelme ${name}`, expect, () => {
    const dir = fresh();
    const file = join(dir, 'a.json');
    writeFileSync(file, typeof text === 'function' ? text() : text);
    const runs = [[['validate', file, '--from', 'labelme']], [['scope', file, '--from', 'labelme']]];
    for (const to of TO) {
      const out = outputFor(fresh(), to);
      runs.push([['convert', file, out, '--from', 'labelme', '--to', to], out]);
    }
    return runs;
  });
}
const lmut = (f) => () => {
  const doc = labelme();
  f(doc);
  return JSON.stringify(doc);
};
labelmeCase('flags 100k deep', 'any', () => withDeep({ ...labelme(), flags: '@DEEP@' }));
labelmeCase('shapes 100k deep', 'INVALID', () => withDeep({ ...labelme(), shapes: '@DEEP@' }, deepList(100_000)));
labelmeCase('points 100k deep', 'INVALID', () => {
  const doc = labelme();
  doc.shapes[0].points = '@DEEP@';
  return withDeep(doc, deepList(100_000));
});
labelmeCase('shape flags 100k deep', 'any', () => {
  const doc = labelme();
  doc.shapes[0].flags = '@DEEP@';
  return withDeep(doc);
});
labelmeCase(
  'null shape',
  'INVALID',
  lmut((d) => d.shapes.push(null)),
);
labelmeCase(
  'null point',
  'INVALID',
  lmut((d) => d.shapes[0].points.push(null)),
);
labelmeCase(
  'coordinate 1e300',
  'INVALID',
  lmut((d) => (d.shapes[0].points[1][0] = 1e300)),
);
labelmeCase(
  'coordinate -1e300',
  'INVALID',
  lmut((d) => (d.shapes[0].points[1][0] = -1e300)),
);
labelmeCase(
  'coordinate NaN string',
  'INVALID',
  lmut((d) => (d.shapes[0].points[1][0] = 'NaN')),
);
for (const [w, h, expect] of [
  [0, 6, 'INVALID'],
  [-8, -6, 'INVALID'],
  [-8, 6, 'INVALID'],
  [1e9, 1e9, 'INVALID'],
  [4e9, 1, 'LIMIT'],
  [1e5, 1e4, 'LIMIT'],
  [8.5, 6, 'INVALID'],
  ['NaN', 6, 'INVALID'],
  [1e300, 1e300, 'INVALID'],
  [null, null, 'INVALID'],
]) {
  labelmeCase(
    `size ${JSON.stringify(w)}x${JSON.stringify(h)}`,
    expect,
    lmut((d) => Object.assign(d, { imageWidth: w, imageHeight: h })),
  );
}
labelmeCase(
  'label null',
  'INVALID',
  lmut((d) => (d.shapes[0].label = null)),
);
labelmeCase(
  'rectangle 1e300',
  'INVALID',
  lmut(
    (d) =>
      (d.shapes[0] = {
        label: 'car',
        shape_type: 'rectangle',
        points: [
          [0, 0],
          [1e300, 1e300],
        ],
      }),
  ),
);
labelmeCase(
  'circle 1e300',
  'INVALID',
  lmut(
    (d) =>
      (d.shapes[0] = {
        label: 'car',
        shape_type: 'circle',
        points: [
          [1, 1],
          [1e300, 1],
        ],
      }),
  ),
);

/** A Label Studio export. */
function labelStudioCase(name, expect, text) {
  add(`label-studio ${name}`, expect, () => {
    const dir = fresh();
    const file = join(dir, 'tasks.json');
    writeFileSync(file, typeof text === 'function' ? text() : text);
    const runs = [[['validate', file, '--from', 'label-studio']], [['scope', file, '--from', 'label-studio']]];
    for (const to of TO) {
      const out = outputFor(fresh(), to);
      runs.push([['convert', file, out, '--from', 'label-studio', '--to', to], out]);
    }
    return runs;
  });
}
const smut = (f) => () => {
  const doc = labelStudio();
  f(doc);
  return JSON.stringify(doc);
};
const result0 = (d) => d[0].annotations[0].result[0];
labelStudioCase('data 100k deep', 'any', () => {
  const doc = labelStudio();
  doc[0].data.meta = '@DEEP@';
  return withDeep(doc);
});
labelStudioCase('result 100k deep', 'INVALID', () => {
  const doc = labelStudio();
  doc[0].annotations[0].result = '@DEEP@';
  return withDeep(doc, deepList(100_000));
});
labelStudioCase('result value field 100k deep', 'any', () => {
  const doc = labelStudio();
  result0(doc).value.extra = '@DEEP@';
  return withDeep(doc);
});
labelStudioCase('tasks 100k deep', 'INVALID', () => deepList(100_000));
labelStudioCase(
  'null task',
  'INVALID',
  smut((d) => d.push(null)),
);
labelStudioCase(
  'null annotation',
  'INVALID',
  smut((d) => d[0].annotations.push(null)),
);
labelStudioCase(
  'null result',
  'INVALID',
  smut((d) => d[0].annotations[0].result.push(null)),
);
labelStudioCase(
  'null point',
  'INVALID',
  smut((d) => result0(d).value.points.push(null)),
);
labelStudioCase(
  'point 1e300',
  'INVALID',
  smut((d) => (result0(d).value.points[1][0] = 1e300)),
);
labelStudioCase(
  'point NaN string',
  'INVALID',
  smut((d) => (result0(d).value.points[1][0] = 'NaN')),
);
for (const [w, h, expect] of [
  [0, 6, 'INVALID'],
  [-8, 6, 'INVALID'],
  [1e9, 1e9, 'INVALID'],
  [4e9, 1, 'LIMIT'],
  [1e5, 1e4, 'LIMIT'],
  [8.5, 6, 'INVALID'],
  ['NaN', 6, 'INVALID'],
  [1e300, 1e300, 'INVALID'],
]) {
  labelStudioCase(
    `size ${JSON.stringify(w)}x${JSON.stringify(h)}`,
    expect,
    smut((d) => Object.assign(result0(d), { original_width: w, original_height: h })),
  );
}
labelStudioCase(
  'brush rle null',
  'INVALID',
  smut((d) => {
    d[0].annotations[0].result[0] = {
      type: 'brushlabels',
      original_width: 8,
      original_height: 6,
      value: { format: 'rle', rle: null, brushlabels: ['car'] },
    };
  }),
);
labelStudioCase(
  'brush rle garbage',
  'INVALID',
  smut((d) => {
    d[0].annotations[0].result[0] = {
      type: 'brushlabels',
      original_width: 8,
      original_height: 6,
      value: { format: 'rle', rle: [1, 2, 3, 4, 5, 6, 7, 8, 9], brushlabels: ['car'] },
    };
  }),
);

/** A CVAT XML file. */
function cvatCase(name, expect, text) {
  add(`cvat ${name}`, expect, () => {
    const dir = fresh();
    const file = join(dir, 'annotations.xml');
    writeFileSync(file, typeof text === 'function' ? text() : text);
    const runs = [[['validate', file, '--from', 'cvat']], [['scope', file, '--from', 'cvat']]];
    for (const to of TO) {
      const out = outputFor(fresh(), to);
      runs.push([['convert', file, out, '--from', 'cvat', '--to', to], out]);
    }
    return runs;
  });
}
cvatCase('100k nested elements', 'any', () => cvat({ inner: `${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}` }));
cvatCase('100k unclosed elements', 'INVALID', () => cvat({ inner: '<a>'.repeat(100_000) }));
for (const [w, h, expect] of [
  ['0', '6', 'INVALID'],
  ['-8', '6', 'INVALID'],
  ['1000000000', '1000000000', 'INVALID'],
  ['100000', '10000', 'LIMIT'],
  ['4000000000', '1', 'LIMIT'],
  ['8.5', '6', 'INVALID'],
  ['NaN', '6', 'INVALID'],
  ['1e300', '1e300', 'INVALID'],
  ['', '6', 'INVALID'],
]) {
  cvatCase(`size ${w}x${h}`, expect, () => cvat({ width: w, height: h }));
}
cvatCase('points 1e300', 'INVALID', () => cvat({ points: '1,1;1e300,1;3,5' }));
cvatCase('points NaN', 'INVALID', () => cvat({ points: '1,1;NaN,1;3,5' }));
cvatCase('points empty', 'INVALID', () => cvat({ points: '' }));
cvatCase('points garbage', 'INVALID', () => cvat({ points: ';;;,,,' }));
cvatCase('mask rle garbage', 'INVALID', () =>
  cvat({ inner: '<mask label="car" rle="1, 2, x" left="0" top="0" width="3" height="3"></mask>' }),
);
cvatCase('mask huge', 'INVALID', () =>
  cvat({ inner: '<mask label="car" rle="1" left="0" top="0" width="1000000000" height="1000000000"></mask>' }),
);
cvatCase('mask negative', 'INVALID', () =>
  cvat({ inner: '<mask label="car" rle="1" left="-5" top="0" width="1" height="1"></mask>' }),
);
cvatCase('not xml', 'INVALID', '{"a": 1}');
cvatCase(
  'entity bomb',
  'any',
  () =>
    `<?xml version="1.0"?><!DOCTYPE a [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>${cvat({ inner: '<tag label="&b;"></tag>' }).replace('<?xml version="1.0" encoding="utf-8"?>\n', '')}`,
);

/** A panoptic JSON with a PNG folder, hostile in its JSON. */
function panopticCase(name, expect, mutateDoc) {
  add(`panoptic ${name}`, expect, () => {
    const dir = fresh();
    const gt = join(dir, 'gt.json');
    writeFileSync(gt, JSON.stringify(coco()));
    const pan = join(dir, 'pan.json');
    const made = spawnSync(process.execPath, [BIN, 'convert', gt, pan, '--to', 'coco-panoptic'], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`setup: ${made.stderr}`);
    const doc = JSON.parse(require('node:fs').readFileSync(pan, 'utf8'));
    const text = mutateDoc(doc);
    writeFileSync(pan, text);
    const runs = [[['validate', pan, '--from', 'coco-panoptic']], [['eval', 'panoptic', '--gt', pan, '--pred', pan]]];
    for (const to of ['coco', 'png']) {
      const out = outputFor(fresh(), to);
      runs.push([['convert', pan, out, '--from', 'coco-panoptic', '--to', to], out]);
    }
    return runs;
  });
}

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
panopticCase('null annotation', 'INVALID', (d) => JSON.stringify({ ...d, annotations: [...d.annotations, null] }));
panopticCase('null segment', 'INVALID', (d) => {
  d.annotations[0].segments_info.push(null);
  return JSON.stringify(d);
});
panopticCase('info 100k deep', 'any', (d) => withDeep({ ...d, info: '@DEEP@' }));
panopticCase('segments_info 100k deep', 'INVALID', (d) => {
  d.annotations[0].segments_info = '@DEEP@';
  return withDeep(d, deepList(100_000));
});
panopticCase('image size 0', 'INVALID', (d) => {
  d.images[0].width = 0;
  return JSON.stringify(d);
});
panopticCase('null category', 'INVALID', (d) => JSON.stringify({ ...d, categories: [...d.categories, null] }));
panopticCase('null image', 'INVALID', (d) => JSON.stringify({ ...d, images: [...d.images, null] }));
panopticCase('file_name missing', 'INVALID', (d) => {
  delete d.annotations[0].file_name;
  return JSON.stringify(d);
});

/** Output paths under a regular file, for every --to. */
add('output under a regular file', 'IO', () => {
  const dir = fresh();
  const file = join(dir, 'in.json');
  writeFileSync(file, JSON.stringify(coco()));
  writeFileSync(join(dir, 'blocker'), 'x');
  const runs = [];
  for (const to of TO) {
    const out = outputFor(join(dir, 'blocker', 'sub'), to);
    runs.push([['convert', file, out, '--from', 'coco', '--to', to], out]);
    const out2 = outputFor(join(dir, 'blocker'), to);
    runs.push([['convert', file, out2, '--from', 'coco', '--to', to], out2]);
  }
  runs.push([['convert', file, join(dir, 'blocker'), '--from', 'coco', '--to', 'png']]);
  return runs;
});

// ---- run ------------------------------------------------------------------------------------
const bad = [];
let total = 0;
for (const { name, expect, build } of cases) {
  if (!name.includes(filter)) continue;
  let runs;
  try {
    runs = build();
  } catch (error) {
    bad.push(`${name}: setup failed: ${error.message}`);
    continue;
  }
  for (const [args, out] of runs) {
    total++;
    const started = performance.now();
    const run = spawnSync(process.execPath, ['--max-old-space-size=1024', BIN, ...args], {
      encoding: 'utf8',
      timeout: 30_000,
      killSignal: 'SIGKILL',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const seconds = (performance.now() - started) / 1000;
    const verb =
      args[0] === 'convert'
        ? `convert --to ${args[args.indexOf('--to') + 1]}`
        : args.slice(0, 2).join(' ').replace(/ \/.*/, '');
    const line = run.stderr.trim().split('\n')[0] ?? '';
    const code = /\[([A-Z_]+)\]$/.exec(run.stderr.trim())?.[1];
    const problems = [];
    if (run.signal) problems.push(`killed by ${run.signal} (${seconds.toFixed(1)} s)`);
    else if (/internal error|\n\s+at /.test(run.stderr)) problems.push(`CRASH: ${line.slice(0, 200)}`);
    else if (run.status === 0) {
      if (expect !== 'any' && expect !== 'ok') problems.push(`converted/accepted, expected ${expect}`);
    } else if (run.status === 1 && args[0] === 'validate' && run.stderr === '' && /\d+ errors?/.test(run.stdout)) {
      // validate lists the problems it found on stdout (exit 1): a report, not a crash.
      const first = run.stdout.split('\n')[0];
      if (expect === 'LIMIT' && !/LIMIT/.test(first)) problems.push(`validate: ${first.slice(0, 160)}, expected LIMIT`);
    } else if (run.status === 1) {
      if (code === undefined) problems.push(`exit 1 without a code: ${line.slice(0, 200)}`);
      else if (run.stderr.trim().split('\n').length > 1 && args[0] !== 'validate')
        problems.push(`several lines: ${line.slice(0, 160)}`);
      else if (expect === 'INVALID' && !code.startsWith('INVALID') && code !== 'SIZE_MISMATCH')
        problems.push(`code ${code}, expected INVALID_*: ${line.slice(0, 200)}`);
      else if (expect === 'LIMIT' && code !== 'LIMIT')
        problems.push(`code ${code}, expected LIMIT: ${line.slice(0, 200)}`);
      if (out !== undefined && existsSync(out)) problems.push('output left after a refusal');
    } else problems.push(`exit ${run.status}: ${line.slice(0, 200)}`);
    if (seconds > 10) problems.push(`took ${seconds.toFixed(1)} s`);
    const summary =
      run.status === 0
        ? 'ok'
        : run.stderr === ''
          ? `validate: ${run.stdout.split('\n')[0].replace(root, '…').slice(0, 150)}`
          : run.status === 1
            ? `[${code}] ${line
                .replace(/^segkit: /, '')
                .replace(/ \[[A-Z_]+\]$/, '')
                .replace(root, '…')
                .slice(0, 150)}`
            : `exit ${run.status}`;
    if (problems.length > 0) bad.push(`${name} | ${verb} | ${problems.join('; ')}`);
    if (process.env.PROBE_VERBOSE) console.log(`${name} | ${verb} | ${summary}`);
  }
}
rmSync(root, { recursive: true, force: true });
console.log(`${total} runs, ${bad.length} not as expected`);
for (const line of bad) console.log(line);
