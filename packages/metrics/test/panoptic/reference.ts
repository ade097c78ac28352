/**
 * Loads the panopticapi reference cases copied from ../shared/fixtures/reference (panoptic.json,
 * synthetic set only; see its README): the datasets as image pairs, and `pq_compute`'s results.
 */
import { readFileSync } from 'node:fs';
import { decodeSegmentIds } from '../../../formats/src/index.js';
import type { PanopticCategory, PanopticPair, PanopticSegment } from '../../src/panoptic/index.js';

const FIXTURES = new URL('../fixtures/', import.meta.url);

interface Summary {
  pq: number;
  sq: number;
  rq: number;
  n: number;
}

export interface ReferenceCase {
  dataset: string;
  prediction: string;
  recipe: string[];
  gt_json: string;
  gt_folder: string;
  pred_json: string;
  pred_folder: string;
  result: {
    All: Summary;
    Things: Summary;
    Stuff: Summary;
    per_class: Record<string, { pq: number; sq: number; rq: number }>;
    per_class_raw: Record<string, { iou_sum: number; tp: number; fp: number; fn: number }>;
  };
}

interface PanopticJson {
  annotations: { image_id: number; file_name: string; segments_info: PanopticSegment[] }[];
  categories: PanopticCategory[];
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(new URL(path, FIXTURES), 'utf8')) as T;

export const referenceCases = (): ReferenceCase[] =>
  readJson<{ cases: ReferenceCase[] }>('panoptic/expected.json').cases;

/** The GT categories and the image pairs of a case, in the GT JSON's order (as pq_compute pairs them). */
export async function loadCase(c: ReferenceCase): Promise<{ categories: PanopticCategory[]; pairs: PanopticPair[] }> {
  const gt = readJson<PanopticJson>(c.gt_json);
  const pred = readJson<PanopticJson>(c.pred_json);
  const predByImage = new Map(pred.annotations.map((a) => [a.image_id, a]));
  const ids = async (folder: string, file: string) => {
    const path = new URL(`${folder}/${file}`, FIXTURES).pathname;
    return decodeSegmentIds(readFileSync(path), path);
  };
  const pairs: PanopticPair[] = [];
  for (const g of gt.annotations) {
    const p = predByImage.get(g.image_id);
    if (p === undefined) throw new Error(`no prediction for image ${g.image_id}`);
    pairs.push({
      name: g.file_name,
      gt: { ids: await ids(c.gt_folder, g.file_name), segments: g.segments_info },
      pred: { ids: await ids(c.pred_folder, p.file_name), segments: p.segments_info },
    });
  }
  return { categories: gt.categories, pairs };
}
