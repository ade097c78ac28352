/**
 * The web app's pure parts: taxonomies for the create form, the overlay of a document, and how an eval
 * report reads. Expected values are worked by hand (the Cityscapes colours from cityscapesScripts
 * labels.py; the QA report shapes as `segkit eval --format json` prints them).
 */
import { encode, rleToString } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import type { QaReport, Segment } from '../src/api/types.js';
import { defaultColor, hexToRgb, packRgba } from '../src/lib/colors.js';
import { deadlineText } from '../src/lib/format.js';
import { paintOverlay } from '../src/lib/overlay.js';
import { columns, formatCell, headline, scoreKey } from '../src/lib/qa.js';
import { cityscapesClasses, cocoCategoriesToClasses, listToClasses } from '../src/lib/taxonomy.js';

describe('taxonomies', () => {
  it('cityscapesClasses() returns labelIds 0..33 with the official colours and no license plate', () => {
    const classes = cityscapesClasses();
    expect(classes.map((c) => c.id)).toEqual(Array.from({ length: 34 }, (_, i) => i));
    expect(classes.find((c) => c.name === 'license plate')).toBeUndefined();
    expect(classes[7]).toEqual({ id: 7, name: 'road', color: '#804080', isthing: false });
    expect(classes[26]).toEqual({ id: 26, name: 'car', color: '#00008e', isthing: true });
    expect(classes[24]).toEqual({ id: 24, name: 'person', color: '#dc143c', isthing: true });
    expect(classes[33]).toEqual({ id: 33, name: 'bicycle', color: '#770b20', isthing: true });
    expect(new Set(classes.map((c) => c.name)).size).toBe(34);
  });

  it('cocoCategoriesToClasses reads a document or an array, with panoptic colours and isthing', () => {
    const doc = JSON.stringify({
      images: [],
      categories: [
        { id: 1, name: 'person', supercategory: 'human', isthing: 1, color: [220, 20, 60] },
        { id: 184, name: 'sky', isthing: 0, color: [70, 130, 180] },
      ],
    });
    expect(cocoCategoriesToClasses(doc)).toEqual([
      { id: 1, name: 'person', color: '#dc143c', isthing: true },
      { id: 184, name: 'sky', color: '#4682b4', isthing: false },
    ]);
    const array = cocoCategoriesToClasses('[{"id": 3, "name": "car"}]');
    expect(array).toEqual([{ id: 3, name: 'car', color: defaultColor(0), isthing: true }]);
  });

  it('cocoCategoriesToClasses names what is wrong', () => {
    expect(() => cocoCategoriesToClasses('{')).toThrow(/not JSON/);
    expect(() => cocoCategoriesToClasses('{"images": []}')).toThrow(/categories/);
    expect(() => cocoCategoriesToClasses('[{"id": 1.5, "name": "x"}]')).toThrow('category 0: id 1.5 is not an integer');
    expect(() => cocoCategoriesToClasses('[{"id": 1, "name": "a"}, {"id": 2}]')).toThrow('category 1 (id 2): no name');
  });

  it('listToClasses numbers lines from 0, takes given ids, and marks " *" lines as things', () => {
    const classes = listToClasses('road\n\ncar *\n10 sign\nsky');
    expect(classes.map(({ id, name, isthing }) => [id, name, isthing])).toEqual([
      [0, 'road', false],
      [1, 'car', true],
      [10, 'sign', false],
      [11, 'sky', false],
    ]);
    expect(new Set(classes.map((c) => c.color)).size).toBe(4);
    for (const c of classes) expect(c.color).toMatch(/^#[0-9a-f]{6}$/);
  });
});

describe('colours', () => {
  it('hexToRgb and packRgba read #rrggbb (packed little-endian, opaque)', () => {
    expect(hexToRgb('#804080')).toEqual([128, 64, 128]);
    expect(hexToRgb('red')).toBeUndefined();
    expect(packRgba('#804080')).toBe(0xff804080);
    expect(packRgba('#102030')).toBe(0xff302010);
  });
});

/** A compressed RLE of a mask drawn as rows of '#' (on) and '.' (off). */
function segment(id: number, categoryId: number, rows: string[]): Segment {
  const height = rows.length;
  const width = rows[0].length;
  const data = Uint8Array.from(rows.join(''), (ch) => (ch === '#' ? 1 : 0));
  return {
    id,
    categoryId,
    segmentation: { size: [height, width], counts: rleToString(encode({ height, width, data })) },
  };
}

describe('paintOverlay', () => {
  const classes = [
    { id: 0, name: 'road', color: '#804080', isthing: false },
    { id: 1, name: 'car', color: '#00008e', isthing: true },
  ];
  const pixel = (rgba: Uint8ClampedArray, width: number, x: number, y: number) =>
    Array.from(rgba.subarray(4 * (y * width + x), 4 * (y * width + x) + 4));

  it('paints each segment in its class colour, later segments on top, unlabelled pixels transparent', () => {
    const road = segment(1, 0, ['###.', '###.', '....']);
    const car = segment(2, 1, ['....', '.##.', '.##.']);
    const overlay = paintOverlay([road, car], classes, 4, 3);
    expect(pixel(overlay.rgba, 4, 0, 0)).toEqual([128, 64, 128, 255]);
    expect(pixel(overlay.rgba, 4, 1, 1)).toEqual([0, 0, 142, 255]); // car over road
    expect(pixel(overlay.rgba, 4, 3, 0)).toEqual([0, 0, 0, 0]);
    expect(pixel(overlay.rgba, 4, 0, 2)).toEqual([0, 0, 0, 0]);
    expect(overlay.pixels).toEqual(
      new Map([
        [0, 4], // 6 road pixels, 2 of them under the car
        [1, 4],
      ]),
    );
  });

  it('shows a class missing from the taxonomy in magenta and refuses an RLE of another size', () => {
    const stray = segment(1, 9, ['#.', '..']);
    expect(pixel(paintOverlay([stray], classes, 2, 2).rgba, 2, 0, 0)).toEqual([255, 0, 255, 255]);
    expect(() => paintOverlay([stray], classes, 3, 2)).toThrow('segment 1: its mask is 2×2, the image 3×2');
  });
});

describe('QA reports', () => {
  const semantic: QaReport = {
    miou: 0.875,
    pixelAccuracy: 0.8333,
    meanAccuracy: 0.875,
    fwIou: 0.8333,
    perClass: [
      { id: 0, name: 'road', iou: 0.75, dice: 0.857, gtPixels: 8, predPixels: 6 },
      { id: 2, name: 'person', iou: null, dice: null, gtPixels: 0, predPixels: 0, absent: true },
    ],
    alerts: [],
  };
  // As `segkit eval instance --format json` prints them: COCOeval's stats with −1 where undefined.
  const instance: QaReport = { iouType: 'segm', stats: [0.65, 1, 0.9, 0.65, -1, -1, 0.6, 0.6, 0.62, 0.62, -1, -1] };
  const panoptic: QaReport = {
    all: { pq: 0.875, sq: 0.875, rq: 1, n: 2 },
    things: { pq: 1, sq: 1, rq: 1, n: 1 },
    stuff: { pq: 0.75, sq: 0.75, rq: 1, n: 1 },
  };

  it('headline gives mIoU, AP or PQ first, null where the report has no value', () => {
    expect(headline('semantic', semantic)[0]).toEqual({ label: 'mIoU', value: 0.875 });
    expect(headline('instance', instance)).toEqual([
      { label: 'AP', value: 0.65 },
      { label: 'AP50', value: 1 },
      { label: 'AP75', value: 0.9 },
      { label: 'AR100', value: 0.62 },
    ]);
    expect(headline('instance', { stats: [-1] })[0].value).toBeNull();
    expect(headline('panoptic', panoptic).map((f) => f.value)).toEqual([0.875, 0.875, 1, 1, 0.75]);
    expect(headline('semantic', {})[0]).toEqual({ label: 'mIoU', value: null });
  });

  it('columns lists the row keys but the absent flag; ratios print as percentages, counts as they are', () => {
    expect(columns(semantic)).toEqual(['id', 'name', 'iou', 'dice', 'gtPixels', 'predPixels']);
    expect(formatCell('iou', 0.75)).toBe('75.00');
    expect(formatCell('gtPixels', 8)).toBe('8');
    expect(formatCell('iou', null)).toBe('–');
    expect(formatCell('isthing', true)).toBe('yes');
    expect(scoreKey('panoptic')).toEqual({ key: 'pq', label: 'PQ' });
  });
});

describe('deadlineText', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('says how long is left, or how long ago it passed', () => {
    expect(deadlineText('2026-01-03T05:00:00Z', now)).toBe('in 2 d 5 h');
    expect(deadlineText('2026-01-01T00:40:00Z', now)).toBe('in 40 min');
    expect(deadlineText('2025-12-31T21:00:00Z', now)).toBe('3 h 0 min overdue');
  });
});
