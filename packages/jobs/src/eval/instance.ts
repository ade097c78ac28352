import { annotationLabel, checkCocoDataset, type Limits, SegkitError } from '@segkit/core';
import {
  cocoEvalReport,
  type EvalAnnotation,
  type IouType,
  loadResultsForEval,
  planCocoEval,
  summaryLines,
} from '@segkit/metrics';
import { type JobHooks, throwIfAborted } from '../hooks.js';
import { readJsonFile } from '../io/read-json.js';
import { evaluateCocoInShares } from './instance-shares.js';
import { type EvalReport, finishReport } from './report.js';

export interface InstanceEvalOptions {
  /** COCO instances ground truth JSON. */
  gt: string;
  /** COCO results JSON (detections with scores). */
  dt: string;
  /** segm (default), bbox or boundary. */
  iouType?: string;
  /** Fix the known pycocotools quirks (explicit ignore flags honoured, GT id 0 can match). */
  strict?: boolean;
  /** Worker threads across images (default: 1, see INSTANCE_PARALLEL_FROM). */
  threads?: number;
  /**
   * Resource limits: ground-truth images and result masks over `maxPixels`, polygons over
   * `maxVertices` and files over `maxFileBytes` are refused before anything is rasterized or read.
   */
  limits?: Partial<Limits>;
}

/** `eval instance`: COCOeval (segm, bbox or boundary) exactly as pycocotools, plus per-class AP. */
export async function evalInstance(options: InstanceEvalOptions, hooks: JobHooks = {}): Promise<EvalReport> {
  checkIouType(options.iouType);
  throwIfAborted(hooks.signal);
  const { limits } = options;
  return evalInstanceDocuments(
    await readJsonFile(options.gt, limits),
    await readJsonFile(options.dt, limits),
    options,
    hooks,
  );
}

/**
 * `eval instance` on parsed documents: a COCO ground truth and a results list (what the files hold);
 * `gt` and `dt` name them in errors. The CLI reads files into it; the server builds the documents.
 */
export async function evalInstanceDocuments(
  gtJson: unknown,
  dtJson: unknown,
  options: Omit<InstanceEvalOptions, 'gt' | 'dt'> & { gt: string; dt: string },
  hooks: JobHooks = {},
): Promise<EvalReport> {
  const iouType = checkIouType(options.iouType);
  throwIfAborted(hooks.signal);
  if (!Array.isArray((gtJson as { categories?: unknown } | null)?.categories)) {
    // COCOeval reads its classes from "categories"; the document checker lets a dataset go without.
    throw new SegkitError('INVALID_DATASET', 'a COCO ground truth needs a "categories" list', [options.gt]);
  }
  const { limits } = options;
  const gt = checkCocoDataset(gtJson, { file: options.gt, limits });
  const dts = loadResultsForEval(dtJson, gt, { file: options.dt, limits }) as EvalAnnotation[];
  throwIfAborted(hooks.signal);
  let result: Awaited<ReturnType<typeof evaluateCocoInShares>>;
  try {
    const plan = planCocoEval(gt, dts, { iouType, strict: options.strict });
    result = await evaluateCocoInShares(plan, options.threads, hooks);
  } catch (error) {
    throw inFiles(error, options, gt.dataset.annotations);
  }
  const report = cocoEvalReport(result);
  const total = report.perClass.reduce((n, c) => n + c.nGt, 0);
  return finishReport({
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
      absent: c.nGt === 0 && c.nDt === 0,
      cells: [c.id, c.name, c.ap, c.ap50, c.ap75, c.apSmall, c.apMedium, c.apLarge, c.ar100, c.nGt, c.nDt],
    })),
  });
}

/**
 * COCOeval names the annotations it fails on by side and position ("ground truth 3", "detection 0");
 * the person reading the message needs the file and the item as the readers name them:
 * "gt.json: annotation 3 (id 17): …", "dt.json: result 0: …".
 */
function inFiles(error: unknown, files: { gt: string; dt: string }, gtAnnotations: readonly unknown[]): unknown {
  if (!(error instanceof SegkitError)) return error;
  const [first, ...rest] = error.context;
  const side = /^(ground truth|detection) (\d+)$/.exec(first ?? '');
  if (side === null) return error;
  const index = Number(side[2]);
  const where =
    side[1] === 'ground truth'
      ? [files.gt, annotationLabel(gtAnnotations[index], index)]
      : [files.dt, `result ${index}`];
  return new SegkitError(error.code, error.detail, [...where, ...rest]);
}

function checkIouType(iouType = 'segm'): IouType {
  if (iouType !== 'segm' && iouType !== 'bbox' && iouType !== 'boundary') {
    throw new SegkitError('UNSUPPORTED', `--iou-type ${iouType} is unknown (segm, bbox or boundary)`);
  }
  return iouType;
}
