import { join } from 'node:path';
import { SegkitError } from '@segkit/core';
import { listFiles, readClassNames, readPng } from '@segkit/jobs';
import { cityscapesEvaluator, semanticMetrics } from '@segkit/metrics';
import type { EvalReport } from './eval-output.js';
import { datasetConfusion } from './eval-semantic-files.js';

export interface SemanticEvalInput {
  gt: string;
  pred: string;
  numClasses?: number;
  ignoreIndex: number;
  classes?: string;
  preset?: string;
  /** Worker threads across images (default: the cores available, at most 4). */
  threads?: number;
}

/** `segkit eval semantic`: confusion matrix over the dataset, then per-class IoU, Dice, accuracy, precision. */
export async function evalSemantic(input: SemanticEvalInput): Promise<EvalReport> {
  if (input.preset === 'cityscapes') return evalCityscapes(input);
  if (input.preset !== undefined)
    throw new SegkitError('UNSUPPORTED', `--preset ${input.preset} is unknown (cityscapes)`);
  if (input.numClasses === undefined)
    throw new SegkitError('UNSUPPORTED', '--num-classes is required without --preset');
  const names = input.classes ? await readClassNames(input.classes) : undefined;
  const classNames = Array.from({ length: input.numClasses }, (_, i) => names?.get(i) ?? String(i));
  const files = await listFiles(input.gt, (name) => name.toLowerCase().endsWith('.png'));
  if (files.length === 0) throw new SegkitError('INVALID_DATASET', 'no .png label files found', [input.gt]);
  const matrix = await datasetConfusion(
    { gt: input.gt, pred: input.pred, files, numClasses: input.numClasses, ignoreIndex: input.ignoreIndex },
    input.threads,
  );
  const metrics = semanticMetrics(matrix, classNames);
  const labelled = metrics.perClass.reduce((n, c) => n + c.gtPixels, 0);
  const pct = (v: number | null) => (v === null ? 'n/a' : (100 * v).toFixed(2));
  return {
    json: metrics,
    summary: [
      `mIoU ${pct(metrics.miou)}  pixel accuracy ${pct(metrics.pixelAccuracy)}  mean accuracy ${pct(metrics.meanAccuracy)}  fwIoU ${pct(metrics.fwIou)}  (${files.length} images)`,
    ],
    metric: 'IoU',
    unit: 'labelled pixels',
    headers: ['id', 'name', 'iou', 'dice', 'accuracy', 'precision', 'gtPixels', 'predPixels'],
    rows: metrics.perClass.map((c) => ({
      id: c.id,
      name: c.name,
      score: c.iou,
      share: labelled > 0 ? c.gtPixels / labelled : 0,
      cells: [c.id, c.name, c.iou, c.dice, c.accuracy, c.precision, c.gtPixels, c.predPixels],
    })),
  };
}

/**
 * Cityscapes: ground truth `*_gtFine_labelIds.png` with `*_gtFine_instanceIds.png` beside them;
 * the prediction for `<city>_<seq>_<frame>` is the one PNG under --pred whose name contains that
 * prefix (as cityscapesScripts' getPrediction finds it).
 */
async function evalCityscapes(input: SemanticEvalInput): Promise<EvalReport> {
  const gtFiles = await listFiles(input.gt, (name) => name.endsWith('_gtFine_labelIds.png'));
  if (gtFiles.length === 0) throw new SegkitError('INVALID_DATASET', 'no *_gtFine_labelIds.png found', [input.gt]);
  const predFiles = await listFiles(input.pred, (name) => name.toLowerCase().endsWith('.png'));
  const evaluator = cityscapesEvaluator();
  for (const file of gtFiles) {
    const stem = file.slice(file.lastIndexOf('/') + 1).replace(/_gtFine_labelIds\.png$/, '');
    const prefix = stem.split('_').slice(0, 3).join('_');
    const matches = predFiles.filter((p) => p.slice(p.lastIndexOf('/') + 1).includes(prefix));
    if (matches.length !== 1) {
      throw new SegkitError('INVALID_DATASET', `${matches.length === 0 ? 'no' : 'several'} predictions for ${prefix}`, [
        input.pred,
      ]);
    }
    const labelPath = join(input.gt, file);
    const instancePath = labelPath.replace(/_gtFine_labelIds\.png$/, '_gtFine_instanceIds.png');
    const predPath = join(input.pred, matches[0]);
    const labels = await readPng(labelPath);
    const instances = await readPng(instancePath);
    const pred = await readPng(predPath);
    try {
      evaluator.addImage({
        width: labels.width,
        height: labels.height,
        gtLabelIds: labels.data as Uint8Array,
        gtInstanceIds: instances.data as Uint16Array,
        predLabelIds: pred.data as Uint8Array,
      });
    } catch (error) {
      throw error instanceof SegkitError ? error.withContext(predPath) : error;
    }
  }
  const result = evaluator.result();
  const pct = (v: number | null) => (v === null || Number.isNaN(v) ? 'n/a' : (100 * v).toFixed(2));
  return {
    json: result,
    summary: [
      `classes:    IoU ${pct(result.miou)}  iIoU ${pct(result.miiou)}`,
      `categories: IoU ${pct(result.categoryMiou)}  iIoU ${pct(result.categoryMiiou)}  (${gtFiles.length} images)`,
    ],
    metric: 'IoU',
    unit: 'classes',
    headers: ['id', 'name', 'iou', 'iiou'],
    rows: result.perClass.map((c) => ({
      id: c.id,
      name: c.name,
      score: c.iou,
      share: 0,
      cells: [c.id, c.name, c.iou, c.iiou],
    })),
  };
}
