/** PASCAL VOC segmentation (SegmentationObject + SegmentationClass palette PNGs) as a DatasetFormat. */
import type { DatasetFormat } from '../registry/types.js';
import { readVoc } from './read.js';
import { writeVoc } from './write.js';

export const vocFormat: DatasetFormat = {
  name: 'voc',
  description: 'PASCAL VOC SegmentationObject + SegmentationClass palette PNGs, read as instances (255 = void)',
  holds: { instances: true, overlaps: false, crowd: false, classNames: false, scores: false },
  async detect(source) {
    return (await source.list()).some((path) => /(^|\/)SegmentationObject\/[^/]+\.png$/i.test(path));
  },
  read: readVoc,
  write: writeVoc,
};
