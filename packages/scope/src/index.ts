/**
 * @segkit/scope: would boxes or polygons have been enough for a segmentation project, what will it
 * cost, which images to pilot. Pure TypeScript on @segkit/core.
 */

export { didYouMean } from './estimate/closest.js';
export {
  type ClassPlan,
  type CostEstimate,
  EstimateInputError,
  type EstimateOptions,
  estimateCost,
  parseTypes,
  type Savings,
  type TypeEstimate,
} from './estimate/estimate.js';
export {
  ANNOTATION_TYPES,
  type AnnotationType,
  type CostModel,
  DEFAULT_COST_MODEL,
  MEASURES,
  type Measure,
  type Range,
} from './estimate/model.js';
export { CostModelError, checkCostModel, parseCostModel } from './estimate/parse-model.js';
export { type ClassWork, type Workload, workloadFromProfile, workloadFromScope } from './estimate/workload.js';
export { type MeasureSettings, measureRegion, type RegionMeasure } from './measure/measure-region.js';
export { distribution, percentile } from './report/distribution.js';
export type { ClassScope, Distribution, ScopeReport, Verdict, VerdictRules } from './report/types.js';
export { boxCaptures, classVerdict, DEFAULT_RULES, polygonCaptures } from './report/verdict.js';
export { type DensityBinning, densityBins } from './sample/density.js';
export {
  type ClassInImage,
  type ClassProfile,
  type DatasetProfile,
  DEFAULT_MIN_REGION_AREA,
  type ImageProfile,
  type ProfileAnnotation,
  type ProfileImage,
  type ProfileInput,
  type ProfileOptions,
  profileDataset,
} from './sample/profile.js';
export {
  type ClassCoverage,
  percent,
  type SampleCoverage,
  type SampleOptions,
  type SamplePick,
  type SampleResult,
  samplePilot,
} from './sample/sample.js';
export { inferSources, ONE_SOURCE } from './sample/source.js';
export {
  measureScope,
  type ScopeDataset,
  type ScopedRegion,
  type ScopeMeasures,
  type ScopeOptions,
  type ScopeResult,
  type ScopeTick,
  scopeDataset,
  summarizeScope,
} from './scope-dataset.js';
export { type ShapeDescriptors, shapeDescriptors } from './shape/descriptors.js';
export { componentsOf, type Region, regionsOf } from './shape/regions.js';
