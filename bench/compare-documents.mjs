/**
 * The review page's comparison (@segkit/metrics compareDocuments): per-class IoU and diff mask of two
 * documents of one 4096×3072 image, on runs, nothing decoded. Seeded (mulberry32(7)): 300 instances
 * (star polygons of radius 20–200 px, 20 classes, overlaps allowed), the second document the same
 * instances each moved 0–3 px right and down (as a second annotator would differ). Prints the best
 * of 5 runs for an instance project and for a semantic one (class masks and class diff only).
 *
 *   tsc -b && node bench/compare-documents.mjs
 */
import { polygonToRle, toCocoRle } from '../packages/core/dist/index.js';
import { compareDocuments } from '../packages/metrics/dist/index.js';
import { mulberry32, starPolygon } from './lib/random.mjs';

const H = 3072;
const W = 4096;
const INSTANCES = 300;
const CLASSES = Array.from({ length: 20 }, (_, id) => ({ id, name: `class ${id}`, isthing: true }));

const random = mulberry32(7);
const reference = [];
const other = [];
for (let i = 0; i < INSTANCES; i++) {
  const radius = 20 + random() * 180;
  const cx = radius + random() * (W - 2 * radius);
  const cy = radius + random() * (H - 2 * radius);
  const polygon = starPolygon(random, cx, cy, radius, 12);
  const dx = Math.floor(random() * 4);
  const dy = Math.floor(random() * 4);
  const moved = polygon.map((v, k) => v + (k % 2 === 0 ? dx : dy));
  const categoryId = i % CLASSES.length;
  reference.push({ categoryId, segmentation: toCocoRle(polygonToRle(polygon, H, W)) });
  other.push({ categoryId, segmentation: toCocoRle(polygonToRle(moved, H, W)) });
}

for (const kind of ['instance', 'semantic']) {
  let best = Number.POSITIVE_INFINITY;
  let result;
  for (let r = 0; r < 5; r++) {
    const start = performance.now();
    result = compareDocuments(reference, other, { kind, classes: CLASSES, height: H, width: W });
    best = Math.min(best, performance.now() - start);
  }
  const ious = result.perClass.map((c) => c.iou ?? 0);
  const mean = ious.reduce((a, b) => a + b, 0) / ious.length;
  console.log(
    `compareDocuments ${kind}, ${W}×${H}, ${INSTANCES} instances: ${best.toFixed(1)} ms (best of 5); ` +
      `mean class IoU ${mean.toFixed(4)}, ${result.diffPixels} px differ (${result.classDiffPixels} by class), ` +
      `${result.matchedInstances} instances matched`,
  );
}
