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
// The eval jobs (semantic, Cityscapes, instance, panoptic) and the HTML report every front end renders.
export { type CityscapesEvalOptions, evalCityscapes } from './eval/cityscapes.js';
export { AbortError, type JobHooks, type JobProgress, throwIfAborted } from './eval/hooks.js';
export { evalInstance, type InstanceEvalOptions } from './eval/instance.js';
export { evalPanoptic, type PanopticEvalOptions } from './eval/panoptic.js';
export type { Cell, EvalReport, EvalRow, JsonAlert } from './eval/report.js';
export { evalSemantic, type SemanticEvalOptions } from './eval/semantic.js';
export {
  escapeHtml,
  jsonForScript,
  renderEvalHtml,
  scriptForHtml,
  writeEvalHtml,
} from './report-html/index.js';
