import { describe, expect, it } from 'vitest';
import { type ProfileInput, profileDataset } from '../../src/index.js';
import { gridRle } from './grid.js';

// Two classes in one 6 × 6 image, semantic style (one annotation per class):
// class 1 is a 3 × 3 ring around a one-pixel hole (8 px, perimeter 12 + 4, 16² / 8 = 32)
// and, apart, a 2 × 2 square (4 px, perimeter 8, 8² / 4 = 16); class 2 is a single pixel.
const CLASS_1 = gridRle(`
  # # # . . .
  # . # . . .
  # # # . . .
  . . . . # #
  . . . . # #
  . . . . . .
`);
const CLASS_2 = gridRle(`
  . . . . . .
  . . . . . .
  . . . . . .
  . . . . . .
  . . . . . .
  # . . . . .
`);

const semantic: ProfileInput = {
  images: [
    { id: 1, width: 6, height: 6, file_name: 'a.png' },
    { id: 2, width: 6, height: 6, file_name: 'b.png' },
  ],
  annotations: [
    { id: 1, image_id: 1, category_id: 1, segmentation: CLASS_1 },
    { id: 2, image_id: 1, category_id: 2, segmentation: CLASS_2 },
  ],
  categories: [
    { id: 1, name: 'ring' },
    { id: 2, name: 'speck' },
    { id: 3, name: 'never' },
  ],
};

describe('profileDataset', () => {
  it('semantic data: each connected part of a class is a region; complexity is perimeter² / area along pixel edges', () => {
    const profile = profileDataset(semantic, { semantic: true, minRegionArea: 1 });
    expect(profile.images[0]).toMatchObject({
      imageId: 1,
      fileName: 'a.png',
      regions: 3,
      classes: [
        { id: 1, pixels: 12, regions: 2 },
        { id: 2, pixels: 1, regions: 1 },
      ],
    });
    const ring = profile.classes.find((c) => c.name === 'ring')!;
    // Median of [32, 16] is 24.
    expect(ring).toMatchObject({ images: 1, pixels: 12, regions: 2, complexity: 24 });
    expect(ring.pixelShare).toBeCloseTo(12 / 13, 12);
    expect(ring.regionShare).toBeCloseTo(2 / 3, 12);
    // A single pixel: perimeter 4, 4² / 1 = 16.
    expect(profile.classes.find((c) => c.name === 'speck')!.complexity).toBe(16);
  });

  it('semantic data: parts smaller than minRegionArea are not regions, but their pixels count', () => {
    const profile = profileDataset(semantic, { semantic: true, minRegionArea: 5 });
    expect(profile.images[0].classes).toEqual([
      { id: 1, pixels: 12, regions: 1 },
      { id: 2, pixels: 1, regions: 0 },
    ]);
    expect(profile.classes.find((c) => c.name === 'ring')!.complexity).toBe(32);
    expect(profile.classes.find((c) => c.name === 'speck')!.complexity).toBeNull();
  });

  it('instance data: one region per annotation, complexity from all its rings together', () => {
    const profile = profileDataset(semantic, { semantic: false });
    expect(profile.images[0].regions).toBe(2);
    // Rings 12 + 4 + 8 = 24 long, 12 pixels: 24² / 12 = 48.
    expect(profile.classes.find((c) => c.name === 'ring')!.complexity).toBe(48);
  });

  it('a class named in categories but in no image has images 0; an image without annotations has no classes', () => {
    const profile = profileDataset(semantic, { semantic: true });
    expect(profile.classes.find((c) => c.name === 'never')).toMatchObject({ images: 0, pixels: 0, complexity: null });
    expect(profile.images[1]).toMatchObject({ fileName: 'b.png', regions: 0, classes: [] });
  });

  it('an annotation with only a bbox counts as a box region: 4 × 2 box, (2·4 + 2·2)² / 8 = 18', () => {
    const profile = profileDataset(
      {
        images: [{ id: 'x', width: 10, height: 10 }],
        annotations: [{ image_id: 'x', category_id: 5, bbox: [1, 1, 4, 2] }],
      },
      { semantic: false },
    );
    expect(profile.classes).toMatchObject([{ id: 5, name: 'class_5', pixels: 8, regions: 1, complexity: 18 }]);
    expect(profile.images[0].fileName).toBe('x');
  });

  it('errors name the annotation: an unknown image_id, a bad segmentation, no class', () => {
    const unknown = { images: [{ id: 1, width: 2, height: 2 }], annotations: [{ id: 9, image_id: 7, category_id: 1 }] };
    expect(() => profileDataset(unknown, { semantic: false })).toThrow(
      /annotation 0 \(id 9\): image_id 7 is not in "images"/,
    );
    const bad = {
      images: [{ id: 1, width: 2, height: 2 }],
      annotations: [{ id: 3, image_id: 1, category_id: 1, segmentation: [[0, 0, 1]] }],
    };
    expect(() => profileDataset(bad, { semantic: false })).toThrow(/^annotation 0 \(id 3\): /);
    const nothing = { images: [{ id: 1, width: 2, height: 2 }], annotations: [{ id: 4, image_id: 1, category_id: 1 }] };
    expect(() => profileDataset(nothing, { semantic: false })).toThrow(
      /annotation 0 \(id 4\): has neither a segmentation nor a bbox/,
    );
    const classless = { images: [{ id: 1, width: 2, height: 2 }], annotations: [{ id: 5, image_id: 1 }] };
    expect(() => profileDataset(classless, { semantic: false })).toThrow(
      /annotation 0 \(id 5\): category_id must be an integer, got undefined/,
    );
  });
});
