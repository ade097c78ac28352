import { SegkitError } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { checkPolygonsDocument } from '../../src/cityscapes/document.js';

const valid = {
  imgHeight: 2,
  imgWidth: 3,
  objects: [
    {
      label: 'road',
      polygon: [
        [0, 0],
        [2, 1],
      ],
    },
  ],
};

function errorOf(value: unknown): SegkitError {
  try {
    checkPolygonsDocument(value);
  } catch (error) {
    if (error instanceof SegkitError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('checkPolygonsDocument(value)', () => {
  it('returns a valid document as it is, unknown fields included', () => {
    const document = { ...valid, extra: { kept: true } };
    expect(checkPolygonsDocument(document)).toBe(document);
  });

  it('rejects what is not a document object', () => {
    expect(errorOf([]).code).toBe('INVALID_DATASET');
    expect(errorOf({ imgHeight: 2, imgWidth: 3 }).message).toBe('"objects" is missing or not a list');
  });

  it('rejects a size that is not two positive integers, quoting it', () => {
    const error = errorOf({ ...valid, imgHeight: 0, imgWidth: '3' });
    expect(error.code).toBe('INVALID_SIZE');
    expect(error.message).toBe('"imgHeight" and "imgWidth" must be positive integers, got 0 and "3"');
    expect(errorOf({ ...valid, imgWidth: 2.5 }).code).toBe('INVALID_SIZE');
  });

  it('names the object (index and label) and the vertex of a bad polygon', () => {
    const objects = [
      valid.objects[0],
      {
        label: 'car',
        polygon: [
          [0, 0],
          JSON.parse('[1, 1e400]'), // JSON numbers beyond double range parse as Infinity
        ],
      },
    ];
    expect(errorOf({ ...valid, objects }).message).toBe(
      'object 1 (car): polygon vertex 1 is [1, Infinity]; a vertex is [x, y], two finite numbers below 1073741824 in magnitude',
    );
    expect(errorOf({ ...valid, objects: [{ label: 'car', polygon: [[0, 0, 0]] }] }).message).toMatch(
      /^object 0 \(car\): polygon vertex 0 is \[0, 0, 0\]/,
    );
    expect(errorOf({ ...valid, objects: [{ label: 'car', polygon: [['1', 2]] }] }).code).toBe('INVALID_POLYGON');
    expect(errorOf({ ...valid, objects: [{ label: 'car', polygon: { x: 1 } }] }).message).toBe(
      'object 0 (car): "polygon" must be a list of [x, y] points, got {"x": 1}',
    );
  });

  it('names the object whose label is missing or not a string', () => {
    expect(errorOf({ ...valid, objects: [valid.objects[0], { polygon: [] }] }).message).toBe(
      'object 1: "label" must be a string, got undefined',
    );
    expect(errorOf({ ...valid, objects: [7] }).message).toBe('object 0: an object must be a JSON object, got 7');
  });
});
