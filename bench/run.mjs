/** `npm run bench`: every benchmark, seeded, printed with throughput and the ratio to the reference figures. */
import { runConvertBench } from './convert.mjs';
import { runFormatsBench } from './formats.mjs';
import { runMaskCoreBench } from './mask-core.mjs';
import { runMetricsBench } from './metrics.mjs';
import { runPngEvalBench } from './png-eval.mjs';
import { runScopeBench } from './scope.mjs';

console.log(
  'segkit benchmarks (speed-up = reference time / our time; reference: ../shared/fixtures/reference/TIMINGS.md)',
);
console.log(`node ${process.version}, ${new Date().toISOString()}\n`);
console.log('== mask core ==');
for (const row of runMaskCoreBench()) console.log(row);
console.log('\n== segkit convert --from coco --to coco --mask-encoding rle ==');
for (const row of await runConvertBench()) console.log(row);
console.log('\n== formats (real datasets) ==');
for (const row of await runFormatsBench()) console.log(row);
console.log('\n== metrics ==');
for (const row of await runMetricsBench()) console.log(row);
console.log('\n== segkit scope (20-vertex polygons, real data) ==');
for (const row of await runScopeBench()) console.log(row);
console.log('\n== segkit eval semantic / panoptic, whole process, against numpy + Pillow and panopticapi ==');
for (const row of runPngEvalBench()) console.log(row);
