/** Label Studio: brush masks (the packed RGBA format and its codec), polygons, and the JSON export reader and result builders. */
export { bitmapToBrushRle, brushRleToBitmap } from './brush.js';
export { labelStudioFormat } from './format.js';
export {
  type BrushLabelsInput,
  brushLabelsResult,
  type LabelStudioAnnotationMasks,
  type LabelStudioBrushMask,
  type LabelStudioPolygon,
  type LabelStudioTaskMasks,
  type PolygonLabelsInput,
  parseLabelStudioExport,
  polygonLabelsResult,
} from './json-export.js';
export {
  packRuns,
  packWordRuns,
  packWords,
  type RlePackHeader,
  unpackWords,
  type WordRunVisitor,
  walkPackedWords,
} from './rle-pack.js';
