import { describe } from 'vitest';
import {
  binaryMasksFormat,
  cocoFormat,
  cocoPanopticFormat,
  cocoResultsFormat,
  FORMATS,
  pngFormat,
} from '../../src/index.js';
import { type RoundTripCase, runRoundTrip } from './round-trip.case.js';

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
  labelme: {},
  cvat: { entry: 'annotations.xml' },
  'label-studio': { entry: 'export.json' },
  voc: {},
  // Cityscapes writes only its own labels (labelIds): road 7 and car 26.
  cityscapes: {
    classes: [
      { id: 7, name: 'road' },
      { id: 26, name: 'car' },
    ],
  },
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

// The formats above by object too, so a format dropped from FORMATS still runs here.
void [binaryMasksFormat, cocoPanopticFormat, cocoResultsFormat, pngFormat];
