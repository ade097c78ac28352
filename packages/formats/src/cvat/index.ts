/** CVAT masks: the mask points codec and the "CVAT for images 1.1" XML reader and writer. */
export {
  type CvatImageInput,
  type CvatImageMasks,
  type CvatMask,
  formatCvatImagesXml,
  parseCvatImagesXml,
} from './images-xml.js';
export {
  bitmapToCvatMask,
  type CvatMaskOptions,
  cvatMaskToBitmap,
  cvatMaskToRle,
  formatCvatRleAttribute,
  parseCvatRleAttribute,
} from './mask-rle.js';
