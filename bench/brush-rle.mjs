/**
 * Label Studio brush masks: bitmapToBrushRle / brushRleToBitmap on a seeded 1920×1080 mask (blobs,
 * about a third of the pixels on), best of several runs. Run after `npm run build`:
 *   node bench/brush-rle.mjs [path/to/formats/dist/label-studio/brush.js]
 * The optional path lets one time another build (e.g. an older commit's) with the same input.
 */
import { pathToFileURL } from 'node:url';
import { mulberry32 } from './lib/random.mjs';

const modulePath =
  process.argv[2] ?? new URL('../packages/formats/dist/label-studio/brush.js', import.meta.url).pathname;
const { bitmapToBrushRle, brushRleToBitmap } = await import(pathToFileURL(modulePath).href);

const height = 1080;
const width = 1920;
const random = mulberry32(1080);
const data = new Uint8Array(height * width);
for (let k = 0; k < 60; k++) {
  const cx = random() * width;
  const cy = random() * height;
  const r = 20 + random() * 150;
  for (let y = Math.max(0, Math.floor(cy - r)); y < Math.min(height, cy + r); y++) {
    for (let x = Math.max(0, Math.floor(cx - r)); x < Math.min(width, cx + r); x++) {
      if ((x - cx) ** 2 + (y - cy) ** 2 < r * r) data[y * width + x] = 1;
    }
  }
}
const mask = { height, width, data };

function best(run, times = 7) {
  let fastest = Number.POSITIVE_INFINITY;
  let result;
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    result = run();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return [fastest, result];
}

const [encodeMs, rle] = best(() => bitmapToBrushRle(mask));
const [decodeMs, back] = best(() => brushRleToBitmap(rle, height, width));
let same = back.data.length === data.length;
for (let i = 0; same && i < data.length; i++) same = back.data[i] === data[i];
console.log(
  `brush 1920×1080 (${rle.length} bytes packed): encode ${encodeMs.toFixed(1)} ms, decode ${decodeMs.toFixed(1)} ms, round trip ${same ? 'ok' : 'FAILED'}`,
);
