/**
 * @segkit/jobs: the Node layer under every front end (the CLI now, the server next). It is the only
 * library that touches the file system, threads or zlib; `core`, `metrics`, `scope` and `formats`
 * stay pure and browser-safe.
 */
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
export { evalInstance, type InstanceEvalOptions } from './eval/instance.js';
export { evalPanoptic, type PanopticEvalOptions } from './eval/panoptic.js';
export type { Cell, EvalReport, EvalRow, JsonAlert } from './eval/report.js';
export { evalSemantic, type SemanticEvalOptions } from './eval/semantic.js';
export { AbortError, type JobHooks, type JobProgress, throwIfAborted } from './hooks.js';
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
