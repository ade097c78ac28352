/**
 * The Cityscapes polygon fill (Pillow's ImageDraw.polygon rule) on one large generated polygon:
 * `node bench/pillow-polygon.mjs [vertices] [seed]` (default 1,000,000 vertices, seed 1). The polygon
 * is a jagged ring around the centre of a 2048×1024 image (radius 400 ± 40 px, so each edge crosses
 * a few dozen rows and every row holds thousands of crossings and edge ends), the shape a traced
 * boundary of a noisy mask gives. Prints the time of one fill and a checksum of the filled pixels
 * (timing kept apart from the checksum, so a change in speed shows as the same checksum).
 */
import { performance } from 'node:perf_hooks';
import { fillPolygon } from '../packages/formats/dist/index.js';
import { mulberry32 } from './lib/random.mjs';

export function jaggedRing(vertices, seed, width = 2048, height = 1024) {
  const random = mulberry32(seed);
  const points = new Array(vertices);
  for (let i = 0; i < vertices; i++) {
    const angle = (2 * Math.PI * i) / vertices;
    const radius = 400 + (random() - 0.5) * 80;
    points[i] = [width / 2 + radius * Math.cos(angle), height / 2 + radius * Math.sin(angle)];
  }
  return points;
}

const vertices = Number(process.argv[2] ?? 1_000_000);
const seed = Number(process.argv[3] ?? 1);
const width = 2048;
const height = 1024;
const points = jaggedRing(vertices, seed, width, height);
const target = new Uint8Array(width * height);
const start = performance.now();
fillPolygon(target, width, height, points, 1);
const seconds = (performance.now() - start) / 1000;
let filled = 0;
let hash = 0;
for (let i = 0; i < target.length; i++) {
  if (target[i] !== 0) {
    filled++;
    hash = (Math.imul(hash, 31) + i) | 0;
  }
}
console.log(
  `pillow polygon fill: ${vertices.toLocaleString('en-US')} vertices on ${width}x${height} (seed ${seed}): ${seconds.toFixed(3)} s, ${filled} pixels filled, checksum ${(hash >>> 0).toString(16)}`,
);
