/**
 * Whole-process benchmark of `segkit eval semantic` and `segkit eval panoptic`, where reading label
 * PNGs is most of the time, side by side in one run with the Python references on the same files:
 *
 * - semantic: 200 seeded street scenes of CamVid's full size (960×720, 11 classes + void) and their
 *   "predictions" (lib/label-scenes.mjs), against numpy + Pillow counting the confusion matrix as
 *   mmseg / FCN do (python/semantic_eval.py);
 * - panoptic: 200 seeded 640×480 panoptic PNGs + JSON (133 categories, 4-20 things, three stuff
 *   bands), against panopticapi's pq_compute_single_core in one process (python/panoptic_eval.py).
 *
 * PNGs are written with per-row adaptive filters and zlib level 6, as Pillow writes them
 * (lib/png-encode.mjs). Each process is timed by GNU time (wall and CPU seconds, peak RSS); rounds
 * alternate ours and theirs, the best times of 3 and the highest RSS are printed with the ratios
 * (CPU time too: on a machine shared with other work it moves less than wall time), and the
 * metrics of both sides are compared.
 *
 * The references run when present: SEGKIT_PYTHON (default /usr/bin/python3) with numpy and Pillow,
 * SEGKIT_PANOPTICAPI a panopticapi checkout (the folder holding the `panopticapi` package).
 * SEGKIT_BENCH_IMAGES changes the image count (default 200); SEGKIT_BASELINE_CLI, the
 * apps/cli/bin/segkit.js of another built checkout, adds its figures to the same rounds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  paintPanoptic,
  paintStreet,
  panopticCategories,
  panopticScene,
  predictedPanopticScene,
  predictedStreetScene,
  streetScene,
} from './lib/label-scenes.mjs';
import { encodeFilteredPng } from './lib/png-encode.mjs';
import { mulberry32 } from './lib/random.mjs';

const OUT = fileURLToPath(new URL('../.bench-out/png-eval/', import.meta.url));
const CLI = fileURLToPath(new URL('../apps/cli/bin/segkit.js', import.meta.url));
const SEMANTIC_PY = fileURLToPath(new URL('./python/semantic_eval.py', import.meta.url));
const PANOPTIC_PY = fileURLToPath(new URL('./python/panoptic_eval.py', import.meta.url));
const ROUNDS = 3;
// Bumped when the generators change, so stale inputs are made again.
const DATA_VERSION = 1;

/** 200 ground-truth / prediction label map pairs of 960×720 (made once, kept in .bench-out). */
function makeSemanticData(count, seed = 960720) {
  const dir = `${OUT}semantic-v${DATA_VERSION}-${count}/`;
  if (existsSync(`${dir}done`)) return dir;
  mkdirSync(`${dir}gt`, { recursive: true });
  mkdirSync(`${dir}pred`, { recursive: true });
  const random = mulberry32(seed);
  for (let i = 0; i < count; i++) {
    const scene = streetScene(random, 960, 720);
    const name = `${String(i).padStart(4, '0')}.png`;
    writeFileSync(`${dir}gt/${name}`, encodeFilteredPng(960, 720, 1, paintStreet(scene)));
    writeFileSync(
      `${dir}pred/${name}`,
      encodeFilteredPng(960, 720, 1, paintStreet(predictedStreetScene(random, scene))),
    );
  }
  writeFileSync(`${dir}done`, '');
  return dir;
}

/** 200 panoptic images of 640×480: gt.json + gt/, pred.json + pred/. */
function makePanopticData(count, seed = 640480) {
  const dir = `${OUT}panoptic-v${DATA_VERSION}-${count}/`;
  if (existsSync(`${dir}done`)) return dir;
  mkdirSync(`${dir}gt`, { recursive: true });
  mkdirSync(`${dir}pred`, { recursive: true });
  const random = mulberry32(seed);
  const categories = panopticCategories();
  const images = [];
  const gt = [];
  const pred = [];
  for (let i = 0; i < count; i++) {
    const scene = panopticScene(random, 640, 480);
    const name = `${String(i).padStart(6, '0')}`;
    images.push({ id: i + 1, file_name: `${name}.jpg`, width: 640, height: 480 });
    for (const [side, list, painted] of [
      ['gt', gt, paintPanoptic(random, scene)],
      ['pred', pred, paintPanoptic(random, predictedPanopticScene(random, scene))],
    ]) {
      writeFileSync(`${dir}${side}/${name}.png`, encodeFilteredPng(640, 480, 3, painted.rgb));
      list.push({ image_id: i + 1, file_name: `${name}.png`, segments_info: painted.segments });
    }
  }
  writeFileSync(`${dir}gt.json`, JSON.stringify({ images, annotations: gt, categories }));
  writeFileSync(`${dir}pred.json`, JSON.stringify({ images, annotations: pred, categories }));
  writeFileSync(`${dir}done`, '');
  return dir;
}

/** Wall seconds, CPU seconds (user + system), peak RSS (MB) and stdout of one process, timed by GNU time. */
function timed(command, args, env = process.env) {
  const run = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', command, ...args], {
    encoding: 'utf8',
    env,
    maxBuffer: 64 * 2 ** 20,
  });
  const lines = run.stderr.trim().split('\n');
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${run.stderr}`);
  const [seconds, user, system, kilobytes] = lines[lines.length - 1].split(' ').map(Number);
  return { seconds, cpu: user + system, megabytes: kilobytes / 1024, stdout: run.stdout };
}

/** Alternating rounds of each command; best wall and CPU time, highest RSS, last stdout. */
function rounds(commands) {
  const results = commands.map(() => ({ seconds: Infinity, cpu: Infinity, megabytes: 0, stdout: '' }));
  for (let r = 0; r < ROUNDS; r++) {
    commands.forEach(([command, args, env], k) => {
      const t = timed(command, args, env);
      results[k].seconds = Math.min(results[k].seconds, t.seconds);
      results[k].cpu = Math.min(results[k].cpu, t.cpu);
      results[k].megabytes = Math.max(results[k].megabytes, t.megabytes);
      results[k].stdout = t.stdout;
    });
  }
  return results;
}

const row = (name, r) =>
  `${name.padEnd(50)} ${r.seconds.toFixed(2).padStart(6)} s wall ${r.cpu.toFixed(2).padStart(6)} s CPU ${r.megabytes.toFixed(0).padStart(5)} MB`;
const versus = (ours, theirs) =>
  `  -> speed-up ${(theirs.seconds / ours.seconds).toFixed(2)}x wall, ${(theirs.cpu / ours.cpu).toFixed(2)}x CPU; memory ${(ours.megabytes / theirs.megabytes).toFixed(2)}x theirs`;
const close = (a, b) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));

/** Rows of one task: each command's figures, the ratio of ours to the reference, the check of the results. */
function report(rows, labelled, reference, same) {
  const results = rounds(labelled.map(([, command]) => command));
  for (const [k, [label]] of labelled.entries()) rows.push(row(label, results[k]));
  const theirs = reference ? results[results.length - 1] : undefined;
  if (theirs === undefined) return;
  rows.push(versus(results[0], theirs));
  rows.push(same(JSON.parse(results[0].stdout), JSON.parse(theirs.stdout.trim().split('\n').pop())));
}

export function runPngEvalBench() {
  const count = Number(process.env.SEGKIT_BENCH_IMAGES ?? 200);
  const python = process.env.SEGKIT_PYTHON ?? '/usr/bin/python3';
  const hasPython =
    existsSync(python) && spawnSync(python, ['-c', 'import numpy, PIL'], { encoding: 'utf8' }).status === 0;
  const api = process.env.SEGKIT_PANOPTICAPI;
  const hasApi = hasPython && api !== undefined && existsSync(`${api}/panopticapi/evaluation.py`);
  // Another build's CLI (a checkout of an earlier commit, built) timed in the same rounds.
  const baseline = process.env.SEGKIT_BASELINE_CLI;
  const rows = [
    `${count} image pairs each; best wall and CPU time of ${ROUNDS} alternating rounds, highest peak RSS; ${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)}`,
  ];

  const sem = makeSemanticData(count);
  const semantic = (cli, ...more) => [
    process.execPath,
    [
      cli,
      'eval',
      'semantic',
      '--gt',
      `${sem}gt`,
      '--pred',
      `${sem}pred`,
      '--num-classes',
      '11',
      '--ignore-index',
      '11',
      '--format',
      'json',
      ...more,
    ],
  ];
  rows.push(`eval semantic: ${count} pairs of 960x720 class-index PNGs (${sem})`);
  report(
    rows,
    [
      ['segkit eval semantic (default threads)', semantic(CLI)],
      ['segkit eval semantic --threads 2', semantic(CLI, '--threads', '2')],
      ...(baseline ? [['baseline segkit eval semantic --threads 1', semantic(baseline, '--threads', '1')]] : []),
      ...(hasPython
        ? [
            [
              'numpy + Pillow (bincount confusion matrix)',
              [python, [SEMANTIC_PY, `${sem}gt`, `${sem}pred`, '11', '11']],
            ],
          ]
        : []),
    ],
    hasPython,
    (a, b) =>
      close(a.miou, b.miou) && close(a.pixelAccuracy, b.pixelAccuracy)
        ? `  same mIoU (${a.miou}) and pixel accuracy`
        : `  RESULTS DIFFER: mIoU ${a.miou} against ${b.miou}`,
  );
  if (!hasPython) rows.push(`numpy + Pillow: not available (${python} with numpy and Pillow; set SEGKIT_PYTHON)`);

  const pan = makePanopticData(count);
  const panoptic = (cli) => [
    process.execPath,
    [cli, 'eval', 'panoptic', '--gt', `${pan}gt.json`, '--pred', `${pan}pred.json`, '--format', 'json'],
  ];
  rows.push(`eval panoptic: ${count} pairs of 640x480 panoptic PNGs (${pan})`);
  report(
    rows,
    [
      ['segkit eval panoptic', panoptic(CLI)],
      ...(baseline ? [['baseline segkit eval panoptic', panoptic(baseline)]] : []),
      ...(hasApi
        ? [
            [
              'panopticapi pq_compute_single_core (one process)',
              [
                python,
                [PANOPTIC_PY, `${pan}gt.json`, `${pan}pred.json`, `${pan}gt`, `${pan}pred`],
                { ...process.env, PYTHONPATH: api },
              ],
            ],
          ]
        : []),
    ],
    hasApi,
    (a, b) => {
      const same = ['all', 'things', 'stuff'].every((k) => {
        const t = b[k[0].toUpperCase() + k.slice(1)];
        return close(a[k].pq, t.pq) && close(a[k].sq, t.sq) && close(a[k].rq, t.rq) && a[k].n === t.n;
      });
      return same
        ? `  same PQ, SQ, RQ (All PQ ${a.all.pq})`
        : `  RESULTS DIFFER: All PQ ${a.all.pq} against ${b.All.pq}`;
    },
  );
  if (!hasApi)
    rows.push('panopticapi: not available (set SEGKIT_PANOPTICAPI to a panopticapi checkout; needs numpy and Pillow)');
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const line of runPngEvalBench()) console.log(line);
}
