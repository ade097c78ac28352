/** PASCAL VOC segmentation folders: instances from SegmentationObject + SegmentationClass, and back. */
export { vocFormat } from './format.js';
export { readVoc, VOC_CLASSES, VOC_VOID } from './read.js';
export { writeVoc } from './write.js';
