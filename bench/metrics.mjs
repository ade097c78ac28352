/**
 * Metrics benchmark: COCOeval (evaluate + accumulate, loading excluded, as TIMINGS.md measures
 * pycocotools) on the largest reference scenario and on a seeded synthetic 2,000-image workload
 * (15 GT, 50 detections per image, 10 categories); pq_compute on the panopticapi COCO sample (PNG
 * decoding included, as panopticapi's includes it); the semantic confusion matrix in labelled pixels/s.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { encode, polygonToRle, rleToString } from '../packages/core/dist/index.js';
import { evaluateCocoInShares, INSTANCE_PARALLEL_FROM } from '../packages/jobs/dist/eval/instance-shares.js';
import { readSegmentIds } from '../packages/jobs/dist/index.js';
import {
  ConfusionMatrix,
  evaluateCoco,
  loadResultsForEval,
  planCocoEval,
  pqCompute,
} from '../packages/metrics/dist/index.js';
import { blobMask, mulberry32, starPolygon } from './lib/random.mjs';
import { tableFigure } from './lib/timing.mjs';

const FIXTURES = fileURLToPath(new URL('../packages/metrics/test/fixtures/', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../shared/fixtures/reference/panoptic/coco_sample/', import.meta.url));

function best(work, repeats) {
  let seconds = Number.POSITIVE_INFINITY;
  let result;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    result = work();
    seconds = Math.min(seconds, (performance.now() - start) / 1000);
  }
  return { seconds, result };
}

/** Best and median of `repeats` timed runs of an async `work` (after one warm-up run). */
async function timings(work, repeats) {
  await work();
  const runs = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    await work();
    runs.push((performance.now() - start) / 1000);
  }
  runs.sort((a, b) => a - b);
  return { best: runs[0], median: runs[Math.floor(runs.length / 2)] };
}

/** Worker threads `eval instance` uses by default for `images` images (as computeInShares decides; 1 for now). */
const defaultThreads = (images) => (images >= INSTANCE_PARALLEL_FROM ? Math.min(availableParallelism(), 4) : 1);

/**
 * COCOeval evaluate + accumulate (+ summarize, a few ms) on one thread, on the default threads of
 * `segkit eval instance` and on 2 threads (shares of images packed and posted to worker threads,
 * started inside the timing), with the speed-up over TIMINGS.md's pycocotools figure.
 */
async function cocoEvalRows(label, gt, results, reference, repeats) {
  const rows = [];
  const images = gt.images.length;
  for (const [k, iouType] of ['segm', 'bbox'].entries()) {
    const dts = loadResultsForEval(results, gt);
    const threads = defaultThreads(images);
    const runs = [
      ['1 thread', () => evaluateCoco(gt, dts, { iouType })],
      [`default threads (${threads})`, () => evaluateCocoInShares(planCocoEval(gt, dts, { iouType }))],
      ['2 threads', () => evaluateCocoInShares(planCocoEval(gt, dts, { iouType }), 2)],
    ];
    for (const [name, work] of runs) {
      const { best, median } = await timings(work, repeats);
      rows.push(
        `COCOeval ${iouType}, ${label}, ${name}: ${fmtSeconds(best)} (median ${fmtSeconds(median)}), ${(images / best).toFixed(0)} images/s${ratio(reference[k], best)}`,
      );
    }
  }
  return rows;
}

const fmtSeconds = (s) => (s < 1 ? `${(s * 1000).toFixed(1)} ms` : `${s.toFixed(2)} s`);

const ratio = (reference, seconds) =>
  reference === undefined ? '' : `  reference ${reference.toFixed(3)} s, speed-up ${(reference / seconds).toFixed(1)}x`;

/** 2,000 images like TIMINGS.md's synthetic scenario: GT polygons (4% crowd RLE), detections as compressed RLE. */
export function syntheticScenario(seed = 99) {
  const random = mulberry32(seed);
  const gt = { images: [], annotations: [], categories: [] };
  for (let c = 1; c <= 10; c++) gt.categories.push({ id: c, name: `class${c}` });
  const dt = [];
  for (let i = 1; i <= 2000; i++) {
    const height = 360 + Math.floor(random() * 121);
    const width = 480 + Math.floor(random() * 161);
    gt.images.push({ id: i, height, width, file_name: `${i}.jpg` });
    const shapes = [];
    for (let g = 0; g < 15; g++) {
      const category = 1 + Math.floor(random() * 10);
      const r = 8 + random() * 80;
      const cx = r + random() * (width - 2 * r);
      const cy = r + random() * (height - 2 * r);
      if (random() < 0.04) {
        const mask = blobMask(random, height, width, 2);
        const rle = encode(mask);
        let area = 0;
        for (let k = 1; k < rle.counts.length; k += 2) area += rle.counts[k];
        gt.annotations.push({
          id: gt.annotations.length + 1,
          image_id: i,
          category_id: category,
          iscrowd: 1,
          area,
          bbox: [0, 0, width, height],
          segmentation: { size: [height, width], counts: Array.from(rle.counts) },
        });
        continue;
      }
      const polygon = starPolygon(random, cx, cy, r, 12);
      shapes.push({ category, cx, cy, r });
      gt.annotations.push({
        id: gt.annotations.length + 1,
        image_id: i,
        category_id: category,
        iscrowd: 0,
        area: Math.PI * r * r * 0.5,
        bbox: [cx - r, cy - r, 2 * r, 2 * r],
        segmentation: [polygon],
      });
    }
    for (let d = 0; d < 50; d++) {
      const near = shapes.length > 0 && d < 30 ? shapes[d % shapes.length] : undefined;
      const r = near ? near.r * (0.8 + 0.4 * random()) : 8 + random() * 60;
      const cx = near ? near.cx + (random() - 0.5) * r * 0.4 : r + random() * (width - 2 * r);
      const cy = near ? near.cy + (random() - 0.5) * r * 0.4 : r + random() * (height - 2 * r);
      const rle = polygonToRle(starPolygon(random, cx, cy, r, 12), height, width);
      dt.push({
        image_id: i,
        category_id: near ? near.category : 1 + Math.floor(random() * 10),
        score: random(),
        segmentation: { size: [height, width], counts: rleToString(rle) },
      });
    }
  }
  return { gt, dt };
}

export async function runMetricsBench() {
  const rows = [];
  const s3gt = JSON.parse(readFileSync(`${FIXTURES}cocoeval_s3_gt.json`, 'utf8'));
  const s3dt = JSON.parse(readFileSync(`${FIXTURES}cocoeval_s3_dt.json`, 'utf8'));
  const s3Reference = [tableFigure('like `cocoeval_s3`', 0), tableFigure('like `cocoeval_s3`', 1)];
  rows.push(...(await cocoEvalRows('cocoeval_s3 (200 images)', s3gt, s3dt, s3Reference, 10)));
  const { gt, dt } = syntheticScenario();
  const label = `synthetic 2,000 images (${gt.annotations.length} GT, ${dt.length} detections)`;
  const syntheticReference = [tableFigure('synthetic, 360', 0), tableFigure('synthetic, 360', 1)];
  rows.push(...(await cocoEvalRows(label, gt, dt, syntheticReference, 3)));
  if (existsSync(SAMPLE)) {
    const gtDoc = JSON.parse(readFileSync(`${SAMPLE}gt.json`, 'utf8'));
    const predDoc = JSON.parse(readFileSync(`${SAMPLE}pred_a.json`, 'utf8'));
    const preds = new Map(predDoc.annotations.map((a) => [a.image_id, a]));
    const loadPairs = async () => {
      const pairs = [];
      for (const a of gtDoc.annotations) {
        const p = preds.get(a.image_id);
        pairs.push({
          name: a.file_name,
          gt: {
            ids: await readSegmentIds(`${SAMPLE}gt/${a.file_name}`),
            segments: a.segments_info,
          },
          pred: {
            ids: await readSegmentIds(`${SAMPLE}pred_a/${p.file_name}`),
            segments: p.segments_info,
          },
        });
      }
      return pairs;
    };
    let seconds = Number.POSITIVE_INFINITY;
    for (let r = 0; r < 10; r++) {
      const start = performance.now();
      pqCompute(await loadPairs(), gtDoc.categories);
      seconds = Math.min(seconds, (performance.now() - start) / 1000);
    }
    const reference = tableFigure('`pq_compute_single_core`');
    rows.push(
      `pq_compute on the COCO panoptic sample (2 images, PNG decoding included): ${(seconds * 1000).toFixed(1)} ms${ratio(reference, seconds)}`,
    );
    // The same without the PNG decoding (native zlib inflate, JavaScript row filters), which dominates here.
    const pairs = await loadPairs();
    const decoded = best(() => pqCompute(pairs, gtDoc.categories), 50).seconds;
    rows.push(
      `pq_compute on the same, PNGs already decoded: ${(decoded * 1000).toFixed(2)} ms${ratio(reference, decoded)}`,
    );
  }
  const random = mulberry32(5);
  const n = 2048 * 1024;
  const gtMap = new Uint8Array(n);
  const predMap = new Uint8Array(n);
  for (let i = 0, label = 0; i < n; i++) {
    if (random() < 0.01) label = Math.floor(random() * 19);
    gtMap[i] = random() < 0.1 ? 255 : label;
    predMap[i] = random() < 0.02 ? Math.floor(random() * 19) : label;
  }
  let labelled = 0;
  for (let i = 0; i < n; i++) if (gtMap[i] !== 255) labelled++;
  const { seconds } = best(() => new ConfusionMatrix(19, 255).add(gtMap, predMap), 20);
  rows.push(
    `semantic confusion matrix, 2048x1024, 19 classes, 2% prediction noise: ${(labelled / seconds / 1e6).toFixed(0)} M labelled px/s (target 300 M)`,
  );
  return rows;
}
