/**
 * `@segkit/metrics/shares`: how COCOeval's work is cut into shares of images, packed for a worker
 * thread, evaluated there and accumulated back in image order. For `@segkit/jobs`' dispatcher, not
 * a stable API: the main entry point (`evaluateCoco`, `planCocoEval`) is what users call.
 */
export { accumulateCoco } from './coco-eval/accumulate-records.js';
export { type CocoImageRecords, cocoRecordsTransferList, evaluateCocoShare } from './coco-eval/evaluate-share.js';
export { type PackedCocoEvalShare, packCocoEvalShare, unpackCocoEvalShare } from './coco-eval/pack.js';
export { type CocoEvalShare, cocoEvalShare } from './coco-eval/plan.js';
