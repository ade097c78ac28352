/**
 * Whole-process benchmark of `segkit convert --from coco --to coco --mask-encoding rle` on a seeded
 * 2,000-image, 30,000-annotation COCO file (polygons of 1-2 parts, 4% crowd as uncompressed RLE), against
 * pycocotools' `COCO.annToRLE` doing the same in Python (bench/python/anntorle.py), when a pycocotools
 * build is available (set SEGKIT_PYCOCOTOOLS to its PythonAPI folder).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { encode, rleToString } from '../packages/core/dist/index.js';
import { blobMask, mulberry32, starPolygon } from './lib/random.mjs';

const OUT = fileURLToPath(new URL('../.bench-out/', import.meta.url));
const CLI = fileURLToPath(new URL('../apps/cli/bin/segkit.js', import.meta.url));
const PYTHON_SCRIPT = fileURLToPath(new URL('./python/anntorle.py', import.meta.url));

export function makeCocoFile(images = 2000, perImage = 15, seed = 2026) {
  const random = mulberry32(seed);
  const dataset = {
    info: { description: 'segkit convert benchmark', seed },
    images: [],
    annotations: [],
    categories: [],
  };
  for (let c = 1; c <= 10; c++) dataset.categories.push({ id: c, name: `class${c}`, supercategory: 'thing' });
  let annId = 1;
  for (let i = 0; i < images; i++) {
    const height = 360 + Math.floor(random() * 121);
    const width = 480 + Math.floor(random() * 161);
    dataset.images.push({ id: 100000 + i, file_name: `${String(i).padStart(6, '0')}.jpg`, height, width });
    for (let a = 0; a < perImage; a++) {
      const crowd = random() < 0.04;
      let segmentation;
      if (crowd) {
        const mask = blobMask(random, height, width, 2);
        segmentation = { size: [height, width], counts: Array.from(encode(mask).counts) };
      } else {
        const parts = random() < 0.15 ? 2 : 1;
        segmentation = [];
        for (let p = 0; p < parts; p++) {
          const r = 10 + random() * 120;
          segmentation.push(
            starPolygon(
              random,
              r + random() * (width - 2 * r),
              r + random() * (height - 2 * r),
              r,
              8 + Math.floor(random() * 33),
            ),
          );
        }
      }
      dataset.annotations.push({
        id: annId++,
        image_id: 100000 + i,
        category_id: 1 + Math.floor(random() * 10),
        segmentation,
        area: 0,
        bbox: [0, 0, 0, 0],
        iscrowd: crowd ? 1 : 0,
      });
    }
  }
  mkdirSync(OUT, { recursive: true });
  const path = `${OUT}coco_${images}x${perImage}.json`;
  writeFileSync(path, JSON.stringify(dataset));
  return { path, annotations: dataset.annotations.length };
}

function wallClock(command, args, env = process.env) {
  const start = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', env });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  return seconds;
}

/** 5,000 images × 10 compressed-RLE annotations (random runs, no bitmaps needed to make them). */
function makeRleFile(images = 5000, perImage = 10, seed = 7) {
  const random = mulberry32(seed);
  const dataset = { images: [], annotations: [], categories: [{ id: 1, name: 'thing' }] };
  for (let i = 0; i < images; i++) {
    const height = 480;
    const width = 640;
    dataset.images.push({ id: i + 1, file_name: `${i}.jpg`, height, width });
    for (let a = 0; a < perImage; a++) {
      const counts = [];
      let left = height * width;
      while (left > 0) {
        const run = Math.min(left, 1 + Math.floor(random() * 4000));
        counts.push(run);
        left -= run;
      }
      const segmentation = { size: [height, width], counts: rleToString({ counts: Uint32Array.from(counts) }) };
      dataset.annotations.push({
        id: dataset.annotations.length + 1,
        image_id: i + 1,
        category_id: 1,
        segmentation,
        iscrowd: 0,
      });
    }
  }
  mkdirSync(OUT, { recursive: true });
  const path = `${OUT}coco_rle_${images}x${perImage}.json`;
  writeFileSync(path, JSON.stringify(dataset));
  return { path, annotations: dataset.annotations.length };
}

/** Wall time and peak resident memory of a child process (GNU time), if /usr/bin/time exists. */
function timeWithMemory(args) {
  if (!existsSync('/usr/bin/time')) return undefined;
  const run = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  const [seconds, kilobytes] = run.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { seconds, megabytes: kilobytes / 1024 };
}

export async function runConvertBench() {
  const { path, annotations } = makeCocoFile();
  const rows = [`input: ${path} (${annotations} annotations on 2000 images)`];
  const ours = [];
  for (let r = 0; r < 3; r++)
    ours.push(
      wallClock(process.execPath, [
        CLI,
        'convert',
        path,
        `${OUT}segkit_rle.json`,
        '--from',
        'coco',
        '--to',
        'coco',
        '--mask-encoding',
        'rle',
      ]),
    );
  const best = Math.min(...ours);
  rows.push(
    `segkit convert, whole process (best of 3): ${best.toFixed(2)} s, ${(annotations / best).toFixed(0)} annotations/s`,
  );
  const api = process.env.SEGKIT_PYCOCOTOOLS;
  if (api && existsSync(api) && existsSync('/usr/bin/python3')) {
    const env = { ...process.env, PYTHONPATH: api };
    const theirs = [];
    for (let r = 0; r < 3; r++)
      theirs.push(wallClock('/usr/bin/python3', [PYTHON_SCRIPT, path, `${OUT}pycocotools_rle.json`], env));
    const reference = Math.min(...theirs);
    rows.push(
      `pycocotools annToRLE, whole process (best of 3): ${reference.toFixed(2)} s  -> speed-up ${(reference / best).toFixed(2)}x`,
    );
    const same = spawnSync(
      '/usr/bin/python3',
      [
        '-c',
        `import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); print('outputs identical' if a==b else 'OUTPUTS DIFFER')`,
        `${OUT}segkit_rle.json`,
        `${OUT}pycocotools_rle.json`,
      ],
      { encoding: 'utf8' },
    );
    rows.push(same.stdout.trim());
  } else {
    rows.push(
      'pycocotools: not available here (set SEGKIT_PYCOCOTOOLS to a built cocoapi PythonAPI folder to time it side by side)',
    );
  }
  const big = makeRleFile();
  const measured = timeWithMemory([CLI, 'convert', big.path, `${OUT}rle_again.json`]);
  if (measured) {
    const decodedGiB = (big.annotations * 480 * 640) / 2 ** 30;
    rows.push(
      `${big.annotations} compressed-RLE annotations on 5000 images: ${measured.seconds.toFixed(2)} s, peak memory ${measured.megabytes.toFixed(0)} MB (every mask decoded at once would be ${decodedGiB.toFixed(1)} GiB)`,
    );
  }
  return rows;
}
