/** CVAT: the mask points codec and the "CVAT for images 1.1" XML reader and writer (masks and polygons). */

export { cvatFormat } from './format.js';
export {
  type CvatImageInput,
  type CvatImageMasks,
  type CvatMask,
  type CvatPolygon,
  type CvatReadOptions,
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
