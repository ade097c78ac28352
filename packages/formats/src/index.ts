/**
 * @segkit/formats: reading, writing and converting segmentation datasets, pure and browser-safe.
 * Built on @segkit/core for every mask operation; codecs work on bytes and objects, folder readers
 * and writers on a FileSource / FileSink the caller provides (@segkit/jobs provides them over disk).
 */
export { type BinaryMasksReadOptions, readBinaryMasks } from './binary-masks/read.js';
export { writeBinaryMasks } from './binary-masks/write.js';
export { type CityscapesConvertSummary, convertCityscapesFolder } from './cityscapes/convert-folder.js';
export { cityscapesFormat } from './cityscapes/format.js';
export { CITYSCAPES_LABELS, labelById, labelByName, labelByTrainId } from './cityscapes/labels.js';
export { fillPolygon, forEachPolygonSpan } from './cityscapes/pillow-polygon.js';
export {
  renderCityscapes,
  renderColor,
  renderInstanceIds,
  renderLabelIds,
  renderTrainIds,
} from './cityscapes/render.js';
export {
  annotationLabel,
  type CocoAnnotation,
  type CocoDataset,
  type CocoImage,
  checkCocoDataset,
} from './coco/dataset.js';
export { cvatImagesToCoco, labelStudioTasksToCoco } from './coco/from-tools.js';
export { loadResults } from './coco/results.js';
export { rewriteSegmentationsAsPolygons } from './coco/rewrite-polygons.js';
export {
  emptyRewriteStats,
  type RleRewriteStats,
  rewriteAnnotationRange,
  rewriteSegmentationsAsRle,
} from './coco/rewrite-rle.js';
export * from './cvat/index.js';
export { crc32 } from './io/crc32.js';
export { imageSize } from './io/image-size.js';
export { basenamePath, dirnamePath, joinPath } from './io/paths.js';
export {
  decodePng,
  encodePng,
  type PngCodec,
  type PngDecodeOptions,
  type PngImage,
  readPngFrom,
  writePngTo,
} from './io/png.js';
export { listMatching, locate, parseJson, readJson, readText } from './io/source-files.js';
export { decodeUtf8, encodeUtf8 } from './io/text.js';
export * from './label-studio/index.js';
export { labelmeFormat } from './labelme/format.js';
export { readLabelme } from './labelme/read.js';
export { cocoToPanoptic } from './panoptic/from-coco.js';
export {
  decodeSegmentIds,
  readSegmentIdsFrom,
  segmentIdsFromPng,
  segmentIdsToPng,
} from './panoptic/segment-ids.js';
export { checkPanopticDocument, panopticToCoco } from './panoptic/to-coco.js';
export { binaryMasksFormat } from './registry/binary-masks.js';
export { cocoFormat } from './registry/coco.js';
export { cocoPanopticFormat, defaultPngDir } from './registry/coco-panoptic.js';
export { cocoResultsFormat } from './registry/coco-results.js';
export { FormatNotDetectedError, UnknownFormatError } from './registry/errors.js';
export { detectFormat, FORMATS, formatByName, writableFormats } from './registry/index.js';
export { pngFormat } from './registry/png.js';
export {
  type AbortSignalLike,
  type Crc32,
  type DatasetFormat,
  type FileSink,
  type FileSource,
  FORMAT_NAMES,
  type FormatCapabilities,
  type FormatName,
  type Inflate,
  type ReadOptions,
  type ReadResult,
  type WriteOptions,
  type WriteResult,
} from './registry/types.js';
export {
  type ClassLoss,
  emptyClassLoss,
  finishReport,
  formatLossReport,
  type InstanceLoss,
  type LossReport,
  losslessReport,
} from './report/loss-report.js';
export { type ProgressCallback, throwIfAborted } from './report/progress.js';
export { KindTally, LISTED_PER_KIND, WarningList } from './report/tally.js';
export { parseClassNames } from './semantic/class-names.js';
export { classRles, paintRle } from './semantic/class-rles.js';
export {
  type CocoToSemanticOptions,
  cocoToSemanticFolder,
  type OverlapPolicy,
  overlapPolicyText,
  pngName,
} from './semantic/coco-to-png.js';
export { type ColorTable, labelMapFromColors, labelMapToColors, parseColorTable } from './semantic/color-table.js';
export { type LabelMap, type LabelPngMode, labelMapFromPng, labelMapToPng, vocPalette } from './semantic/label-map.js';
export { type SemanticToCocoOptions, semanticFolderToCoco } from './semantic/png-to-coco.js';
export { type DatasetType, type ValidateOptions, validateCoco, validateImageFiles } from './validate/coco.js';
export {
  countProblems,
  EXPECTED_COCO_INSTANCE_WARNINGS,
  expectedWarningNotes,
  filterCounts,
  filterProblems,
  type ProblemCount,
  type ProblemFilter,
} from './validate/filter.js';
export { overlapsWithEarlier } from './validate/overlaps.js';
export { validatePanoptic } from './validate/panoptic.js';
export { type Problem, ProblemList } from './validate/problems.js';
export { validateSemanticFolder } from './validate/semantic.js';
export { VOC_CLASSES, vocFormat } from './voc/index.js';
