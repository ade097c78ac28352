import { type CocoDataset, type CocoResult, loadCocoResults } from '@segkit/core';

/**
 * A COCO results file read as pycocotools' `COCO.loadRes` reads it: formats' name for core's
 * `loadCocoResults` (see there), with errors naming `file` ("results" unless given).
 */
export function loadResults(results: unknown, groundTruth: CocoDataset, file = 'results'): CocoResult[] {
  return loadCocoResults(results, groundTruth, { file });
}
