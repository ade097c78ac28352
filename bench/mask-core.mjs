/**
 * Mask core benchmark: 1,000 seeded 480×640 blob masks (and 100 noise masks), the operations of
 * ../shared/fixtures/reference/TIMINGS.md, and the ratio to pycocotools' figures there.
 */
import {
  area,
  bbox,
  countsToString,
  decode,
  encode,
  maskIou,
  merge,
  polygonToRle,
  rleFromString,
} from '../packages/core/dist/index.js';
import { blobMask, mulberry32, noiseMask, starPolygon } from './lib/random.mjs';
import { formatRow, loadReferenceTimings, referenceFigure, time } from './lib/timing.mjs';

const H = 480;
const W = 640;
const refs = loadReferenceTimings();
const blob = (op) => referenceFigure(refs, 'blob', `\`${op}\``);
const noise = (op) => referenceFigure(refs, 'noise', `\`${op}\``);

export function runMaskCoreBench() {
  const random = mulberry32(20261125);
  const masks = Array.from({ length: 1000 }, () => blobMask(random, H, W));
  const rles = masks.map(encode);
  const strings = rles.map((r) => countsToString(r.counts));
  const meanChars = strings.reduce((n, s) => n + s.length, 0) / strings.length;
  const rows = [];
  rows.push(`1,000 blob masks ${H}x${W}, mean compressed string ${meanChars.toFixed(0)} chars`);
  rows.push(
    formatRow(
      'encode (row-major bitmap -> RLE)',
      time(() => masks.map(encode)).seconds,
      1000,
      'masks/s',
      blob('encode'),
    ),
  );
  rows.push(
    formatRow(
      'decode (RLE -> row-major bitmap)',
      time(() => rles.map(decode)).seconds,
      1000,
      'masks/s',
      blob('decode'),
    ),
  );
  rows.push(
    formatRow('countsToString', time(() => rles.map((r) => countsToString(r.counts))).seconds, 1000, 'masks/s'),
  );
  rows.push(
    formatRow('rleFromString', time(() => strings.map((s) => rleFromString(s, H, W))).seconds, 1000, 'masks/s'),
  );
  rows.push(formatRow('area (1,000)', time(() => rles.map(area), 20).seconds, 1000, 'masks/s', blob('area')));
  rows.push(formatRow('bbox (1,000)', time(() => rles.map(bbox), 20).seconds, 1000, 'masks/s', blob('toBbox')));
  const dt = rles.slice(0, 100);
  const gt = rles.slice(100, 200);
  const crowd = gt.map((_, i) => (i % 10 === 0 ? 1 : 0));
  rows.push(
    formatRow('maskIou 100 dt x 100 gt', time(() => maskIou(dt, gt, crowd), 10).seconds, 10000, 'pairs/s', blob('iou')),
  );
  rows.push(
    formatRow(
      'merge union, 500 pairs',
      time(() => {
        const out = [];
        for (let i = 0; i < 1000; i += 2) out.push(merge([rles[i], rles[i + 1]]));
        return out;
      }).seconds,
      500,
      'pairs/s',
    ),
  );

  const polygons = Array.from({ length: 1000 }, () =>
    starPolygon(random, 40 + random() * (W - 80), 40 + random() * (H - 80), 20 + random() * 150, 20),
  );
  rows.push(
    formatRow(
      'polygonToRle, 20 vertices, r 20..170 px',
      time(() => polygons.map((p) => polygonToRle(p, H, W))).seconds,
      1000,
      'polys/s',
    ),
  );

  const noiseMasks = Array.from({ length: 100 }, () => noiseMask(random, H, W));
  const noiseRles = noiseMasks.map(encode);
  rows.push('100 noise masks p=0.5 (worst case)');
  rows.push(formatRow('encode', time(() => noiseMasks.map(encode), 3).seconds, 100, 'masks/s', noise('encode')));
  rows.push(formatRow('decode', time(() => noiseRles.map(decode), 3).seconds, 100, 'masks/s', noise('decode')));

  // Memory: a 4096×4096 mask decodes into its one 16 MiB output buffer.
  const big = encode(blobMask(mulberry32(7), 4096, 4096, 6));
  globalThis.gc?.();
  const before = process.memoryUsage().arrayBuffers;
  const decoded = decode(big);
  const grown = process.memoryUsage().arrayBuffers - before;
  rows.push(
    `decode 4096x4096: array buffers grew by ${(grown / 2 ** 20).toFixed(2)} MiB (output ${(decoded.data.length / 2 ** 20).toFixed(0)} MiB)`,
  );
  return rows;
}
