/** Label Studio brush masks: the packed RGBA format, the mask codec and the JSON export reader. */
export { bitmapToBrushRle, brushRleToBitmap } from './brush.js';
export {
  type BrushLabelsInput,
  brushLabelsResult,
  type LabelStudioAnnotationMasks,
  type LabelStudioBrushMask,
  type LabelStudioTaskMasks,
  parseLabelStudioExport,
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
