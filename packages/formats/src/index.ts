/**
 * @segkit/formats: reading, writing and converting segmentation datasets (Node.js). Built on
 * @segkit/core for every mask operation; adds files, JSON, threads and error locations (file, item).
 */
export { readBinaryMasks } from './binary-masks/read.js';
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
export { rewriteCocoFileAsRle } from './coco/rewrite-rle-file.js';
export * from './cvat/index.js';
export { writeFileAtomic } from './io/atomic-write.js';
export { imageSize } from './io/image-size.js';
export { listFiles } from './io/list-files.js';
export { decodePng, encodePng, type PngImage, readPng, writePng } from './io/png.js';
export { readJsonFile } from './io/read-json.js';
export * from './label-studio/index.js';
export { labelmeFormat } from './labelme/format.js';
export { readLabelme } from './labelme/read.js';
export { cocoToPanoptic } from './panoptic/from-coco.js';
export {
  decodeSegmentIds,
  readSegmentIds,
  segmentIdsFromPng,
  segmentIdsToPng,
} from './panoptic/segment-ids.js';
export { checkPanopticDocument, panopticToCoco } from './panoptic/to-coco.js';
export {
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
  type LossReport,
} from './report/loss-report.js';
export type { ProgressCallback } from './report/progress.js';
export { readClassNames } from './semantic/class-names.js';
export { classRles, paintRle } from './semantic/class-rles.js';
export {
  type CocoToSemanticOptions,
  cocoToSemanticFolder,
  type OverlapPolicy,
  pngName,
} from './semantic/coco-to-png.js';
export { type ColorTable, labelMapFromColors, labelMapToColors, readColorTable } from './semantic/color-table.js';
export { type LabelMap, labelMapFromPng, labelMapToPng, vocPalette } from './semantic/label-map.js';
export { type SemanticToCocoOptions, semanticFolderToCoco } from './semantic/png-to-coco.js';
export { type DatasetType, type ValidateOptions, validateCoco } from './validate/coco.js';
export {
  countProblems,
  EXPECTED_COCO_INSTANCE_WARNINGS,
  expectedWarningNotes,
  filterProblems,
  type ProblemCount,
  type ProblemFilter,
} from './validate/filter.js';
export { validatePanoptic } from './validate/panoptic.js';
export { type Problem, ProblemList } from './validate/problems.js';
export { validateSemanticFolder } from './validate/semantic.js';
export { VOC_CLASSES, vocFormat } from './voc/index.js';
