import { type Limits, SegkitError } from '@segkit/core';
import { checkPanopticDocument } from '@segkit/formats';
import { type PanopticCategory, type PanopticSegment, type PqStats, pqAverage } from '@segkit/metrics';
import { type JobHooks, throwIfAborted } from '../hooks.js';
import { checkRelative } from '../io/file-source.js';
import { readJsonFile } from '../io/read-json.js';
import { panopticStats } from './panoptic-shares.js';
import { type EvalReport, finishReport } from './report.js';

export interface PanopticEvalOptions {
  /** Ground-truth COCO panoptic JSON. */
  gt: string;
  /** Its segment PNGs (default: the JSON path without .json). */
  gtDir?: string;
  /** Predictions COCO panoptic JSON. */
  pred: string;
  /** Their segment PNGs (default: the JSON path without .json). */
  predDir?: string;
  /** Worker threads across images (default: the cores available, at most 4, from PARALLEL_PIXELS on). */
  threads?: number;
  /** Resource limits: PNGs over `maxPixels` (from their headers) or files over `maxFileBytes` are refused unread. */
  limits?: Partial<Limits>;
}

/** `eval panoptic`: PQ/SQ/RQ per class and for All/Things/Stuff, as panopticapi pq_compute. */
export async function evalPanoptic(options: PanopticEvalOptions, hooks: JobHooks = {}): Promise<EvalReport> {
  throwIfAborted(hooks.signal);
  const { limits } = options;
  const gt = checkPanopticDocument(await readJsonFile(options.gt, limits), options.gt);
  const pred = checkPanopticDocument(await readJsonFile(options.pred, limits), options.pred, { predictions: true });
  const gtDir = options.gtDir ?? options.gt.replace(/\.json$/i, '');
  const predDir = options.predDir ?? options.pred.replace(/\.json$/i, '');
  const categories = gt.categories as PanopticCategory[];
  const predByImage = new Map(pred.annotations.map((a) => [a.image_id, a]));
  for (const annotation of gt.annotations) {
    if (!predByImage.has(annotation.image_id)) {
      throw new SegkitError('INVALID_DATASET', `no prediction for image_id ${String(annotation.image_id)}`, [
        options.pred,
      ]);
    }
  }
  // The PNGs are read by the names in the JSONs: none may leave its folder (nor hold a NUL, which Node's fs throws on).
  for (const [file, document] of [
    [options.gt, gt],
    [options.pred, pred],
  ] as const) {
    document.annotations.forEach((annotation, i) => {
      checkRelative(annotation.file_name, `${file}: annotation ${i}`);
    });
  }
  const images = gt.annotations.map((annotation) => {
    const prediction = predByImage.get(annotation.image_id) as (typeof pred.annotations)[number];
    return {
      gtFile: annotation.file_name,
      gtSegments: annotation.segments_info as PanopticSegment[],
      predFile: prediction.file_name,
      predSegments: prediction.segments_info as PanopticSegment[],
    };
  });
  const stats = await panopticStats(
    { gtDir, predDir, categories, images, ...(limits === undefined ? {} : { limits }) },
    options.threads,
    hooks,
  );
  return panopticReport(stats, categories, gt.annotations);
}

const fmt = (v: number) => (Number.isFinite(v) ? (100 * v).toFixed(2).padStart(6) : '   n/a');

/**
 * The `eval panoptic` report of merged per-image statistics: panopticapi's averages, plus each class's
 * share of the ground-truth segments (`gtAnnotations`' segments_info) for the alerts.
 */
export function panopticReport(
  stats: PqStats,
  categories: readonly PanopticCategory[],
  gtAnnotations: ReadonlyArray<{ segments_info: ReadonlyArray<{ category_id: number }> }>,
): EvalReport {
  const result = pqAverage(stats, categories);
  const instances = new Map<number, number>();
  let total = 0;
  for (const annotation of gtAnnotations) {
    for (const segment of annotation.segments_info) {
      instances.set(segment.category_id, (instances.get(segment.category_id) ?? 0) + 1);
      total++;
    }
  }
  const line = (label: string, s: { pq: number; sq: number; rq: number; n: number }) =>
    `${label.padEnd(7)} PQ ${fmt(s.pq)}  SQ ${fmt(s.sq)}  RQ ${fmt(s.rq)}  (${s.n} classes)`;
  return finishReport({
    json: result,
    summary: [line('All', result.all), line('Things', result.things), line('Stuff', result.stuff)],
    metric: 'PQ',
    unit: 'ground-truth segments',
    headers: ['id', 'name', 'kind', 'pq', 'sq', 'rq', 'tp', 'fp', 'fn'],
    rows: result.perClass.map((c) => ({
      id: c.id,
      name: c.name,
      score: Number.isFinite(c.pq) ? c.pq : null,
      share: total > 0 ? (instances.get(c.id) ?? 0) / total : 0,
      // panopticapi leaves a class with tp + fp + fn = 0 out of its means and reports 0.0 for it.
      absent: c.tp + c.fp + c.fn === 0,
      cells: [c.id, c.name, c.isthing ? 'thing' : 'stuff', c.pq, c.sq, c.rq, c.tp, c.fp, c.fn],
    })),
  });
}
