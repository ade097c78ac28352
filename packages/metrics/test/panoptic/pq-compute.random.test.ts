import { describe, expect, it } from 'vitest';
import {
  type PanopticCategory,
  type PanopticImage,
  type PanopticPair,
  type PanopticSegment,
  pqCompute,
} from '../../src/panoptic/index.js';
import { mulberry32 } from './draw.js';

const CATEGORIES: PanopticCategory[] = [
  { id: 1, name: 'person', isthing: 1 },
  { id: 3, name: 'car', isthing: 1 },
  { id: 149, name: 'road', isthing: 0 },
  { id: 187, name: 'sky', isthing: 0 },
];

/**
 * panopticapi's pq_compute_single_core + pq_average written out line by line on Maps, pixel by
 * pixel, with its sequential float sums: the from-scratch recomputation the fast version must match.
 */
function referencePq(pairs: readonly PanopticPair[], categories: readonly PanopticCategory[]) {
  const stats = new Map<number, { iou: number; tp: number; fp: number; fn: number }>();
  const statOf = (c: number) => {
    if (!stats.has(c)) stats.set(c, { iou: 0, tp: 0, fp: 0, fn: 0 });
    return stats.get(c)!;
  };
  for (const { gt, pred } of pairs) {
    const gtSegms = new Map(gt.segments.map((s) => [s.id, s]));
    const predSegms = new Map(pred.segments.map((s) => [s.id, { ...s, area: 0 }]));
    for (const id of pred.ids.data) if (id !== 0) predSegms.get(id)!.area += 1;
    const gtPredMap = new Map<string, number>();
    for (let i = 0; i < gt.ids.data.length; i++) {
      const key = `${gt.ids.data[i]},${pred.ids.data[i]}`;
      gtPredMap.set(key, (gtPredMap.get(key) ?? 0) + 1);
    }
    const gtMatched = new Set<number>();
    const predMatched = new Set<number>();
    for (const [key, intersection] of gtPredMap) {
      const [gtLabel, predLabel] = key.split(',').map(Number);
      const g = gtSegms.get(gtLabel);
      const p = predSegms.get(predLabel);
      if (g === undefined || p === undefined || g.iscrowd === 1 || g.category_id !== p.category_id) continue;
      const union = p.area + g.area! - intersection - (gtPredMap.get(`0,${predLabel}`) ?? 0);
      const iou = intersection / union;
      if (iou > 0.5) {
        statOf(g.category_id).tp += 1;
        statOf(g.category_id).iou += iou;
        gtMatched.add(gtLabel);
        predMatched.add(predLabel);
      }
    }
    const crowdLabels = new Map<number, number>();
    for (const [gtLabel, g] of gtSegms) {
      if (gtMatched.has(gtLabel)) continue;
      if (g.iscrowd === 1) crowdLabels.set(g.category_id, gtLabel);
      else statOf(g.category_id).fn += 1;
    }
    for (const [predLabel, p] of predSegms) {
      if (predMatched.has(predLabel)) continue;
      let intersection = gtPredMap.get(`0,${predLabel}`) ?? 0;
      const crowd = crowdLabels.get(p.category_id);
      if (crowd !== undefined) intersection += gtPredMap.get(`${crowd},${predLabel}`) ?? 0;
      if (intersection / p.area > 0.5) continue;
      statOf(p.category_id).fp += 1;
    }
  }
  const average = (isthing: boolean | null) => {
    let pq = 0;
    let sq = 0;
    let rq = 0;
    let n = 0;
    for (const c of categories) {
      if (isthing !== null && (c.isthing === 1) !== isthing) continue;
      const { iou, tp, fp, fn } = stats.get(c.id) ?? { iou: 0, tp: 0, fp: 0, fn: 0 };
      if (tp + fp + fn === 0) continue;
      n += 1;
      pq += iou / (tp + 0.5 * fp + 0.5 * fn);
      sq += tp !== 0 ? iou / tp : 0;
      rq += tp / (tp + 0.5 * fp + 0.5 * fn);
    }
    return { pq: pq / n, sq: sq / n, rq: rq / n, n };
  };
  return { stats, all: average(null), things: average(true), stuff: average(false) };
}

/**
 * A random image pair: GT rectangles painted over a stuff background (some crowds, some VOID),
 * and a prediction made from it by shifting, relabelling, painting new segments and VOID.
 */
function randomPair(random: () => number, index: number): PanopticPair {
  const int = (n: number) => Math.floor(random() * n);
  const width = 4 + int(40);
  const height = 4 + int(30);
  const paint = (data: Uint32Array, id: number) => {
    const x0 = int(width);
    const y0 = int(height);
    const x1 = Math.min(width, x0 + 1 + int(width / 2));
    const y1 = Math.min(height, y0 + 1 + int(height / 2));
    for (let y = y0; y < y1; y++) data.fill(id, y * width + x0, y * width + x1);
  };
  const newId = () => 1 + int(2 ** 24 - 1);
  const category = () => CATEGORIES[int(CATEGORIES.length)].id;

  const gtData = new Uint32Array(width * height).fill(random() < 0.8 ? 1000 : 0);
  const gtCategory = new Map<number, number>([[1000, random() < 0.5 ? 149 : 187]]);
  const crowd = new Set<number>();
  for (let k = int(8); k > 0; k--) {
    const id = random() < 0.1 ? 0 : newId();
    paint(gtData, id);
    if (id !== 0) gtCategory.set(id, category());
    if (random() < 0.2) crowd.add(id);
  }
  const gt: PanopticImage = { ids: { width, height, data: gtData }, segments: segmentsOf(gtData, gtCategory, crowd) };

  const shift = int(3);
  const predData = new Uint32Array(width * height);
  for (let i = 0; i < predData.length; i++) predData[i] = gtData[Math.max(0, i - shift)];
  const predCategory = new Map<number, number>();
  for (const [id, c] of gtCategory) predCategory.set(id, random() < 0.15 ? category() : c);
  for (let k = int(5); k > 0; k--) {
    const id = random() < 0.25 ? 0 : newId();
    paint(predData, id);
    if (id !== 0) predCategory.set(id, category());
  }
  // The prediction under other ids, as a model writes them.
  const renamed = new Map([...predCategory.keys()].map((id) => [id, newId()]));
  const predIds = predData.map((id) => (id === 0 ? 0 : renamed.get(id)!));
  const predCategories = new Map([...predCategory].map(([id, c]) => [renamed.get(id)!, c]));
  const pred: PanopticImage = { ids: { width, height, data: predIds }, segments: segmentsOf(predIds, predCategories) };
  return { name: `random_${index}.png`, gt, pred };
}

/** segments_info for the ids present, areas counted, in a shuffled-looking (map) order. */
function segmentsOf(data: Uint32Array, category: Map<number, number>, crowd = new Set<number>()): PanopticSegment[] {
  const area = new Map<number, number>();
  for (const id of data) if (id !== 0) area.set(id, (area.get(id) ?? 0) + 1);
  return [...area].map(([id, a]) => ({ id, category_id: category.get(id)!, iscrowd: crowd.has(id) ? 1 : 0, area: a }));
}

describe('pqCompute on random image pairs against a pixel-by-pixel transcription of panopticapi', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`pqCompute(30 random pairs, seed ${seed}) returns the transcription's counts exactly and its means to 1e-12`, () => {
      const random = mulberry32(seed);
      const pairs = Array.from({ length: 30 }, (_, i) => randomPair(random, i));
      const result = pqCompute(pairs, CATEGORIES);
      const expected = referencePq(pairs, CATEGORIES);
      for (const c of result.perClass) {
        const s = expected.stats.get(c.id) ?? { iou: 0, tp: 0, fp: 0, fn: 0 };
        expect({ tp: c.tp, fp: c.fp, fn: c.fn }, `class ${c.id}`).toEqual({ tp: s.tp, fp: s.fp, fn: s.fn });
        expect(Math.abs(c.sq * c.tp - s.iou), `class ${c.id} iou`).toBeLessThanOrEqual(1e-12);
      }
      for (const group of ['all', 'things', 'stuff'] as const) {
        expect(result[group].n).toBe(expected[group].n);
        for (const key of ['pq', 'sq', 'rq'] as const) {
          expect(Math.abs(result[group][key] - expected[group][key]), `${group} ${key}`).toBeLessThanOrEqual(1e-12);
        }
      }
      // The cases exercise what they should.
      const totals = result.perClass.reduce((t, c) => [t[0] + c.tp, t[1] + c.fp, t[2] + c.fn], [0, 0, 0]);
      expect(Math.min(...totals)).toBeGreaterThan(0);
    });
  }
});
