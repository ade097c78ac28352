/**
 * parseLabelStudioExport / labelStudioFormat.read / brushLabelsResult: the masks of a Label Studio
 * JSON export, per task and per annotation.
 */
import { decode, encode, SegkitError } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { grid } from '../../../core/test/properties/arbitraries.js';
import { bitmapToBrushRle } from '../../src/label-studio/brush.js';
import { labelStudioFormat } from '../../src/label-studio/format.js';
import { brushLabelsResult, parseLabelStudioExport } from '../../src/label-studio/json-export.js';
import { memorySource } from '../codec-files.js';

const car = grid(`
  . # # .
  . # # .
  . . . .
`);
const road = grid(`
  . . . .
  . . . .
  # # # #
`);

function brush(id: string, mask: typeof car, labels: string[]) {
  return {
    original_width: mask.width,
    original_height: mask.height,
    image_rotation: 0,
    value: { format: 'rle', rle: bitmapToBrushRle(mask), brushlabels: labels },
    id,
    from_name: 'tag',
    to_name: 'image',
    type: 'brushlabels',
    origin: 'manual',
  };
}

/** Two tasks as Label Studio exports them: one annotated twice (one cancelled), one with a prediction. */
function exportDocument() {
  return [
    {
      id: 7,
      data: { image: '/data/upload/1/street.png' },
      annotations: [
        {
          id: 3,
          completed_by: 1,
          was_cancelled: false,
          result: [
            brush('a1', car, ['Car']),
            {
              type: 'rectanglelabels',
              id: 'r1',
              value: { x: 1, y: 2, width: 3, height: 4, rectanglelabels: ['Car'] },
            },
            brush('a2', road, ['Road']),
          ],
        },
        { id: 4, was_cancelled: true, result: [] },
      ],
      predictions: [],
    },
    {
      id: 8,
      data: { image: 's3://bucket/b.png' },
      annotations: [],
      predictions: [{ id: 9, model_version: 'v1', result: [brush('p1', road, ['Road'])] }],
    },
  ];
}

describe('parseLabelStudioExport', () => {
  it('parseLabelStudioExport returns each task with its annotations and their brush masks as COCO RLE', () => {
    const tasks = parseLabelStudioExport(exportDocument());
    expect(tasks).toHaveLength(2);
    const [first, second] = tasks;
    expect(first.id).toBe(7);
    expect(first.data).toEqual({ image: '/data/upload/1/street.png' });
    expect(first.annotations.map((a) => [a.id, a.wasCancelled, a.masks.length])).toEqual([
      [3, false, 2],
      [4, true, 0],
    ]);
    const [carMask, roadMask] = first.annotations[0].masks;
    expect(carMask).toMatchObject({ labels: ['Car'], id: 'a1', fromName: 'tag', toName: 'image' });
    expect(carMask.rle).toEqual(encode(car));
    expect(decode(roadMask.rle)).toEqual(road);
    expect(second.annotations).toEqual([]);
    expect(second.predictions[0].masks[0].labels).toEqual(['Road']);
    expect(decode(second.predictions[0].masks[0].rle)).toEqual(road);
  });

  it('parseLabelStudioExport reads a "labels" result that carries an rle (brush.py reads both types)', () => {
    const result = { ...brush('x', car, []), type: 'labels', value: { rle: bitmapToBrushRle(car), labels: ['Car'] } };
    const [task] = parseLabelStudioExport([{ id: 1, annotations: [{ id: 1, result: [result] }] }]);
    expect(task.annotations[0].masks[0].labels).toEqual(['Car']);
    expect(task.data).toEqual({});
  });

  it('parseLabelStudioExport locates errors by task, annotation and result ids', () => {
    const document = exportDocument();
    document[0].annotations[0].result[2] = { ...brush('a2', road, ['Road']), original_height: 4 };
    expect(() => parseLabelStudioExport(document)).toThrow(
      'task 0 (id 7): annotation 0 (id 3): result 2 (id "a2"): brush mask holds 48 bytes but a 4×4 RGBA image needs 64 (4·4·4)',
    );
  });

  it('parseLabelStudioExport rejects malformed documents with messages naming the values', () => {
    const cases: [unknown, string][] = [
      [{ tasks: [] }, 'a Label Studio JSON export is a list of tasks, got an object'],
      [[42], 'task 0: a task must be an object, got number 42'],
      [[{ annotations: {} }], 'task 0: "annotations" must be a list, got an object'],
      [[{ annotations: [{ result: 'x' }] }], 'annotation 0: "result" must be a list, got string "x"'],
      [
        [{ annotations: [{ result: [{ ...brush('b', car, ['Car']), original_width: -3 }] }] }],
        '"original_width" and "original_height" must be positive integers, got -3 and 3',
      ],
      [
        [{ annotations: [{ result: [{ ...brush('b', car, ['Car']), value: { format: 'png', rle: [] } }] }] }],
        'brush "value.format" is "png"; only "rle" is read',
      ],
      [
        [{ annotations: [{ result: [{ ...brush('b', car, ['Car']), value: { rle: 'AAAA' } }] }] }],
        '"value.rle" must be a list of bytes, got string "AAAA"',
      ],
      [
        [{ annotations: [{ result: [{ ...brush('b', car, ['Car']), value: { rle: [1, 2, 999] } }] }] }],
        'rle[2] is 999',
      ],
      [
        [{ annotations: [{ result: [{ ...brush('b', car, []), value: { rle: [], brushlabels: [1] } }] }] }],
        '"value.brushlabels" must be a list of strings, got [1]',
      ],
    ];
    for (const [document, message] of cases) {
      expect(() => parseLabelStudioExport(document), message).toThrow(message);
      expect(() => parseLabelStudioExport(document)).toThrow(SegkitError);
    }
  });
});

describe('labelStudioFormat.read and brushLabelsResult', () => {
  it('labelStudioFormat.read reads a file and names it in errors', async () => {
    const good = memorySource({ 'export.json': JSON.stringify(exportDocument()) }, 'export.json', 'in/export.json');
    const { dataset } = await labelStudioFormat.read(good);
    expect(dataset.annotations).toHaveLength(2);

    const document = JSON.stringify([{ annotations: [{ result: [{ type: 'brushlabels', value: 1 }] }] }]);
    const bad = memorySource({ 'bad.json': document }, 'bad.json', 'in/bad.json');
    await expect(labelStudioFormat.read(bad)).rejects.toThrow('in/bad.json: task 0: annotation 0: result 0: "value"');
    const missing = memorySource({}, 'missing.json', 'in/missing.json');
    await expect(labelStudioFormat.read(missing)).rejects.toThrow('cannot read: ENOENT');
  });

  it('brushLabelsResult writes a result that parseLabelStudioExport reads back', () => {
    const result = brushLabelsResult({ bitmap: road, labels: ['Road'], fromName: 'tag', toName: 'image', id: 'n1' });
    expect(result).toMatchObject({
      id: 'n1',
      type: 'brushlabels',
      original_width: 4,
      original_height: 3,
      value: { format: 'rle', brushlabels: ['Road'] },
    });
    const [task] = parseLabelStudioExport([{ data: {}, annotations: [{ result: [result] }] }]);
    expect(decode(task.annotations[0].masks[0].rle)).toEqual(road);
  });
});
