import { describe, expect, it } from 'vitest';
import {
  checkCocoDataset,
  checkLimit,
  checkPixelLimit,
  checkPolygonVertices,
  DEFAULT_LIMITS,
  LIMIT_FLAGS,
  LimitError,
  loadCocoResults,
  resolveLimits,
  SegkitError,
} from '../src/index.js';

/** The error `work` throws (the test fails when it throws none). */
function thrown(work: () => unknown): LimitError {
  try {
    work();
  } catch (error) {
    return error as LimitError;
  }
  throw new Error('nothing was thrown');
}

describe('limits', () => {
  it('checkPixelLimit accepts 2^28 pixels and refuses one more row, naming the limit and how to raise it', () => {
    expect(() => checkPixelLimit(16384, 16384, undefined, 'image 1')).not.toThrow();
    let thrown: unknown;
    try {
      checkPixelLimit(16384, 16385, undefined, 'image 1');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(LimitError);
    expect(thrown).toBeInstanceOf(SegkitError);
    const error = thrown as LimitError;
    expect(error.code).toBe('LIMIT');
    expect(error.limit).toBe('maxPixels');
    expect(error.actual).toBe(16384 * 16385);
    expect(error.max).toBe(268435456);
    expect(error.message).toBe(
      'image 1 (16384×16385) has 268,451,840 pixels, over the limit of 268,435,456 pixels per image; raise it with --max-pixels N or SEGKIT_MAX_PIXELS',
    );
  });

  it('checkPixelLimit uses the caller’s limit', () => {
    expect(() => checkPixelLimit(10, 10, { maxPixels: 99 }, 'the PNG header')).toThrow(
      /100 pixels, over the limit of 99/,
    );
    expect(() => checkPixelLimit(10, 10, { maxPixels: 100 }, 'the PNG header')).not.toThrow();
  });

  it('withContext keeps the sentence and the fields, with the file in front once', () => {
    const error = new LimitError('maxClasses', 1e9, 65536, '--num-classes').withContext('gt/');
    expect(error).toBeInstanceOf(LimitError);
    expect(error.limit).toBe('maxClasses');
    expect(error.message).toBe(
      'gt/: --num-classes has 1,000,000,000 classes, over the limit of 65,536 classes; raise it with --max-classes N or SEGKIT_MAX_CLASSES',
    );
    expect(error.withContext('x').message.startsWith('x: gt/: --num-classes')).toBe(true);
  });

  it('checkLimit compares against the named limit', () => {
    expect(() => checkLimit('maxVertices', 2 ** 20, undefined, 'polygon')).not.toThrow();
    expect(() => checkLimit('maxVertices', 2 ** 20 + 1, undefined, 'polygon')).toThrow(LimitError);
  });

  it('resolveLimits fills defaults and ignores values that are not positive numbers', () => {
    expect(resolveLimits(undefined)).toEqual(DEFAULT_LIMITS);
    expect(resolveLimits({ maxPixels: 5, maxClasses: Number.NaN, maxVertices: -1 })).toEqual({
      ...DEFAULT_LIMITS,
      maxPixels: 5,
    });
  });

  it('the vertex limit is raised with --max-polygon-vertices (convert --max-vertices caps traced output instead)', () => {
    expect(LIMIT_FLAGS.maxVertices).toEqual({
      flag: '--max-polygon-vertices',
      env: 'SEGKIT_MAX_POLYGON_VERTICES',
      what: 'vertices per polygon',
    });
  });

  it('checkPolygonVertices refuses the first polygon part over the limit, naming it, and lets RLE pass', () => {
    const square = [0, 0, 4, 0, 4, 4, 0, 4];
    expect(() => checkPolygonVertices([square, square], { maxVertices: 4 })).not.toThrow();
    const error = thrown(() => checkPolygonVertices([square, [...square, 2, 6]], { maxVertices: 4 }));
    expect(error).toBeInstanceOf(LimitError);
    expect(error.message).toBe(
      'polygon part 1 has 5 vertices, over the limit of 4 vertices per polygon; raise it with --max-polygon-vertices N or SEGKIT_MAX_POLYGON_VERTICES',
    );
    expect(() => checkPolygonVertices({ size: [4, 4], counts: 'x' }, { maxVertices: 1 })).not.toThrow();
  });
});

describe('checkCocoDataset holds images and polygons to the limits', () => {
  const dataset = (width: number, height: number, vertices = 3) => ({
    images: [{ id: 7, file_name: 'street.jpg', width, height }],
    annotations: [
      { id: 3, image_id: 7, category_id: 1, segmentation: [Array.from({ length: 2 * vertices }, (_, i) => i % 7)] },
    ],
    categories: [{ id: 1, name: 'car' }],
  });

  it('a COCO image record of 40000×40000 is a LimitError naming the file and the image, by default', () => {
    const error = thrown(() => checkCocoDataset(dataset(40000, 40000), { file: 'in.json' }));
    expect(error).toBeInstanceOf(LimitError);
    expect(error.code).toBe('LIMIT');
    expect(error.message).toBe(
      'in.json: image 0 (id 7): street.jpg (40000×40000) has 1,600,000,000 pixels, over the limit of 268,435,456 pixels per image; raise it with --max-pixels N or SEGKIT_MAX_PIXELS',
    );
    expect(error.context).toEqual(['in.json', 'image 0 (id 7)']);
  });

  it('the caller raises or lowers the limits', () => {
    expect(() => checkCocoDataset(dataset(40000, 40000), { limits: { maxPixels: 1.6e9 } })).not.toThrow();
    expect(thrown(() => checkCocoDataset(dataset(10, 10), { limits: { maxPixels: 99 } })).limit).toBe('maxPixels');
  });

  it('a polygon part over maxVertices is a LimitError naming the annotation', () => {
    expect(() => checkCocoDataset(dataset(10, 10, 6), { limits: { maxVertices: 6 } })).not.toThrow();
    const error = thrown(() => checkCocoDataset(dataset(10, 10, 7), { file: 'in.json', limits: { maxVertices: 6 } }));
    expect(error.message).toMatch(
      /^in\.json: annotation 0 \(id 3\): polygon part 0 has 7 vertices, over the limit of 6/,
    );
  });
});

describe('loadCocoResults holds result masks and polygons to the limits', () => {
  const groundTruth = { images: [{ id: 1, width: 4, height: 4 }], annotations: [] };

  it('an RLE whose size passes maxPixels is refused before it is measured', () => {
    const results = [
      { image_id: 1, category_id: 1, score: 1, segmentation: { size: [40000, 40000], counts: [1.6e9] } },
    ];
    const error = thrown(() => loadCocoResults(results, groundTruth, { file: 'dt.json' }));
    expect(error.message).toMatch(
      /^dt\.json: result 0: its mask \(40000×40000\) has 1,600,000,000 pixels, over the limit/,
    );
  });

  it('a bbox result that carries a polygon over maxVertices is refused', () => {
    const results = [
      { image_id: 1, category_id: 1, score: 1, bbox: [0, 0, 2, 2], segmentation: [[0, 0, 1, 0, 1, 1, 0, 1]] },
    ];
    expect(() => loadCocoResults(results, groundTruth, { limits: { maxVertices: 4 } })).not.toThrow();
    expect(thrown(() => loadCocoResults(results, groundTruth, { limits: { maxVertices: 3 } })).limit).toBe(
      'maxVertices',
    );
  });
});
