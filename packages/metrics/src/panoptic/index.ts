export { pqAverage } from './average.js';
export { exactSumAdd, exactSumValue } from './exact-sum.js';
export { type PqCategoryStats, type PqStats, pqImageStats, pqMergeStats } from './image-stats.js';
export { pqCompute } from './pq-compute.js';
export type {
  PanopticCategory,
  PanopticImage,
  PanopticPair,
  PanopticSegment,
  PqClassResult,
  PqResult,
  PqSummary,
  SegmentIdMap,
} from './types.js';
