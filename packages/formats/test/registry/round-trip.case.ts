/**
 * The round trip every writable format passes (hono's `runTest({ newRouter })` pattern): a small
 * dataset drawn as grids is written into an in-memory sink, read back from it, and every mask is
 * compared pixel for pixel within what `format.holds` says the format keeps. Where it keeps less
 * (instances merged into classes, one class only, holes filled), the write's loss report must say so.
 *
 *   A, B: two instances of class 1 (A has a hole); C: class 2; D: a crowd region of class 2, drawn
 *   only for formats that hold crowd.
 */
import { area, bbox, decode, encode, segmentationToRle, toCocoRle } from '@segkit/core';
import { expect, it } from 'vitest';
import type {
  CocoAnnotation,
  CocoDataset,
  CocoImage,
  DatasetFormat,
  ReadOptions,
  WriteOptions,
} from '../../src/index.js';
import { memorySink, memorySource } from './memory-files.js';

export const IMAGES: Record<string, string> = {
  'a.png': `
    . . . . . . . .
    . A A A . B B .
    . A . A . B B .
    . A A A . . . .
    . . . . C C C .
    D D . . C C C .
  `,
  'b.png': `
    C C . . . .
    C C . A A .
    . . . A A .
    B . . . . D
    B B . . . D
  `,
};

export const OBJECTS: Record<string, { category: number; crowd?: boolean }> = {
  A: { category: 1 },
  B: { category: 1 },
  C: { category: 2 },
  D: { category: 2, crowd: true },
};

const CATEGORIES = [
  { id: 1, name: 'cell', supercategory: 'thing' },
  { id: 2, name: 'road', supercategory: 'stuff' },
];

/** A grid's cells, row by row. */
export function rows(text: string): string[][] {
  return text
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/));
}

/** The two classes as a format needs them (Cityscapes: two of its labels); default `cell` 1, `road` 2. */
export type DrawnClasses = readonly [{ id: number; name: string }, { id: number; name: string }];

/** The drawn dataset as COCO: one compressed-RLE annotation per letter per image. */
export function drawnDataset(options: { crowd: boolean; classes?: DrawnClasses }): CocoDataset {
  const classes = options.classes ?? CATEGORIES;
  const dataset: CocoDataset = {
    images: [],
    annotations: [],
    categories: classes.map((c, i) => ({ ...CATEGORIES[i], ...c })),
  };
  for (const [fileName, text] of Object.entries(IMAGES)) {
    const cells = rows(text);
    const height = cells.length;
    const width = cells[0].length;
    const imageId = dataset.images.length + 1;
    dataset.images.push({ id: imageId, file_name: fileName, height, width });
    for (const [letter, object] of Object.entries(OBJECTS)) {
      if (object.crowd && !options.crowd) continue;
      const data = new Uint8Array(height * width);
      cells.forEach((row, y) => {
        row.forEach((cell, x) => {
          if (cell === letter) data[y * width + x] = 1;
        });
      });
      if (!data.includes(1)) continue;
      const rle = encode({ height, width, data });
      dataset.annotations.push({
        id: dataset.annotations.length + 1,
        image_id: imageId,
        category_id: classes[object.category - 1].id,
        segmentation: toCocoRle(rle),
        area: area(rle),
        bbox: bbox(rle),
        iscrowd: object.crowd ? 1 : 0,
      });
    }
  }
  return dataset;
}

/** A mask as the rows of a grid ('#' inside): failures show the picture. */
function picture(annotation: CocoAnnotation, height: number, width: number): string {
  const { data } = decode(segmentationToRle(annotation.segmentation, height, width));
  const lines: string[] = [];
  for (let y = 0; y < height; y++) {
    let line = '';
    for (let x = 0; x < width; x++) line += data[y * width + x] ? '#' : '.';
    lines.push(line);
  }
  return lines.join('\n');
}

/** Masks of a class (instances merged) when the format holds no instances, else one per annotation. */
function objectsOf(
  dataset: CocoDataset,
  options: { instances: boolean; classes: boolean; crowd: boolean; byId: boolean },
) {
  // Images are matched by file name (ids may be renumbered), or by id where the format keeps no names.
  const key = (image: CocoImage) =>
    options.byId
      ? `id ${image.id}`
      : String(image.file_name)
          .replace(/^.*\//, '')
          .replace(/\.[^.]*$/, '');
  const out = new Map<string, string[]>();
  for (const image of dataset.images) {
    const mine = dataset.annotations.filter((a) => a.image_id === image.id);
    const objects: string[] = [];
    if (options.instances) {
      for (const a of mine) {
        const label = `${options.classes ? `class ${a.category_id}` : 'object'}${options.crowd && a.iscrowd === 1 ? ' crowd' : ''}`;
        objects.push(`${label}\n${picture(a, image.height, image.width)}`);
      }
    } else {
      for (const category of [...new Set(mine.map((a) => a.category_id))]) {
        const union = new Uint8Array(image.height * image.width);
        for (const a of mine.filter((m) => m.category_id === category)) {
          const { data } = decode(segmentationToRle(a.segmentation, image.height, image.width));
          for (let p = 0; p < data.length; p++) union[p] |= data[p];
        }
        const rle = encode({ height: image.height, width: image.width, data: union });
        const merged = { image_id: image.id, segmentation: toCocoRle(rle) } as CocoAnnotation;
        objects.push(`class ${category}\n${picture(merged, image.height, image.width)}`);
      }
    }
    out.set(key(image), objects.sort());
  }
  return out;
}

/**
 * The mask with its holes filled, as the suite expects it back from a format that holds no holes:
 * every background pixel that no 8-connected path of background links to the image border becomes
 * foreground. 8, not 4: a simple ring may pinch at a vertex, so background that reaches the outside
 * through a pixel corner is outside the ring, not a hole (labelme writes such a mask exactly).
 * Written plainly here (a flood from the border), apart from any writer's own filling, so the
 * expectation does not come from the code under test. Row-major `data`, 0 or 1.
 */
export function fillHolesReference(data: Uint8Array, height: number, width: number): Uint8Array {
  const outside = new Uint8Array(height * width);
  const stack: number[] = [];
  const reach = (y: number, x: number) => {
    if (y < 0 || y >= height || x < 0 || x >= width) return;
    const p = y * width + x;
    if (data[p] !== 0 || outside[p] === 1) return;
    outside[p] = 1;
    stack.push(p);
  };
  for (let x = 0; x < width; x++) {
    reach(0, x);
    reach(height - 1, x);
  }
  for (let y = 0; y < height; y++) {
    reach(y, 0);
    reach(y, width - 1);
  }
  while (stack.length > 0) {
    const p = stack.pop() as number;
    const y = Math.floor(p / width);
    const x = p - y * width;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) reach(y + dy, x + dx);
  }
  const filled = new Uint8Array(height * width);
  for (let p = 0; p < filled.length; p++) filled[p] = outside[p] === 1 ? 0 : 1;
  return filled;
}

/** The dataset with every annotation's holes filled (fillHolesReference), as compressed RLE. */
function withHolesFilled(dataset: CocoDataset): CocoDataset {
  const sizes = new Map(dataset.images.map((image) => [image.id, image]));
  return {
    ...dataset,
    annotations: dataset.annotations.map((a) => {
      const { height, width } = sizes.get(a.image_id) as CocoImage;
      const { data } = decode(segmentationToRle(a.segmentation, height, width));
      return {
        ...a,
        segmentation: toCocoRle(encode({ height, width, data: fillHolesReference(data, height, width) })),
      };
    }),
  };
}

export interface RoundTripCase {
  format: DatasetFormat;
  /** For formats written as one file: its name, and the read source's entry. */
  entry?: string;
  read?: ReadOptions;
  write?: WriteOptions;
  /** The two classes to draw with, where the format takes only its own (Cityscapes labels). */
  classes?: DrawnClasses;
  /**
   * How the written files are read back, where the format's reader takes other files than its writer
   * writes (Cityscapes: polygons in, rendered PNGs out). Default: `format.read` over the written files.
   */
  readBack?: (files: Map<string, Uint8Array>) => Promise<CocoDataset> | CocoDataset;
  /** Class names the reader adds by the format's own convention (labelme2coco's `_background_`). */
  addedClassNames?: readonly string[];
}

/** Registers the round-trip tests of one format. */
export function runRoundTrip({
  format,
  entry,
  read = {},
  write = {},
  classes,
  readBack,
  addedClassNames = [],
}: RoundTripCase): void {
  const holds = { ...format.holds, classes: format.holds.classes ?? true, holes: format.holds.holes ?? true };
  it(`${format.name}: write then read gives every mask back pixel for pixel (${describeHolds(holds)})`, async () => {
    const written = drawnDataset({ crowd: holds.crowd, ...(classes === undefined ? {} : { classes }) });
    const original = structuredClone(written);
    const sink = memorySink();
    const result = await format.write?.(written, sink, { ...write, ...(entry === undefined ? {} : { entry }) });
    expect(result).toBeDefined();
    expect(written).toEqual(original); // the writer left the caller's dataset alone
    expect(result?.files).toBeGreaterThan(0);
    const dataset =
      readBack === undefined
        ? (await format.read(memorySource(sink.files, 'out', entry), read)).dataset
        : await readBack(sink.files);
    const byId = dataset.images.every((image) => image.file_name === undefined);
    const compare = { instances: holds.instances, classes: holds.classes, crowd: holds.crowd, byId };
    if (holds.holes) {
      expect(objectsOf(dataset, compare)).toEqual(objectsOf(original, compare));
    } else {
      const filled = objectsOf(withHolesFilled(original), compare);
      // The drawn dataset has a hole (in A), so this branch compares something other than the original.
      expect(filled).not.toEqual(objectsOf(original, compare));
      expect(objectsOf(dataset, compare)).toEqual(filled);
    }
    if (holds.classNames) {
      const names = (dataset.categories ?? []).map((c) => (c as { name: string }).name).sort();
      expect(names).toEqual([...(classes ?? CATEGORIES).map((c) => c.name), ...addedClassNames].sort());
    }
  });

  it(`${format.name}: the loss report names what the format cannot hold`, async () => {
    const sink = memorySink();
    const drawn = drawnDataset({ crowd: holds.crowd, ...(classes === undefined ? {} : { classes }) });
    const result = await format.write?.(drawn, sink, {
      ...write,
      ...(entry === undefined ? {} : { entry }),
    });
    const report = result?.report;
    expect(report).toBeDefined();
    const first = (classes ?? CATEGORIES)[0].id;
    // A and B are class 1 in both images: one merge per image.
    if (!holds.instances) expect(report?.perClass.find((c) => c.id === first)?.instancesMerged).toBe(2);
    if (!holds.classes) expect(report?.warnings.join('\n')).toMatch(/2 classes written as one/);
    if (holds.holes) {
      expect(report?.perClass.filter((c) => c.holesDropped !== 0)).toEqual([]);
    } else {
      // A (class 1) has the drawn dataset's one hole.
      expect(report?.perClass.find((c) => c.id === first)?.holesDropped).toBe(1);
      expect(report?.lossless).toBe(false);
    }
    if (holds.instances && holds.classes && holds.holes) expect(report?.lossless).toBe(true);
  });
}

function describeHolds(holds: Record<string, boolean>): string {
  const kept = Object.entries(holds)
    .filter(([, value]) => value)
    .map(([key]) => key);
  return kept.length > 0 ? `keeps ${kept.join(', ')}` : 'keeps the pixels of each class';
}
