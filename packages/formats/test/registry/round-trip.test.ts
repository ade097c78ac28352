import { encode, SegkitError, toCocoRle } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import {
  binaryMasksFormat,
  type CocoDataset,
  cityscapesFormat,
  cocoFormat,
  cocoPanopticFormat,
  cocoResultsFormat,
  decodePng,
  FORMATS,
  pngFormat,
} from '../../src/index.js';
import { memorySink } from './memory-files.js';
import {
  type DrawnClasses,
  drawnDataset,
  fillHolesReference,
  IMAGES,
  OBJECTS,
  type RoundTripCase,
  rows,
  runRoundTrip,
} from './round-trip.case.js';

/**
 * Cityscapes writes only its own labels. Both drawn classes are labels with instances in
 * cityscapesScripts' labels.py (car 26, person 24), so the instance image keeps A and B apart
 * (26000, 26001), and the crowd region D gets the plain id 24, as json2instanceImg writes crowd.
 */
const CITYSCAPES_CLASSES: DrawnClasses = [
  { id: 26, name: 'car' },
  { id: 24, name: 'person' },
];
const CITYSCAPES_HAS_INSTANCES = new Map([
  [26, true],
  [24, true],
]);

/**
 * Reads the written `*_gtFine_instanceIds.png` back without the Cityscapes reader (which reads
 * polygons): one RLE annotation per value. A value v ≥ 1000 is instance v mod 1000 of label
 * ⌊v / 1000⌋; a plain label id of a label with instances is a crowd region (or a group); 0 is
 * unlabeled.
 */
function readInstanceIds(files: Map<string, Uint8Array>): CocoDataset {
  const dataset: CocoDataset = {
    images: [],
    annotations: [],
    categories: CITYSCAPES_CLASSES.map(({ id, name }) => ({ id, name })),
  };
  for (const path of [...files.keys()].filter((p) => p.endsWith('_gtFine_instanceIds.png')).sort()) {
    const png = decodePng(files.get(path) as Uint8Array, path);
    if (png.channels !== 1 || png.depth !== 16) {
      throw new SegkitError('INVALID_PNG', `${png.channels} channel(s) of ${png.depth} bits, not 16-bit grey`, [path]);
    }
    const { height, width, data } = png;
    const imageId = dataset.images.length + 1;
    dataset.images.push({ id: imageId, file_name: path.replace(/_gtFine_instanceIds\.png$/, '.png'), height, width });
    const values = [...new Set(data)].filter((v) => v !== 0).sort((a, b) => a - b);
    for (const value of values) {
      const label = value >= 1000 ? Math.floor(value / 1000) : value;
      const hasInstances = CITYSCAPES_HAS_INSTANCES.get(label);
      if (hasInstances === undefined) {
        throw new SegkitError('INVALID_DATASET', `value ${value}: label ${label} was not drawn`, [path]);
      }
      const mask = new Uint8Array(height * width);
      for (let p = 0; p < mask.length; p++) if (data[p] === value) mask[p] = 1;
      dataset.annotations.push({
        id: dataset.annotations.length + 1,
        image_id: imageId,
        category_id: label,
        segmentation: toCocoRle(encode({ height, width, data: mask })),
        iscrowd: hasInstances && value < 1000 ? 1 : 0,
      });
    }
  }
  return dataset;
}

/**
 * How each writable format is written and read in the suite (one-file formats name their file).
 * The formats the codecs branch brings run as soon as they join FORMATS with a writer.
 */
const CASES: Record<string, Omit<RoundTripCase, 'format'>> = {
  coco: { entry: 'instances.json' },
  'coco-results': { entry: 'results.json' },
  'coco-panoptic': { entry: 'panoptic.json' },
  png: {},
  'binary-masks': {},
  // labels.txt numbers classes from 0, `_background_` when no category is 0; labelme2coco (and our
  // reader) reads that line back as category 0.
  labelme: { addedClassNames: ['_background_'] },
  cvat: { entry: 'annotations.xml' },
  'label-studio': { entry: 'export.json' },
  voc: {},
  // Cityscapes ground truth is polygons in, rendered PNGs out: read back from the instance PNGs.
  cityscapes: { classes: CITYSCAPES_CLASSES, readBack: readInstanceIds },
};

describe('every writable format of the registry round-trips the drawn dataset', () => {
  for (const format of FORMATS) {
    if (format.write === undefined) continue;
    describe(format.name, () => runRoundTrip({ format, ...CASES[format.name] }));
  }
});

describe('coco with each mask encoding', () => {
  runRoundTrip({ format: cocoFormat, entry: 'rle.json', write: { maskEncoding: 'rle' } });
  runRoundTrip({ format: cocoFormat, entry: 'polygons.json', write: { maskEncoding: 'polygon' } });
});

describe('cityscapes labelIds', () => {
  it('holds the drawn label id at every drawn pixel, 0 elsewhere', async () => {
    const sink = memorySink();
    await cityscapesFormat.write?.(drawnDataset({ crowd: true, classes: CITYSCAPES_CLASSES }), sink);
    for (const [fileName, text] of Object.entries(IMAGES)) {
      // Expected straight from the grid: a letter's class is its label, '.' is unlabeled (0).
      const expected = rows(text).map((row) =>
        row.map((cell) => (cell === '.' ? 0 : CITYSCAPES_CLASSES[OBJECTS[cell].category - 1].id)).join(' '),
      );
      const path = fileName.replace(/\.png$/, '_gtFine_labelIds.png');
      const png = decodePng(sink.files.get(path) as Uint8Array, path);
      expect([png.channels, png.depth]).toEqual([1, 8]);
      const got = [];
      for (let y = 0; y < png.height; y++)
        got.push([...png.data.subarray(y * png.width, (y + 1) * png.width)].join(' '));
      expect(got, path).toEqual(expected);
    }
  });
});

describe("the suite's hole filling (fillHolesReference)", () => {
  const grid = (text: string) => rows(text).map((row) => row.map((cell) => (cell === '#' ? 1 : 0)));
  const fill = (text: string) => {
    const cells = grid(text);
    const height = cells.length;
    const width = cells[0].length;
    const filled = fillHolesReference(Uint8Array.from(cells.flat()), height, width);
    return cells.map((_, y) => [...filled.subarray(y * width, (y + 1) * width)]);
  };

  it('fills background that no 8-connected background path links to the border', () => {
    // Two holes (3 pixels and 1) inside one ring; the two pixels at the bottom right are open.
    expect(
      fill(`
        . . . . . . . .
        . # # # # # # .
        . # . . # . # .
        . # # . # # # .
        . # # # # . . .
        . . . . . . . .
      `),
    ).toEqual(
      grid(`
        . . . . . . . .
        . # # # # # # .
        . # # # # # # .
        . # # # # # # .
        . # # # # . . .
        . . . . . . . .
      `),
    );
  });

  it('keeps background that reaches the outside only through a pixel corner', () => {
    // Row 1, column 1 touches the outside at its lower right corner: a ring pinched there holds it.
    const open = `
      # # # . .
      # . # . .
      # # . . #
      . . . # .
      # # . # #
    `;
    expect(fill(open)).toEqual(grid(open));
  });

  it('fills the hole of a mask that covers the whole border', () => {
    expect(fill('# # #\n# . #\n# # #')).toEqual(grid('# # #\n# # #\n# # #'));
  });

  it('leaves an empty and a full mask as they are', () => {
    expect(fill('. . .\n. . .')).toEqual(grid('. . .\n. . .'));
    expect(fill('# # #\n# # #')).toEqual(grid('# # #\n# # #'));
  });
});

// The formats above by object too, so a format dropped from FORMATS still runs here.
void [binaryMasksFormat, cocoPanopticFormat, cocoResultsFormat, pngFormat];
