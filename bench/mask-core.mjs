/**
 * Mask core benchmark: 1,000 seeded 480×640 blob masks (and 100 noise masks), the operations of
 * ../shared/fixtures/reference/TIMINGS.md, and the ratio to pycocotools' figures there.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  area,
  bbox,
  decode,
  encode,
  maskIou,
  merge,
  polygonToRle,
  rleFromString,
  rleToString,
} from '../packages/core/dist/index.js';
import { blobMask, mulberry32, noiseMask, starPolygon } from './lib/random.mjs';
import { formatRow, loadReferenceTimings, referenceFigure, time } from './lib/timing.mjs';

const OUT = fileURLToPath(new URL('../.bench-out/', import.meta.url));
const PYTHON_SCRIPT = fileURLToPath(new URL('./python/mask_ops.py', import.meta.url));

/**
 * pycocotools on this machine, on the very same inputs, when a build is available
 * (SEGKIT_PYCOCOTOOLS=<cocoapi>/PythonAPI and Debian's python3 with numpy, or the python named by
 * SEGKIT_PYTHON); undefined otherwise.
 */
function livePycocotools(inputs) {
  const api = process.env.SEGKIT_PYCOCOTOOLS;
  const python = process.env.SEGKIT_PYTHON ?? '/usr/bin/python3';
  if (!api || !existsSync(api) || !existsSync(python)) return undefined;
  mkdirSync(OUT, { recursive: true });
  const path = `${OUT}mask_ops_inputs.json`;
  writeFileSync(path, JSON.stringify(inputs));
  return () => {
    const run = spawnSync(python, [PYTHON_SCRIPT, path], {
      encoding: 'utf8',
      env: { ...process.env, PYTHONPATH: api },
    });
    if (run.status !== 0) throw new Error(`pycocotools timing failed: ${run.stderr}`);
    return JSON.parse(run.stdout);
  };
}

const H = 480;
const W = 640;
const refs = loadReferenceTimings();
const blob = (op) => referenceFigure(refs, 'blob', `\`${op}\``);
const noise = (op) => referenceFigure(refs, 'noise', `\`${op}\``);

const median = (values) => {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

export function runMaskCoreBench() {
  const random = mulberry32(20261125);
  const masks = Array.from({ length: 1000 }, () => blobMask(random, H, W));
  const rles = masks.map(encode);
  const strings = rles.map((r) => rleToString(r));
  const meanChars = strings.reduce((n, s) => n + s.length, 0) / strings.length;
  const dt = rles.slice(0, 100);
  const gt = rles.slice(100, 200);
  const crowd = gt.map((_, i) => (i % 10 === 0 ? 1 : 0));
  const polygons = Array.from({ length: 1000 }, () =>
    starPolygon(random, 40 + random() * (W - 80), 40 + random() * (H - 80), 20 + random() * 150, 20),
  );
  const noiseMasks = Array.from({ length: 100 }, () => noiseMask(random, H, W));
  const noiseStrings = noiseMasks.map((m) => rleToString(encode(m)));
  const timePycocotools = livePycocotools({
    h: H,
    w: W,
    blobs: strings,
    noise: noiseStrings,
    polygons,
  });

  // pycocotools' Python API takes and returns compressed strings, so each of its calls includes the
  // string codec: the rows with a ratio do the same work (strings in, strings out). The rows without
  // one are segkit's verbs on already decoded RLEs, which its API also offers.
  const fromStrings = () => strings.map((s) => rleFromString(s, H, W));
  const dtStrings = strings.slice(0, 100);
  const gtStrings = strings.slice(100, 200);
  // [label, work, units, unit, TIMINGS.md figure, key of the live pycocotools figure, repeats]
  const cases = [
    [`1,000 blob masks ${H}x${W}, mean compressed string ${meanChars.toFixed(0)} chars (reference: 1,271)`],
    [
      'encode: bitmap -> counts string',
      () => masks.map((m) => rleToString(encode(m))),
      1000,
      'masks/s',
      blob('encode'),
      'encode',
    ],
    [
      'decode: counts string -> bitmap',
      () => strings.map((s) => decode(rleFromString(s, H, W))),
      1000,
      'masks/s',
      blob('decode'),
      'decode',
    ],
    ['area of 1,000 counts strings', () => fromStrings().map(area), 1000, 'masks/s', blob('area'), 'area', 20],
    ['bbox of 1,000 counts strings', () => fromStrings().map(bbox), 1000, 'masks/s', blob('toBbox'), 'toBbox', 20],
    [
      'IoU 100 dt x 100 gt counts strings (10% crowd)',
      () =>
        maskIou(
          dtStrings.map((s) => rleFromString(s, H, W)),
          gtStrings.map((s) => rleFromString(s, H, W)),
          crowd,
        ),
      10000,
      'pairs/s',
      blob('iou'),
      'iou',
      10,
    ],
    [
      'union of 500 pairs of counts strings',
      () => {
        const out = [];
        for (let i = 0; i < 1000; i += 2) {
          out.push(rleToString(merge([rleFromString(strings[i], H, W), rleFromString(strings[i + 1], H, W)])));
        }
        return out;
      },
      500,
      'pairs/s',
      undefined,
      'merge',
    ],
    [
      'polygon (20 vertices) -> counts string',
      () => polygons.map((p) => rleToString(polygonToRle(p, H, W))),
      1000,
      'polys/s',
      undefined,
      'frPyObjects',
    ],
    ['segkit verbs on decoded RLEs (no string codec; pycocotools has no such API)'],
    ['encode: bitmap -> RLE', () => masks.map(encode), 1000, 'masks/s'],
    ['decode: RLE -> bitmap', () => rles.map(decode), 1000, 'masks/s'],
    ['rleToString', () => rles.map((r) => rleToString(r)), 1000, 'masks/s'],
    ['rleFromString', fromStrings, 1000, 'masks/s'],
    ['area (1,000)', () => rles.map(area), 1000, 'masks/s', undefined, undefined, 20],
    ['bbox (1,000)', () => rles.map(bbox), 1000, 'masks/s', undefined, undefined, 20],
    ['maskIou 100 dt x 100 gt (10% crowd)', () => maskIou(dt, gt, crowd), 10000, 'pairs/s', undefined, undefined, 10],
    [
      'merge union, 500 pairs',
      () => {
        const out = [];
        for (let i = 0; i < 1000; i += 2) out.push(merge([rles[i], rles[i + 1]]));
        return out;
      },
      500,
      'pairs/s',
    ],
    ['polygonToRle, 20 vertices, r 20..170 px', () => polygons.map((p) => polygonToRle(p, H, W)), 1000, 'polys/s'],
    ['100 noise masks p=0.5 (worst case), strings in and out'],
    [
      'encode: bitmap -> counts string',
      () => noiseMasks.map((m) => rleToString(encode(m))),
      100,
      'masks/s',
      noise('encode'),
      'noise_encode',
      3,
    ],
    [
      'decode: counts string -> bitmap',
      () => noiseStrings.map((s) => decode(rleFromString(s, H, W))),
      100,
      'masks/s',
      noise('decode'),
      'noise_decode',
      3,
    ],
  ];
  // This machine kind is noisy (shared vCPUs), so segkit and pycocotools take turns, ROUNDS times;
  // the speed-up over pycocotools is the median of the per-round ratios.
  const rounds = Number(process.env.SEGKIT_BENCH_ROUNDS ?? 3);
  const ours = cases.map(() => []);
  const theirs = [];
  for (let round = 0; round < rounds; round++) {
    cases.forEach(([, work, , , , , repeats = 5], i) => {
      if (work !== undefined) ours[i].push(time(work, repeats).seconds);
    });
    if (timePycocotools) theirs.push(timePycocotools());
  }
  const rows = [
    `${'operation'.padEnd(44)} ${'time'.padStart(12)} ${'throughput'.padStart(20)}  vs TIMINGS.md${timePycocotools ? `  vs pycocotools here (median of ${rounds} rounds)` : ''}`,
  ];
  cases.forEach(([label, work, units, unit, reference, liveKey], i) => {
    if (work === undefined) {
      rows.push(label);
      return;
    }
    const seconds = Math.min(...ours[i]);
    // A row this pycocotools could not run (null: OverflowError on numpy 2) gets no live column.
    const ran = liveKey !== undefined && theirs.length > 0 && theirs.every((t) => typeof t[liveKey] === 'number');
    const live =
      timePycocotools && ran
        ? {
            reference: median(theirs.map((t) => t[liveKey])),
            ratio: median(theirs.map((t, r) => t[liveKey] / ours[i][r])),
          }
        : undefined;
    rows.push(formatRow(label, seconds, units, unit, reference, live));
  });

  // Memory: a 4096×4096 mask decodes into its one 16 MiB output buffer.
  const big = encode(blobMask(mulberry32(7), 4096, 4096, 6));
  globalThis.gc?.();
  const before = process.memoryUsage().arrayBuffers;
  const decoded = decode(big);
  const grown = process.memoryUsage().arrayBuffers - before;
  rows.push(
    `decode 4096x4096: array buffers grew by ${(grown / 2 ** 20).toFixed(2)} MiB (output ${(decoded.data.length / 2 ** 20).toFixed(0)} MiB)`,
  );
  if (!timePycocotools)
    rows.push('(set SEGKIT_PYCOCOTOOLS=<cocoapi>/PythonAPI to time pycocotools on these same inputs)');
  const skipped = Object.assign({}, ...theirs.map((t) => t._skipped ?? {}));
  for (const [key, reason] of Object.entries(skipped)) {
    rows.push(`(pycocotools here: no "${key}" figure: ${reason}; its ratio column is left out)`);
  }
  return rows;
}
