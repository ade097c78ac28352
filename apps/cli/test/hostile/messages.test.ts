/**
 * Issue 10 §5, messages: every error names its file once, first, then the item (coco → binary-masks,
 * coco → panoptic and the eval ground truth and detections did not, or named the file twice), and
 * values are shown as the file holds them, through core's showValue: Infinity as Infinity (not
 * JSON's null), strings quoted apart from numbers.
 */
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cocoDoc, cvatXml, labelmeDoc, labelStudioDoc, put } from './crashes-helpers.js';
import { expectSuccess, outputsWorkspace, segkitRun } from './outputs-helpers.js';

vi.setConfig({ testTimeout: 300_000 });

/** Occurrences of `text` in `within`. */
const count = (within: string, text: string) => within.split(text).length - 1;

/** A COCO file whose annotation is a two-point polygon: refused wherever it is rasterized. */
function twoPointPolygon(dir: string): string {
  const doc = cocoDoc();
  doc.annotations[0] = { ...(doc.annotations[0] as object), segmentation: [[1, 1, 6, 1]] };
  return put(dir, 'gt.json', JSON.stringify(doc));
}

describe('every error names its file once, first, then the item', () => {
  it('convert coco to every format whose writer rasterizes, eval instance on a bad ground truth and bad detections', () => {
    const { dir } = outputsWorkspace();
    const gt = twoPointPolygon(dir);
    const good = put(dir, 'good.json', JSON.stringify(cocoDoc()));
    const result = { image_id: 1, category_id: 1, score: 0.5 };
    const badRle = put(
      dir,
      'dt-rle.json',
      JSON.stringify([{ ...result, segmentation: { size: [6, 8], counts: 'zz' } }]),
    );
    const badPolygon = put(
      dir,
      'dt-polygon.json',
      JSON.stringify([{ ...result, bbox: [1, 1, 4, 4], segmentation: [[1, 1, 'x', 2, 3, 3]] }]),
    );
    const out = (name: string) => join(dir, name);
    const cases: [string[], string, string][] = [
      [
        ['convert', gt, out('masks'), '--to', 'binary-masks'],
        gt,
        'annotation 0 (id 1): polygon part 0: polygon has 4 coordinates',
      ],
      [['convert', gt, out('pan.json'), '--to', 'coco-panoptic'], gt, 'annotation 0 (id 1): polygon part 0'],
      [['convert', gt, out('png'), '--to', 'png'], gt, 'annotation 0 (id 1): polygon part 0'],
      [['convert', gt, out('voc'), '--to', 'voc'], gt, 'annotation 0 (id 1): polygon part 0'],
      [['convert', gt, out('cvat.xml'), '--to', 'cvat'], gt, 'annotation 0 (id 1): polygon part 0'],
      [['convert', gt, out('ls.json'), '--to', 'label-studio'], gt, 'annotation 0 (id 1): polygon part 0'],
      [
        [
          'eval',
          'instance',
          '--gt',
          gt,
          '--dt',
          put(dir, 'dt.json', JSON.stringify([{ ...result, bbox: [1, 1, 4, 4] }])),
        ],
        gt,
        'annotation 0 (id 1): polygon part 0',
      ],
      [
        ['eval', 'instance', '--gt', good, '--dt', badRle],
        badRle,
        "result 0: character 0 is \"z\" (code 122); compressed counts use only '0'..'o'",
      ],
      [
        ['eval', 'instance', '--gt', good, '--dt', badPolygon],
        badPolygon,
        'result 0: polygon part 0: coordinate 2 (x of point 1) is "x"',
      ],
      [
        ['eval', 'instance', '--gt', good, '--dt', badPolygon, '--iou-type', 'boundary'],
        badPolygon,
        'result 0: polygon part 0',
      ],
    ];
    for (const [args, file, item] of cases) {
      const run = segkitRun(args);
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(run.stderr.startsWith(`segkit: ${file}: ${item}`), `${args.join(' ')}\n${run.stderr}`).toBe(true);
      expect(count(run.stderr, `${file}: `), run.stderr).toBe(1);
    }
  });

  it('labelme, Label Studio and CVAT items, and an eval panoptic ground truth, name their file once', () => {
    const { dir } = outputsWorkspace();
    const labelme = labelmeDoc();
    (labelme.shapes[0] as { points: unknown[] }).points = [
      [0, 0],
      [1, 'a'],
    ];
    const shapes = put(dir, 'labelme.json', JSON.stringify(labelme));
    const tasks = labelStudioDoc();
    (tasks[0].annotations[0].result[0] as { value: { points: unknown[] } }).value.points = [
      [0, 0],
      [50, 0],
    ];
    const studio = put(dir, 'tasks.json', JSON.stringify(tasks));
    const xml = put(dir, 'annotations.xml', cvatXml('8', '6', '1,1;6,1'));
    const gt = put(dir, 'gt.json', JSON.stringify(cocoDoc()));
    expectSuccess(segkitRun(['convert', gt, join(dir, 'pan.json'), '--to', 'coco-panoptic']));
    for (const [args, file] of [
      [['convert', shapes, join(dir, 'a.json'), '--from', 'labelme'], shapes],
      [['convert', studio, join(dir, 'b.json'), '--from', 'label-studio'], studio],
      [['convert', xml, join(dir, 'c.json'), '--from', 'cvat'], xml],
      [['eval', 'panoptic', '--gt', join(dir, 'pan.json'), '--pred', gt], gt],
    ] as [string[], string][]) {
      const run = segkitRun(args);
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`^segkit: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\S`));
      expect(count(run.stderr, `${file}: `), run.stderr).toBe(1);
    }
  });
});

describe('values are shown as the file holds them', () => {
  it('Infinity as Infinity, strings quoted, lists with their nulls, numbers as JavaScript prints them', () => {
    const { dir } = outputsWorkspace();
    const out = join(dir, 'out.json');
    const huge = put(dir, 'huge.json', JSON.stringify({ ...labelmeDoc(), imageWidth: 1e300, imageHeight: 1e300 }));
    const stringWidth = cocoDoc();
    stringWidth.images[0].width = '8';
    const box = cocoDoc();
    box.annotations[0] = { ...(box.annotations[0] as object), bbox: [1, null, 5, 4] };
    const good = put(dir, 'good.json', JSON.stringify(cocoDoc()));
    const cases: [string[], string][] = [
      // JSON.stringify would print the product as null.
      [['convert', huge, out, '--from', 'labelme'], 'imageWidth × imageHeight (1e+300×1e+300) has Infinity pixels'],
      [
        ['convert', put(dir, 'string.json', JSON.stringify(stringWidth)), out],
        '"height" and "width" must be positive integers, got 6 and "8"',
      ],
      [['convert', put(dir, 'box.json', JSON.stringify(box)), out], '"bbox" must be [x, y, w, h], got [1, null, 5, 4]'],
      [
        [
          'eval',
          'instance',
          '--gt',
          good,
          '--dt',
          put(dir, 'dt.json', JSON.stringify([{ image_id: 1, category_id: 1, score: 'NaN', bbox: [0, 0, 1, 1] }])),
        ],
        '"score" must be a finite number, got "NaN"',
      ],
    ];
    for (const [args, shown] of cases) {
      const run = segkitRun(args);
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).toContain(shown);
    }
  });
});
