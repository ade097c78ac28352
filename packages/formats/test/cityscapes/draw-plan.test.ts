import { SegkitError } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { checkPolygonsDocument } from '../../src/cityscapes/document.js';
import { planObjects } from '../../src/cityscapes/draw-plan.js';
import { renderCityscapes } from '../../src/cityscapes/render.js';

const box = (x0: number, y0: number, x1: number, y1: number): [number, number][] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
];

const plan = (objects: object[]) => planObjects(checkPolygonsDocument({ imgHeight: 4, imgWidth: 4, objects }));

/** An Int32Array image of width 4 as rows of values. */
const rows = (image: Int32Array | Uint8Array): number[][] =>
  Array.from({ length: image.length / 4 }, (_, y) => Array.from(image.subarray(y * 4, y * 4 + 4)));

describe('planObjects(document): which objects cityscapesScripts draws, and with which values', () => {
  it('numbers each instance class on its own, in list order: id·1000 + k', () => {
    const drawn = plan([
      { label: 'car', polygon: box(0, 0, 1, 1) },
      { label: 'person', polygon: box(0, 0, 1, 1) },
      { label: 'car', polygon: box(0, 0, 1, 1) },
      { label: 'road', polygon: box(0, 0, 1, 1) },
    ]).drawn;
    expect(drawn.map((o) => [o.labelId, o.trainId, o.instanceId, o.instanceTrainId])).toEqual([
      [26, 13, 26000, 13000],
      [24, 11, 24000, 11000],
      [26, 13, 26001, 13001],
      [7, 0, 7, 0],
    ]);
  });

  it('skips deleted objects (Python truthiness) without using up an instance number', () => {
    const { drawn, skipped } = plan([
      { label: 'car', polygon: box(0, 0, 1, 1), deleted: 1 },
      { label: 'car', polygon: box(0, 0, 1, 1), deleted: 0 },
      { label: 'car', polygon: box(0, 0, 1, 1), deleted: true },
      { label: 'car', polygon: box(0, 0, 1, 1), deleted: null },
      { label: 'car', polygon: box(0, 0, 1, 1), deleted: '0' }, // a non-empty string is true in Python
    ]);
    expect(drawn.map((o) => [o.index, o.instanceId])).toEqual([
      [1, 26000],
      [3, 26001],
    ]);
    expect(skipped).toEqual([
      { index: 0, label: 'car', reason: 'deleted' },
      { index: 2, label: 'car', reason: 'deleted' },
      { index: 4, label: 'car', reason: 'deleted' },
    ]);
  });

  it('draws groups with the plain class id and takes no instance number for them', () => {
    const drawn = plan([
      { label: 'cargroup', polygon: box(0, 0, 1, 1) },
      { label: 'car', polygon: box(0, 0, 1, 1) },
      { label: 'polegroup', polygon: box(0, 0, 1, 1) },
    ]).drawn;
    expect(drawn.map((o) => [o.label.name, o.isGroup, o.instanceId, o.instanceTrainId])).toEqual([
      ['car', true, 26, 13],
      ['car', false, 26000, 13000],
      ['polegroup', false, 18, 255],
    ]);
  });

  it('never draws license plates, whatever their polygon', () => {
    const { drawn, skipped } = plan([
      { label: 'license plate', polygon: [] },
      { label: 'license plategroup', polygon: [[1, 1]] },
    ]);
    expect(drawn).toEqual([]);
    expect(skipped.map((s) => s.reason)).toEqual([
      'license plate (id -1) is never drawn',
      'license plate (id -1) is never drawn',
    ]);
  });

  it('with trainIds, caravan and trailer (trainId 255) are plain 255 and take no number', () => {
    const drawn = plan([
      { label: 'caravan', polygon: box(0, 0, 1, 1) },
      { label: 'caravan', polygon: box(0, 0, 1, 1) },
    ]).drawn;
    expect(drawn.map((o) => [o.instanceId, o.instanceTrainId])).toEqual([
      [29000, 255],
      [29001, 255],
    ]);
  });

  it('rejects an unknown label, naming the object, but not on a deleted object', () => {
    expect(() =>
      plan([
        { label: 'road', polygon: box(0, 0, 1, 1) },
        { label: 'foogroup', polygon: box(0, 0, 1, 1) },
      ]),
    ).toThrow('object 1 (foogroup): unknown label "foogroup"');
    expect(plan([{ label: 'foo', polygon: box(0, 0, 1, 1), deleted: 1 }]).skipped).toHaveLength(1);
  });

  it('rejects a drawn polygon of fewer than 2 vertices, as Pillow does', () => {
    expect(() => plan([{ label: 'road', polygon: [[1, 1]] }])).toThrow(
      'object 0 (road): polygon has 1 vertices; Pillow, and so cityscapesScripts, needs at least 2',
    );
    try {
      plan([{ label: 'road', polygon: [] }]);
    } catch (error) {
      expect(error).toBeInstanceOf(SegkitError);
      expect((error as SegkitError).code).toBe('INVALID_POLYGON');
    }
  });
});

describe('renderCityscapes(document) draws in list order, later objects over earlier ones', () => {
  it('the five images of a small scene', () => {
    const { images, plan } = renderCityscapes({
      imgHeight: 4,
      imgWidth: 4,
      objects: [
        { label: 'road', polygon: box(0, 2, 3, 3) },
        { label: 'car', polygon: box(0, 1, 1, 2) },
        { label: 'car', polygon: box(2, 0, 3, 2) },
        { label: 'license plate', polygon: box(0, 0, 3, 3) },
        { label: 'cargroup', polygon: box(3, 3, 3, 3) },
        { label: 'car', polygon: box(0, 0, 0, 0), deleted: 1 },
      ],
    });
    expect(rows(images.labelIds)).toEqual([
      [0, 0, 26, 26],
      [26, 26, 26, 26],
      [26, 26, 26, 26],
      [7, 7, 7, 26],
    ]);
    expect(rows(images.trainIds)).toEqual([
      [255, 255, 13, 13],
      [13, 13, 13, 13],
      [13, 13, 13, 13],
      [0, 0, 0, 13],
    ]);
    expect(rows(images.instanceIds)).toEqual([
      [0, 0, 26001, 26001],
      [26000, 26000, 26001, 26001],
      [26000, 26000, 26001, 26001],
      [7, 7, 7, 26],
    ]);
    expect(rows(images.instanceTrainIds)).toEqual([
      [255, 255, 13001, 13001],
      [13000, 13000, 13001, 13001],
      [13000, 13000, 13001, 13001],
      [0, 0, 0, 13],
    ]);
    expect(Array.from(images.color.subarray(0, 12))).toEqual([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 142, 255]);
    expect(plan.drawn.map((o) => o.index)).toEqual([0, 1, 2, 4]);
    expect(plan.skipped.map((s) => s.index)).toEqual([3, 5]);
  });
});
