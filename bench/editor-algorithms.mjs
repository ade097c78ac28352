/**
 * The editor's pixel algorithms on a seeded 4096×3072 image: the edge-following lasso (LiveWire:
 * setImage, a first click, then pathTo as a scripted pointer moves, per call), magic wand, connected components and
 * the lint of 300 instances and of a 300-segment semantic document. Best of a few runs where a figure
 * is one call; percentiles where it is a pointer track. Run after `npm run build` (or `npx tsc -b`):
 *   node --expose-gc bench/editor-algorithms.mjs
 * Optional comparison with OpenCV.js's IntelligentScissorsMB, never a dependency of the repository:
 * install it anywhere (`npm install @techstark/opencv-js@4.12.0-release.1` in a scratch folder) and set
 * SEGKIT_OPENCV_JS to its package folder; without it that section says it was skipped.
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { encode } from '../packages/core/dist/index.js';
import { connectedComponents, LiveWire, lint, magicWand } from '../packages/editor/dist/index.js';
import { mulberry32 } from './lib/random.mjs';
import { time } from './lib/timing.mjs';

const WIDTH = 4096;
const HEIGHT = 3072;
const random = mulberry32(4096);
const ms = (seconds) => `${(seconds * 1000).toFixed(2)} ms`;
const percentile = (values, p) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))];

// A photo-like image: a smooth gradient, 80 filled ellipses of random colours, ±6 of noise.
function syntheticImage() {
  const rgba = new Uint8Array(WIDTH * HEIGHT * 4);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const o = (y * WIDTH + x) * 4;
      rgba[o] = 60 + (x * 120) / WIDTH;
      rgba[o + 1] = 80 + (y * 100) / HEIGHT;
      rgba[o + 2] = 140;
      rgba[o + 3] = 255;
    }
  }
  for (let e = 0; e < 80; e++) {
    const cx = random() * WIDTH;
    const cy = random() * HEIGHT;
    const rx = 60 + random() * 500;
    const ry = 60 + random() * 500;
    const colour = [random() * 255, random() * 255, random() * 255];
    for (let y = Math.max(0, Math.floor(cy - ry)); y < Math.min(HEIGHT, cy + ry); y++) {
      for (let x = Math.max(0, Math.floor(cx - rx)); x < Math.min(WIDTH, cx + rx); x++) {
        if (((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1) rgba.set(colour, (y * WIDTH + x) * 4);
      }
    }
  }
  for (let i = 0; i < rgba.length; i += 4) {
    const n = Math.floor(random() * 13) - 6;
    rgba[i] += n;
    rgba[i + 1] += n;
    rgba[i + 2] += n;
  }
  return rgba;
}

/** A pointer track: `steps` positions spiralling out from (cx, cy) to `radius`, as a user drags. */
function pointerTrack(cx, cy, radius, steps) {
  const track = [];
  for (let s = 1; s <= steps; s++) {
    const r = (radius * s) / steps;
    const angle = (s / steps) * Math.PI * 1.5;
    track.push([Math.round(cx + r * Math.cos(angle)), Math.round(cy + r * Math.sin(angle))]);
  }
  return track;
}

function timeTrack(path, track) {
  const times = [];
  let points = 0;
  for (const [x, y] of track) {
    const start = performance.now();
    points += path(x, y);
    times.push(performance.now() - start);
  }
  return { times, points };
}

// A fixed loop, printed so that runs on machines under different load can be compared by it.
const calibration = time(() => {
  const a = new Float64Array(1e7);
  let sum = 0;
  for (let i = 0; i < a.length; i++) a[i] = i * 1.5;
  for (let i = 0; i < a.length; i++) sum += a[i];
  return sum;
}, 3);
console.log(`calibration: a 10M-element Float64Array write+sum loop takes ${ms(calibration.seconds)}`);

const rgba = syntheticImage();
const SEED = [2048, 1536];
const TRACK = pointerTrack(SEED[0], SEED[1], 480, 200);
console.log(`image ${WIDTH}×${HEIGHT}, seeded (mulberry32(4096)); pointer track: 200 moves spiralling out to 480 px`);

// LiveWire, default 1024-pixel window.
const wire = new LiveWire();
const costTime = time(() => wire.setImage(rgba, WIDTH, HEIGHT), 3);
console.log(`LiveWire.setImage (gradient reference from 64k sample pixels): ${ms(costTime.seconds)}`);
const allCosts = time(() => {
  wire.setImage(rgba, WIDTH, HEIGHT);
  return wire.costs.length;
}, 3);
console.log(`LiveWire.setImage + costs (every 64×64 cost block, 12.6 Mpx): ${ms(allCosts.seconds)}`);
// The lasso's first click on an image: a new LiveWire, setImage, setSeed and the first pathTo 50 px away.
const firstClick = time(() => {
  const fresh = new LiveWire();
  fresh.setImage(rgba, WIDTH, HEIGHT);
  fresh.setSeed(...SEED);
  return fresh.pathTo(SEED[0] + 50, SEED[1]).length / 2;
}, 3);
console.log(
  `LiveWire first click (new, setImage, setSeed, pathTo 50 px away): ${ms(firstClick.seconds)} (${firstClick.sink} path pixels)`,
);
const figures = {};
for (const window of [1024, Number.POSITIVE_INFINITY]) {
  const tool = window === 1024 ? wire : new LiveWire({ window });
  if (tool !== wire) tool.setImage(rgba, WIDTH, HEIGHT);
  tool.setSeed(...SEED);
  const { times, points } = timeTrack((x, y) => tool.pathTo(x, y).length / 2, TRACK);
  const total = times.reduce((a, b) => a + b, 0);
  console.log(
    `LiveWire window ${window}: pathTo per move median ${percentile(times, 0.5).toFixed(2)} ms, p95 ${percentile(times, 0.95).toFixed(2)} ms, max ${Math.max(...times).toFixed(2)} ms, first ${times[0].toFixed(2)} ms; 200 moves ${total.toFixed(0)} ms (checksum ${points} path pixels)`,
  );
  // The worst case: a fresh seed and a target at the window's corner (or the image's far corner).
  const far = window === 1024 ? [SEED[0] + 511, SEED[1] + 511] : [WIDTH - 1, HEIGHT - 1];
  const worst = time(
    () => {
      tool.setSeed(...SEED);
      return tool.pathTo(...far).length;
    },
    window === 1024 ? 3 : 1,
  );
  console.log(
    `LiveWire window ${window}: fresh seed + pathTo to (${far}): ${ms(worst.seconds)} (${worst.sink / 2} path pixels)`,
  );
  figures[window] = { median: percentile(times, 0.5), worst: worst.seconds };
}

// Optional: OpenCV.js IntelligentScissorsMB on the same image, seed and track.
const opencvFolder = process.env.SEGKIT_OPENCV_JS;
if (opencvFolder) {
  const cv = createRequire(import.meta.url)(opencvFolder);
  if (!cv.Mat) await new Promise((resolve) => (cv.onRuntimeInitialized = resolve));
  const src = cv.matFromArray(HEIGHT, WIDTH, cv.CV_8UC4, rgba);
  const rgb = new cv.Mat();
  cv.cvtColor(src, rgb, cv.COLOR_RGBA2RGB);
  const tool = new cv.segmentation_IntelligentScissorsMB();
  tool.setEdgeFeatureCannyParameters(32, 100);
  tool.setGradientMagnitudeMaxLimit(200);
  const apply = time(() => tool.applyImage(rgb), 1);
  const build = time(() => tool.buildMap(new cv.Point(...SEED)), 1);
  const contour = new cv.Mat();
  const { times, points } = timeTrack((x, y) => {
    tool.getContour(new cv.Point(x, y), contour);
    return contour.rows;
  }, TRACK);
  console.log(
    `OpenCV.js ${cv.getBuildInformation?.().match(/General configuration for OpenCV ([\d.]+)/)?.[1] ?? ''} IntelligentScissorsMB: applyImage ${ms(apply.seconds)}, buildMap (whole image from the seed) ${ms(build.seconds)}, getContour per move median ${percentile(times, 0.5).toFixed(2)} ms, p95 ${percentile(times, 0.95).toFixed(2)} ms (checksum ${points})`,
  );
  const full = figures[Number.POSITIVE_INFINITY];
  console.log(
    `  ratios (OpenCV.js / LiveWire): applyImage / setImage + every cost block ${(apply.seconds / allCosts.seconds).toFixed(2)}×; ` +
      `buildMap / a fresh whole-image search to the far corner ${(build.seconds / full.worst).toFixed(2)}×; ` +
      `buildMap / a fresh 1024-window search to its corner ${(build.seconds / figures[1024].worst).toFixed(0)}×; ` +
      `per move, getContour / pathTo (window 1024) medians ${(percentile(times, 0.5) / figures[1024].median).toFixed(2)}×`,
  );
  for (const m of [src, rgb, contour]) m.delete();
  tool.delete();
} else {
  console.log('OpenCV.js comparison skipped (set SEGKIT_OPENCV_JS to an @techstark/opencv-js package folder)');
}

// Magic wand and connected components.
const wand = time(() => magicWand(rgba, WIDTH, HEIGHT, 10, 10, 40), 3);
console.log(`magicWand (tolerance 40, from (10, 10)): ${ms(wand.seconds)} for ${wand.sink.pixels} pixels`);
const mask = new Uint8Array(WIDTH * HEIGHT);
for (let i = 0; i < mask.length; i++) mask[i] = rgba[i * 4] > 128 ? 1 : 0;
for (const connectivity of [4, 8]) {
  const parts = time(() => connectedComponents(mask, WIDTH, HEIGHT, connectivity), 3);
  console.log(
    `connectedComponents (red > 128, ${connectivity}-connected): ${ms(parts.seconds)} for ${parts.sink.count} parts`,
  );
}

// Lint: 300 instances (ellipses with specks and some holes), then a 300-segment semantic document.
function ellipseInstances(count) {
  const data = new Uint8Array(WIDTH * HEIGHT);
  const segments = [];
  for (let s = 0; s < count; s++) {
    const cx = random() * WIDTH;
    const cy = random() * HEIGHT;
    const rx = 20 + random() * 200;
    const ry = 20 + random() * 200;
    const x0 = Math.max(0, Math.floor(cx - rx - 20));
    const x1 = Math.min(WIDTH, Math.ceil(cx + rx + 20));
    const y0 = Math.max(0, Math.floor(cy - ry - 20));
    const y1 = Math.min(HEIGHT, Math.ceil(cy + ry + 20));
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const d = ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2;
        data[y * WIDTH + x] = (d <= 1 && !(s % 3 === 0 && d < 0.05)) || random() < 0.0005 ? 1 : 0;
      }
    }
    segments.push({
      id: s + 1,
      categoryId: 1 + (s % 10),
      isThing: true,
      rle: encode({ width: WIDTH, height: HEIGHT, data }),
    });
    for (let y = y0; y < y1; y++) data.fill(0, y * WIDTH + x0, y * WIDTH + x1);
  }
  return segments;
}

function semanticCells(count) {
  const columns = 20;
  const rows = count / columns;
  const labels = new Uint16Array(WIDTH * HEIGHT);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const cx = Math.floor(((x + 30 * Math.sin(y / 50)) / WIDTH) * columns);
      const cy = Math.floor(((y + 30 * Math.sin(x / 70)) / HEIGHT) * rows);
      labels[y * WIDTH + x] =
        1 + Math.min(columns - 1, Math.max(0, cx)) + columns * Math.min(rows - 1, Math.max(0, cy));
    }
  }
  for (let k = 0; k < 3000; k++)
    labels[Math.floor(random() * labels.length)] = random() < 0.5 ? 0 : 1 + Math.floor(random() * count);
  const segments = [];
  const data = new Uint8Array(WIDTH * HEIGHT);
  for (let id = 1; id <= count; id++) {
    for (let i = 0; i < data.length; i++) data[i] = labels[i] === id ? 1 : 0;
    segments.push({ id, categoryId: id, rle: encode({ width: WIDTH, height: HEIGHT, data }) });
  }
  return segments;
}

for (const [mode, segments] of [
  ['instance', ellipseInstances(300)],
  ['semantic', semanticCells(300)],
]) {
  const input = { width: WIDTH, height: HEIGHT, mode, segments };
  const result = time(() => lint(input, { minIsland: 16, sliverWidth: 3 }), 3);
  const kinds = {};
  for (const f of result.sink) kinds[f.kind] = (kinds[f.kind] ?? 0) + 1;
  console.log(`lint, ${mode}, 300 segments: ${ms(result.seconds)}; findings ${JSON.stringify(kinds)}`);
}
