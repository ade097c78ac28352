import { SegkitError } from '@segkit/core';
import { readJsonFile } from '@segkit/jobs';
import {
  cocoEvalReport,
  type EvalAnnotation,
  type EvalGroundTruth,
  type IouType,
  loadResultsForEval,
  planCocoEval,
  summaryLines,
} from '@segkit/metrics';
import { evaluateCocoInShares } from './eval-instance-shares.js';
import type { EvalReport } from './eval-output.js';

/** `segkit eval instance`: COCOeval (segm or bbox) exactly as pycocotools, plus per-class AP. */
export async function evalInstance(input: {
  gt: string;
  dt: string;
  iouType: string;
  strict?: boolean;
  /** Worker threads across images (default: 1, see INSTANCE_PARALLEL_FROM). */
  threads?: number;
}): Promise<EvalReport> {
  if (input.iouType !== 'segm' && input.iouType !== 'bbox' && input.iouType !== 'boundary') {
    throw new SegkitError('UNSUPPORTED', `--iou-type ${input.iouType} is unknown (segm, bbox or boundary)`);
  }
  const gt = (await readJsonFile(input.gt)) as EvalGroundTruth;
  if (!Array.isArray(gt?.images) || !Array.isArray(gt?.annotations) || !Array.isArray(gt?.categories)) {
    throw new SegkitError(
      'INVALID_DATASET',
      'a COCO ground truth needs "images", "annotations" and "categories" lists',
      [input.gt],
    );
  }
  let dts: EvalAnnotation[];
  try {
    dts = loadResultsForEval((await readJsonFile(input.dt)) as unknown[], gt);
  } catch (error) {
    throw error instanceof SegkitError ? error.withContext(input.dt) : error;
  }
  const plan = planCocoEval(gt, dts, { iouType: input.iouType as IouType, strict: input.strict });
  const result = await evaluateCocoInShares(plan, input.threads);
  const report = cocoEvalReport(result);
  const total = report.perClass.reduce((n, c) => n + c.nGt, 0);
  return {
    json: report,
    summary: summaryLines(result.stats, result.params),
    metric: 'AP',
    unit: 'ground-truth instances',
    headers: ['id', 'name', 'ap', 'ap50', 'ap75', 'apSmall', 'apMedium', 'apLarge', 'ar100', 'nGt', 'nDt'],
    rows: report.perClass.map((c) => ({
      id: c.id,
      name: c.name,
      score: c.ap,
      share: total > 0 ? c.nGt / total : 0,
      cells: [c.id, c.name, c.ap, c.ap50, c.ap75, c.apSmall, c.apMedium, c.apLarge, c.ar100, c.nGt, c.nDt],
    })),
  };
}
