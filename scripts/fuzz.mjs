#!/usr/bin/env node
/**
 * `npm run fuzz`: the fuzz suites of packages/formats/test/fuzz (PNG decoder, COCO, labelme, Label
 * Studio and Cityscapes JSON readers, CVAT XML reader) with many more inputs than `npm test` runs,
 * and a fresh seed each time.
 *
 *   SEGKIT_FUZZ_RUNS=1000000 npm run fuzz     # inputs per target (default 200,000)
 *   SEGKIT_FUZZ_SEED=42 npm run fuzz          # replay a seed a failure printed
 *   npm run fuzz -- png                       # only the suites whose file name holds "png"
 *
 * A failure prints fast-check's seed, path and shrunk input: add that input to the suite as a
 * regression case once the reader is fixed.
 */
import { spawnSync } from 'node:child_process';

const runs = process.env.SEGKIT_FUZZ_RUNS ?? '200000';
const seed = process.env.SEGKIT_FUZZ_SEED ?? String(Date.now() % 2 ** 31);
const filter = process.argv[2] ?? '';
console.log(`fuzz: ${Number(runs).toLocaleString('en-US')} inputs per target, seed ${seed}`);
const result = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    `packages/formats/test/fuzz/${filter}`,
    '--testTimeout',
    String(Math.max(600_000, 5 * Number(runs))),
  ],
  { stdio: 'inherit', env: { ...process.env, SEGKIT_FUZZ_RUNS: runs, SEGKIT_FUZZ_SEED: seed } },
);
process.exit(result.status ?? 1);
