/** Loads the pycocotools COCOeval reference scenarios copied from ../shared/fixtures/reference (see its README). */
import { readFileSync } from 'node:fs';
import type { EvalGroundTruth } from '../../src/coco-eval/index.js';

export interface ExpectedCategory {
  category_id: number;
  ap: number | null;
  ap50: number | null;
  ap75: number | null;
  ar100: number | null;
}

export interface ExpectedEvalImage {
  image_id: number;
  category_id: number;
  aRng: [number, number];
  maxDet: number;
  dtIds: number[];
  gtIds: number[];
  dtMatches: number[][];
  gtMatches: number[][];
  dtScores: number[];
  gtIgnore: number[];
  dtIgnore: number[][];
}

export interface ExpectedIouType {
  iouType: 'segm' | 'bbox';
  stats: number[];
  per_category: ExpectedCategory[];
  /** [T][K][A][M], mean over the 101 recall thresholds, -1 kept. */
  precision_mean_over_recall: number[][][][];
  /** [T][K][A][M]. */
  recall: number[][][][];
  summary_text: string[];
  /** micro only: [T][R][K] at area all, maxDets 100. */
  precision_all_100?: number[][][];
  /** micro only. */
  evalImgs?: (ExpectedEvalImage | null)[];
}

export interface Expected {
  info: Record<string, unknown>;
  params: { iouThrs: number[]; recThrs: number[]; maxDets: number[]; areaRng: number[][] };
  segm?: ExpectedIouType;
  bbox?: ExpectedIouType;
}

function load<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

export function loadScenario(name: string): { gt: EvalGroundTruth; results: unknown[]; expected: Expected } {
  return {
    gt: load<EvalGroundTruth>(`cocoeval_${name}_gt.json`),
    results: load<unknown[]>(`cocoeval_${name}_dt.json`),
    expected: load<Expected>(`cocoeval_${name}_expected.json`),
  };
}
