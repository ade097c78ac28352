import { checkLimit, type Limits, SegkitError } from '@segkit/core';
import { type SemanticMetrics, semanticMetrics } from '@segkit/metrics';
import { type JobHooks, throwIfAborted } from '../hooks.js';
import { listFiles } from '../io/list-files.js';
import { readClassNames } from '../io/png-file.js';
import { evalCityscapes } from './cityscapes.js';
import { type EvalReport, finishReport } from './report.js';
import { datasetConfusion } from './semantic-shares.js';

export interface SemanticEvalOptions {
  /** Folder of ground-truth class-index PNGs (with --preset cityscapes: gtFine labelIds/instanceIds). */
  gt: string;
  /** Folder of predicted class-index PNGs, under the same relative names. */
  pred: string;
  /** Classes 0..numClasses-1; required without a preset. */
  numClasses?: number;
  /** Ground-truth value left out (default 255). */
  ignoreIndex?: number;
  /** Class names file, one per line. */
  classes?: string;
  /** `cityscapes`: cityscapesScripts' evaluation (IoU and iIoU per class and category). */
  preset?: string;
  /** Worker threads across images (default: the cores available, at most 4, from 4 × PARALLEL_PIXELS on). */
  threads?: number;
  /**
   * Resource limits: `numClasses` over `maxClasses`, PNGs over `maxPixels` (from their headers) and
   * files over `maxFileBytes` are refused before anything of their size is allocated.
   */
  limits?: Partial<Limits>;
}

/**
 * `eval semantic`: one confusion matrix over the dataset, then per-class IoU, Dice, accuracy and
 * precision (mmseg convention), or cityscapesScripts' evaluation with `preset: 'cityscapes'`.
 */
export async function evalSemantic(options: SemanticEvalOptions, hooks: JobHooks = {}): Promise<EvalReport> {
  throwIfAborted(hooks.signal);
  if (options.preset === 'cityscapes') return evalCityscapes(options, hooks);
  if (options.preset !== undefined)
    throw new SegkitError('UNSUPPORTED', `--preset ${options.preset} is unknown (cityscapes)`);
  const numClasses = options.numClasses;
  if (numClasses === undefined) throw new SegkitError('UNSUPPORTED', '--num-classes is required without --preset');
  // The confusion matrix is numClasses² counts: refused before it, or any list of classes, exists.
  checkLimit('maxClasses', numClasses, options.limits, '--num-classes');
  const names = options.classes ? await readClassNames(options.classes, options.limits) : undefined;
  const classNames = Array.from({ length: numClasses }, (_, i) => names?.get(i) ?? String(i));
  const files = await listFiles(options.gt, (name) => name.toLowerCase().endsWith('.png'));
  if (files.length === 0) throw new SegkitError('INVALID_DATASET', 'no .png label files found', [options.gt]);
  const matrix = await datasetConfusion(
    {
      gt: options.gt,
      pred: options.pred,
      files,
      numClasses,
      ignoreIndex: options.ignoreIndex ?? 255,
      ...(options.limits === undefined ? {} : { limits: options.limits }),
    },
    options.threads,
    hooks,
  );
  return semanticReport(semanticMetrics(matrix, classNames), files.length);
}

/**
 * The `eval semantic` report (the JSON `--format json` prints, the summary, the rows and the alerts)
 * of metrics already computed: what the CLI prints for files and the server for stored documents.
 */
export function semanticReport(metrics: SemanticMetrics, images: number): EvalReport {
  const labelled = metrics.perClass.reduce((n, c) => n + c.gtPixels, 0);
  const pct = (v: number | null) => (v === null ? 'n/a' : (100 * v).toFixed(2));
  return finishReport({
    json: metrics,
    summary: [
      `mIoU ${pct(metrics.miou)}  pixel accuracy ${pct(metrics.pixelAccuracy)}  mean accuracy ${pct(metrics.meanAccuracy)}  fwIoU ${pct(metrics.fwIou)}  (${images} images)`,
    ],
    metric: 'IoU',
    unit: 'labelled pixels',
    headers: ['id', 'name', 'iou', 'dice', 'accuracy', 'precision', 'gtPixels', 'predPixels'],
    rows: metrics.perClass.map((c) => ({
      id: c.id,
      name: c.name,
      score: c.iou,
      share: labelled > 0 ? c.gtPixels / labelled : 0,
      absent: c.gtPixels === 0 && c.predPixels === 0,
      cells: [c.id, c.name, c.iou, c.dice, c.accuracy, c.precision, c.gtPixels, c.predPixels],
    })),
  });
}
