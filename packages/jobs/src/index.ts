/**
 * @segkit/jobs: the Node layer under every front end (the CLI now, the server next). It is the only
 * library that touches the file system, threads or zlib; `core`, `metrics`, `scope` and `formats`
 * stay pure and browser-safe.
 */

// Datasets from paths through the format registry, and convert (any format -> COCO -> any format).
export {
  type ConvertControl,
  type ConvertOptions,
  type ConvertResult,
  convertDataset,
} from './convert/convert-dataset.js';
export { checkOutputPaths, type NamedPath } from './datasets/check-outputs.js';
export { locatedAt, type OpenDatasetOptions, type OpenedDataset, openDataset } from './datasets/open-dataset.js';
export { commonFolder, posixRelative } from './datasets/paths.js';
export { isFileOutput, type WriteDatasetOptions, writeDataset } from './datasets/write-dataset.js';
export {
  computeInShares,
  PARALLEL_PIXELS,
  parallelFromPixels,
  type ShareAnswer,
  type ShareError,
  shareError,
} from './dispatch/shares.js';
export { type EstimateJobInput, type EstimateJobReport, estimateJob } from './estimate/job.js';
export { defaultCostModel, loadCostModel } from './estimate/model.js';
// The eval jobs (semantic, Cityscapes, instance, panoptic) and the HTML report every front end renders.
export { type CityscapesEvalOptions, evalCityscapes } from './eval/cityscapes.js';
export { evalInstance, evalInstanceDocuments, type InstanceEvalOptions } from './eval/instance.js';
export { evalPanoptic, type PanopticEvalOptions, panopticReport } from './eval/panoptic.js';
export type { Cell, EvalReport, EvalRow, JsonAlert } from './eval/report.js';
export { evalSemantic, type SemanticEvalOptions, semanticReport } from './eval/semantic.js';
export { AbortError, type JobHooks, type JobProgress, throwIfAborted } from './hooks.js';
// Files on disk for the pure formats: sources and sinks, JSON and PNG files with node:zlib.
export { writeFileAtomic } from './io/atomic-write.js';
export { openFileSink } from './io/file-sink.js';
export { openFileSource } from './io/file-source.js';
export { listFiles, listRegularFiles } from './io/list-files.js';
export { makeFolder } from './io/make-folder.js';
export {
  nodePngCodec,
  readClassNames,
  readColorTable,
  readPng,
  readSegmentIds,
  writePng,
} from './io/png-file.js';
export { MAX_TEXT_BYTES, readFileBytes, readFileText, readJsonFile } from './io/read-json.js';
export { openRegularFile, readRegularFile } from './io/regular-file.js';
export { rewriteCocoFileAsRle } from './io/rewrite-rle-file.js';
export { openStagedSink, type StagedSink, type StagedSinkOptions } from './io/staged-sink.js';
export {
  liveTemporaries,
  removeTemporariesSync,
  sweepTemporaries,
  TEMPORARY_NAME,
} from './io/temp-files.js';
export { readCvatImagesXml, readLabelStudioExport, writeCvatImagesXml } from './io/tool-files.js';
export {
  escapeHtml,
  jsonForScript,
  renderEvalHtml,
  scriptForHtml,
  writeEvalHtml,
} from './report-html/index.js';
export {
  type ProfileJobOptions,
  profileJob,
  type SampleJobOptions,
  type SampleJobReport,
  sampleJob,
} from './sample/job.js';
// The scope, estimate and sample jobs (branch `scope`).
export { type Backdrop, cropToPng, type ImageSource } from './scope/backdrop.js';
export { type ScopePageOptions, scopeHtml } from './scope/html.js';
export { imagesFromFolder } from './scope/images.js';
export {
  MIN_VERDICT_REGIONS,
  SCOPE_PARALLEL_FROM,
  type ScopedClass,
  type ScopeJobOptions,
  type ScopeJobReport,
  type ScopeJobResult,
  sampleCaveat,
  scopeJob,
} from './scope/job.js';
export { type ValidateJobOptions, type ValidateJobReport, validateJob } from './validate/job.js';
