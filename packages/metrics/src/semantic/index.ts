export {
  CITYSCAPES_AVG_CLASS_SIZE,
  CITYSCAPES_EVAL_LABELS,
  type CityscapesEvalLabel,
} from './cityscapes/eval-labels.js';
export {
  type CityscapesCategoryScore,
  type CityscapesClassScore,
  CityscapesEvaluator,
  type CityscapesImage,
  type CityscapesResult,
  cityscapesEvaluator,
} from './cityscapes/evaluator.js';
export type { InstanceCounts, InstanceStats } from './cityscapes/instance-stats.js';
export { ConfusionMatrix, type LabelArray, MAX_CLASSES } from './confusion-matrix.js';
export { type SemanticClassScore, type SemanticMetrics, semanticMetrics } from './semantic-metrics.js';
