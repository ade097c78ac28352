/**
 * Cityscapes as a DatasetFormat: `*_gtFine_polygons.json` read to instances (read.ts), and the
 * labelIds / labelTrainIds / instanceIds / color PNGs written for datasets whose categories are
 * Cityscapes labels (write.ts). cityscapes → cityscapes rendering stays `convertCityscapesFolder`.
 */
import { basenamePath } from '../io/paths.js';
import type { DatasetFormat } from '../registry/types.js';
import { POLYGONS_FILE } from './convert-folder.js';
import { readCityscapes } from './read.js';
import { writeCityscapes } from './write.js';

export const cityscapesFormat: DatasetFormat = {
  name: 'cityscapes',
  description: 'Cityscapes *_gtFine_polygons.json in (as instances); labelIds/labelTrainIds/instanceIds/color PNGs out',
  holds: { instances: true, overlaps: false, crowd: true, classNames: true, scores: false },
  async detect(source) {
    if (source.entry !== undefined) return POLYGONS_FILE.test(basenamePath(source.entry));
    return (await source.list()).some((path) => POLYGONS_FILE.test(basenamePath(path)));
  },
  read: readCityscapes,
  write: writeCityscapes,
};
