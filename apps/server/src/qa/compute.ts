/**
 * QA of annotators' documents against gold documents: exactly the report `segkit eval
 * semantic|instance|panoptic --format json` prints for the same labels (api.md), computed from the
 * stored RLEs. Plain data in, plain data out, so it runs in a worker thread.
 *
 * - semantic: numClasses = largest class id + 1 and the project's ignoreIndex; gold pixels in no
 *   segment are ignored; annotator pixels in no segment count as a miss of the gold class and for no
 *   class. The confusion counts are intersections of the two documents' class masks, taken on runs.
 * - instance: each annotator segment is a detection of score 1 in stored order; iouType segm.
 * - panoptic: segment-id maps painted from the RLEs, then panopticapi's matching.
 */
import { area, bbox, combine, fromCocoRle, type Rle } from '@segkit/core';
import { paintRle } from '@segkit/formats';
import { type EvalReport, evalInstanceDocuments, panopticReport, semanticReport } from '@segkit/jobs';
import {
  ConfusionMatrix,
  type PanopticCategory,
  type PqStats,
  pqImageStats,
  pqMergeStats,
  semanticMetrics,
} from '@segkit/metrics';

export interface QaSegment {
  id: number;
  categoryId: number;
  segmentation: { size: [number, number]; counts: string };
  iscrowd?: 0 | 1;
}

export interface QaClass {
  id: number;
  name: string;
  isthing: boolean;
}

export interface QaPair {
  image: { id: number; width: number; height: number; fileName: string };
  gold: QaSegment[];
  /** The annotator's document; null when never saved (every pixel unlabelled). */
  annotation: QaSegment[] | null;
}

export interface QaInput {
  type: 'semantic' | 'instance' | 'panoptic';
  classes: QaClass[];
  ignoreIndex: number;
  pairs: QaPair[];
}

/** The report's JSON (what `segkit eval ... --format json` prints). */
export type QaReport = Record<string, unknown>;

export async function computeQa(input: QaInput): Promise<QaReport> {
  return (await computeQaReport(input)).json;
}

/** The whole eval report (JSON, summary, rows, alerts): what report.html is rendered from. */
export async function computeQaReport(input: QaInput): Promise<EvalReport> {
  if (input.type === 'semantic') return semanticQa(input);
  if (input.type === 'instance') return instanceQa(input);
  return panopticQa(input);
}

function semanticQa(input: QaInput): EvalReport {
  const n = Math.max(...input.classes.map((c) => c.id)) + 1;
  const counts = new Float64Array(n * n);
  const unlabeled = new Float64Array(n);
  for (const pair of input.pairs) {
    const gold = classMasks(pair.gold);
    const annotated = classMasks(pair.annotation ?? []);
    for (const [g, goldMask] of gold) {
      const goldArea = area(goldMask);
      let matched = 0;
      const goldBox = bbox(goldMask);
      for (const [p, mask] of annotated) {
        if (!boxesMeet(goldBox, bbox(mask))) continue;
        const shared = area(combine(goldMask, mask, 'intersection'));
        counts[g * n + p] += shared;
        matched += shared;
      }
      unlabeled[g] += goldArea - matched;
    }
  }
  const names = Array.from({ length: n }, (_, i) => String(i));
  for (const item of input.classes) names[item.id] = item.name;
  const matrix = ConfusionMatrix.fromCounts(n, counts, input.ignoreIndex);
  return semanticReport(semanticMetrics(matrix, names, unlabeled), input.pairs.length);
}

async function instanceQa(input: QaInput): Promise<EvalReport> {
  // One COCO image per pair: the same gold image labelled by two annotators is two evaluation images.
  let annotationId = 0;
  const gt = {
    images: input.pairs.map((pair, index) => ({
      id: index + 1,
      width: pair.image.width,
      height: pair.image.height,
      file_name: pair.image.fileName,
    })),
    annotations: input.pairs.flatMap((pair, index) =>
      pair.gold.map((segment) => {
        const mask = fromCocoRle(segment.segmentation);
        return {
          id: ++annotationId,
          image_id: index + 1,
          category_id: segment.categoryId,
          segmentation: segment.segmentation,
          area: area(mask),
          bbox: bbox(mask),
          iscrowd: segment.iscrowd ?? 0,
        };
      }),
    ),
    categories: input.classes.map((c) => ({ id: c.id, name: c.name })),
  };
  const dt = input.pairs.flatMap((pair, index) =>
    (pair.annotation ?? []).map((segment) => ({
      image_id: index + 1,
      category_id: segment.categoryId,
      segmentation: segment.segmentation,
      score: 1,
    })),
  );
  return evalInstanceDocuments(gt, dt, { gt: 'gold', dt: 'annotations', iouType: 'segm', threads: 1 });
}

function panopticQa(input: QaInput): EvalReport {
  const categories: PanopticCategory[] = input.classes.map((c) => ({
    id: c.id,
    name: c.name,
    isthing: c.isthing ? 1 : 0,
  }));
  const stats: PqStats = new Map();
  const gtAnnotations: Array<{ segments_info: Array<{ category_id: number }> }> = [];
  for (const pair of input.pairs) {
    const { width, height } = pair.image;
    const gold = idMap(pair.gold, height, width);
    const annotated = idMap(pair.annotation ?? [], height, width);
    gtAnnotations.push({ segments_info: gold.segments });
    pqMergeStats(
      stats,
      pqImageStats(
        {
          name: pair.image.fileName,
          gt: { ids: gold.ids, segments: gold.segments },
          pred: { ids: annotated.ids, segments: annotated.segments },
        },
        categories,
      ),
    );
  }
  return panopticReport(stats, categories, gtAnnotations);
}

/** A document's segments united per class (a semantic document holds at most one per class). */
function classMasks(segments: readonly QaSegment[]): Map<number, Rle> {
  const out = new Map<number, Rle>();
  for (const segment of segments) {
    const mask = fromCocoRle(segment.segmentation);
    const before = out.get(segment.categoryId);
    out.set(segment.categoryId, before === undefined ? mask : combine(before, mask, 'union'));
  }
  return out;
}

/** A segment-id map (0 = void) and the segments_info of a panoptic document; areas as painted. */
function idMap(segments: readonly QaSegment[], height: number, width: number) {
  const ids = { height, width, data: new Uint32Array(height * width) };
  const info: Array<{ id: number; category_id: number; iscrowd: number; area: number }> = [];
  for (const segment of segments) {
    const mask = fromCocoRle(segment.segmentation);
    paintRle(ids, mask, segment.id, 0, false);
    info.push({ id: segment.id, category_id: segment.categoryId, iscrowd: segment.iscrowd ?? 0, area: area(mask) });
  }
  return { ids, segments: info };
}

function boxesMeet(a: readonly number[], b: readonly number[]): boolean {
  return a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
}
