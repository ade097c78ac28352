/**
 * @segkit/metrics: segmentation quality metrics that match the canonical evaluators to the last
 * bit (pycocotools COCOeval, panopticapi pq_compute, cityscapesScripts, mmsegmentation's
 * confusion-matrix IoU). Pure TypeScript on top of @segkit/core; files are read by the callers.
 */

export * from './agreement/index.js';
export {
  type Alert,
  type AlertKind,
  type AlertOptions,
  type ClassReview,
  type ClassScore,
  findAlerts,
  reviewClasses,
} from './alerts.js';
export * from './coco-eval/index.js';
export * from './panoptic/index.js';
export * from './semantic/index.js';
