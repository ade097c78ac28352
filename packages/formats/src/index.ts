/**
 * @segkit/formats: reading, writing and converting segmentation datasets (Node.js). Built on
 * @segkit/core for every mask operation; adds files, JSON and the error locations (file, item).
 */
export {
  annotationLabel,
  type CocoAnnotation,
  type CocoDataset,
  type CocoImage,
  checkCocoDataset,
} from './coco/dataset.js';
export { type RleRewriteStats, rewriteSegmentationsAsRle } from './coco/rewrite-rle.js';
export { writeFileAtomic } from './io/atomic-write.js';
export { readJsonFile } from './io/read-json.js';
