/**
 * checkCocoDataset: the one checker of COCO instances files. Each case is a small document written
 * out by hand; the expected errors name the file and the item as a user would look for it.
 */
import { describe, expect, it } from 'vitest';
import { checkCocoDataset, cocoImageSizeProblem, isSegkitError, type SegkitError } from '../../src/index.js';

const image = (id: number, height = 4, width = 6) => ({ id, height, width, file_name: `${id}.png` });

/** The SegkitError `run` throws, to read its code and message. */
function failure(run: () => unknown): SegkitError {
  try {
    run();
  } catch (error) {
    if (isSegkitError(error)) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('checkCocoDataset', () => {
  it('checkCocoDataset returns the same objects, image sizes and categories by id, unknown fields untouched', () => {
    const value = {
      info: { year: 2014 },
      images: [image(7, 4, 6), { ...image(9, 2, 3), coco_url: 'http://x/9.jpg' }],
      annotations: [{ id: 1, image_id: 9, category_id: 3, area: 2, bbox: [0, 0, 2, 1], extra: [1] }],
      categories: [{ id: 3, name: 'cat', supercategory: 'animal' }],
    };
    const doc = checkCocoDataset(value, { file: 'train.json' });
    expect(doc.dataset).toBe(value);
    expect(doc.file).toBe('train.json');
    expect([...doc.sizes]).toEqual([
      [7, [4, 6]],
      [9, [2, 3]],
    ]);
    expect(doc.images.get(9)).toBe(value.images[1]);
    expect(doc.images.get(9)?.coco_url).toBe('http://x/9.jpg');
    expect(doc.categories.get(3)).toBe(value.categories[0]);
    expect(doc.dataset.annotations[0].extra).toEqual([1]);
    expect(doc.dataset.info).toEqual({ year: 2014 });
  });

  it('checkCocoDataset accepts string ids, no categories, and annotations without id or category_id', () => {
    const doc = checkCocoDataset({
      images: [image(1), { id: 'x', height: 1, width: 1 }],
      annotations: [{ image_id: 'x' }],
    });
    expect([...doc.sizes.keys()]).toEqual([1, 'x']);
    expect(doc.categories.size).toBe(0);
  });

  it('checkCocoDataset names the file and the annotation: "annotation 17 (id 4021)"', () => {
    const annotations = Array.from({ length: 18 }, (_, i) => ({ id: 4004 + i, image_id: 1, category_id: 1 }));
    annotations[17].image_id = 5;
    const error = failure(() => checkCocoDataset({ images: [image(1)], annotations }, { file: 'train.json' }));
    expect(error.code).toBe('INVALID_DATASET');
    expect(error.message).toBe('train.json: annotation 17 (id 4021): image_id 5 is not in "images"');
    expect(error.context).toEqual(['train.json', 'annotation 17 (id 4021)']);
  });

  it('checkCocoDataset without a file names the item alone', () => {
    const annotations = [{ id: 2, image_id: 1, category_id: 1.5 }];
    const error = failure(() => checkCocoDataset({ images: [image(1)], annotations }));
    expect(error.message).toBe('annotation 0 (id 2): category_id must be an integer, got 1.5');
  });

  it('checkCocoDataset refuses null entries with a typed error, not a crash', () => {
    const file = { file: 'a.json' };
    expect(failure(() => checkCocoDataset({ images: [image(1), null], annotations: [] }, file)).message).toBe(
      'a.json: image 1: not an object: null',
    );
    expect(failure(() => checkCocoDataset({ images: [image(1)], annotations: [null] }, file)).message).toBe(
      'a.json: annotation 0: not an object: null',
    );
    const categories = [{ id: 1 }, null];
    expect(failure(() => checkCocoDataset({ images: [], annotations: [], categories }, file)).message).toBe(
      'a.json: category 1: not an object: null',
    );
    expect(failure(() => checkCocoDataset(null, file)).message).toMatch(
      /^a\.json: a COCO instances file is a JSON object/,
    );
    expect(failure(() => checkCocoDataset({ images: [] }, file)).message).toBe(
      'a.json: "annotations" is missing or not a list',
    );
    expect(failure(() => checkCocoDataset({ images: [], annotations: [], categories: {} }, file)).message).toBe(
      'a.json: "categories" is not a list',
    );
  });

  it('checkCocoDataset refuses duplicate image and category ids and ids of the wrong type', () => {
    expect(failure(() => checkCocoDataset({ images: [image(3), image(3)], annotations: [] })).message).toBe(
      'image 1 (id 3): duplicate image id 3',
    );
    const categories = [{ id: 1 }, { id: 1, name: 'again' }];
    expect(failure(() => checkCocoDataset({ images: [], annotations: [], categories })).message).toBe(
      'category 1 (id 1): duplicate category id 1',
    );
    expect(failure(() => checkCocoDataset({ images: [], annotations: [], categories: [{ id: '1' }] })).message).toBe(
      'category 0 (id 1): "id" must be an integer, got "1"',
    );
    expect(failure(() => checkCocoDataset({ images: [{ height: 1, width: 1 }], annotations: [] })).message).toBe(
      'image 0: "id" must be a number or a string, got undefined',
    );
  });

  it('checkCocoDataset refuses an area that is not a number and a bbox that is not [x, y, w, h]', () => {
    const doc = (annotation: object) => ({ images: [image(1)], annotations: [{ id: 8, image_id: 1, ...annotation }] });
    const area = failure(() => checkCocoDataset(doc({ area: '12' })));
    expect(area.message).toBe('annotation 0 (id 8): "area" must be a finite number, got "12"');
    const box = failure(() => checkCocoDataset(doc({ bbox: [0, 0, 2] })));
    expect([box.code, box.message]).toEqual([
      'INVALID_BBOX',
      'annotation 0 (id 8): "bbox" must be [x, y, w, h], got [0, 0, 2]',
    ]);
  });

  it('checkCocoDataset holds every image to one size rule: positive integers, at most 2^32-1 pixels', () => {
    const sizeError = (height: unknown, width: unknown) =>
      failure(() => checkCocoDataset({ images: [{ id: 8, height, width }], annotations: [] }, { file: 'f.json' }));
    const zero = sizeError(0, 640);
    expect(zero.code).toBe('INVALID_SIZE');
    expect(zero.message).toBe('f.json: image 0 (id 8): "height" and "width" must be positive integers, got 0 and 640');
    expect(sizeError(-4, 4).message).toMatch(/must be positive integers, got -4 and 4$/);
    expect(sizeError(2.5, 4).message).toMatch(/must be positive integers, got 2.5 and 4$/);
    expect(sizeError('480', 640).message).toMatch(/must be positive integers, got "480" and 640$/);
    expect(sizeError(undefined, 640).message).toMatch(/must be positive integers, got undefined and 640$/);
    expect(sizeError(2 ** 32, 1).message).toMatch(/size 4294967296×1 has 4294967296 pixels, more than the 2\^32-1/);
    expect(sizeError(1e9, 1e9).code).toBe('INVALID_SIZE');
    // 65536 × 65535 = 4,294,901,760 and (2^32 - 1) × 1 pixels: still uint32 counts (with the pixel limit raised).
    const big = checkCocoDataset(
      {
        images: [
          { id: 1, height: 65536, width: 65535 },
          { id: 2, height: 2 ** 32 - 1, width: 1 },
        ],
        annotations: [],
      },
      { limits: { maxPixels: 2 ** 32 } },
    );
    expect(big.sizes.get(1)).toEqual([65536, 65535]);
    expect(big.sizes.get(2)).toEqual([4294967295, 1]);
  });

  it('cocoImageSizeProblem is undefined for a good size and names both values otherwise', () => {
    expect(cocoImageSizeProblem(1, 1)).toBeUndefined();
    expect(cocoImageSizeProblem(3, 0)).toBe('"height" and "width" must be positive integers, got 3 and 0');
  });
});
