import { join } from 'node:path';
import { type Limits, SegkitError } from '@segkit/core';
import { cityscapesEvaluator } from '@segkit/metrics';
import { type JobHooks, throwIfAborted } from '../hooks.js';
import { listFiles } from '../io/list-files.js';
import { readPng } from '../io/png-file.js';
import { type EvalReport, finishReport } from './report.js';
import { locateLabelError } from './semantic-shares.js';

/** The folders of a Cityscapes evaluation. */
export interface CityscapesEvalOptions {
  /** gtFine folder: `*_gtFine_labelIds.png` with `*_gtFine_instanceIds.png` beside them. */
  gt: string;
  /** Prediction labelId PNGs, one per ground-truth image, anywhere under this folder. */
  pred: string;
  /** Resource limits: PNGs over `maxPixels` (from their headers) or files over `maxFileBytes` are refused unread. */
  limits?: Partial<Limits>;
}

/**
 * `eval semantic --preset cityscapes`: the prediction for `<city>_<seq>_<frame>` is the one PNG under
 * `pred` whose name contains that prefix (as cityscapesScripts' getPrediction finds it).
 */
export async function evalCityscapes(options: CityscapesEvalOptions, hooks: JobHooks = {}): Promise<EvalReport> {
  const gtFiles = await listFiles(options.gt, (name) => name.endsWith('_gtFine_labelIds.png'));
  if (gtFiles.length === 0) throw new SegkitError('INVALID_DATASET', 'no *_gtFine_labelIds.png found', [options.gt]);
  const predFiles = await listFiles(options.pred, (name) => name.toLowerCase().endsWith('.png'));
  const evaluator = cityscapesEvaluator();
  for (const [i, file] of gtFiles.entries()) {
    throwIfAborted(hooks.signal);
    const stem = file.slice(file.lastIndexOf('/') + 1).replace(/_gtFine_labelIds\.png$/, '');
    const prefix = stem.split('_').slice(0, 3).join('_');
    const matches = predFiles.filter((p) => p.slice(p.lastIndexOf('/') + 1).includes(prefix));
    if (matches.length !== 1) {
      throw new SegkitError('INVALID_DATASET', `${matches.length === 0 ? 'no' : 'several'} predictions for ${prefix}`, [
        options.pred,
      ]);
    }
    const labelPath = join(options.gt, file);
    const instancePath = labelPath.replace(/_gtFine_labelIds\.png$/, '_gtFine_instanceIds.png');
    const predPath = join(options.pred, matches[0]);
    const labels = await readPng(labelPath, options.limits);
    const instances = await readPng(instancePath, options.limits);
    const pred = await readPng(predPath, options.limits);
    try {
      evaluator.addImage({
        width: labels.width,
        height: labels.height,
        gtLabelIds: labels.data as Uint8Array,
        gtInstanceIds: instances.data as Uint16Array,
        predLabelIds: pred.data as Uint8Array,
      });
    } catch (error) {
      throw locateLabelError(error, labelPath, predPath);
    }
    hooks.onProgress?.(i + 1, gtFiles.length);
  }
  const result = evaluator.result();
  const pct = (v: number | null) => (v === null || Number.isNaN(v) ? 'n/a' : (100 * v).toFixed(2));
  return finishReport({
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
      // cityscapesScripts' IoU is NaN (null here) exactly when tp + fp + fn = 0: no pixel of the class on either side.
      absent: c.iou === null,
      cells: [c.id, c.name, c.iou, c.iiou],
    })),
  });
}
