/**
 * Scope benchmark on real data (skipped where ../shared/datasets is absent): 1,000 DSB2018 nuclei and
 * every CamVid region (train + val, connected regions of each class, ≥ 20 px), each traced, given
 * its best 20-vertex polygon, its box and the baseline, rasterized and scored. Masks are decoded
 * beforehand (PNG reading is the formats benchmark's). Issue target: under 2 ms per typical instance
 * on one core; there is no canonical tool to compare with, so no ratio is printed. The last rows run
 * the whole `segkit scope` job (scopeJob) on 1 and on 2 worker threads in the same run, and print
 * the ratio: the speed-up of the threads (the JSON reports are compared byte for byte too).
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { segmentationToRle, traceContours } from '../packages/core/dist/index.js';
import { readBinaryMasks, semanticFolderToCoco } from '../packages/formats/dist/index.js';
import { nodePngCodec, openFileSource, scopeJob } from '../packages/jobs/dist/index.js';
import { DEFAULT_RULES, measureRegion, regionsOf } from '../packages/scope/dist/index.js';

const DATASETS = fileURLToPath(new URL('../../shared/datasets/', import.meta.url));
const SETTINGS = { vertices: 20, tolerance: 2, targetIou: 0.95 };

/** Times every region of the masks (trace + measure), best of `repeats` passes. */
function timeRegions(masks, semantic, repeats = 3) {
  let best;
  for (let r = 0; r < repeats; r++) {
    const perRegion = [];
    const start = performance.now();
    for (const rle of masks) {
      const t0 = performance.now();
      const regions = regionsOf(traceContours(rle), semantic);
      const traced = performance.now() - t0;
      for (const region of regions) {
        const t1 = performance.now();
        if (measureRegion(region, SETTINGS).area >= 20)
          perRegion.push(performance.now() - t1 + traced / regions.length);
      }
    }
    const total = (performance.now() - start) / 1000;
    if (best === undefined || total < best.total) best = { total, perRegion };
  }
  const sorted = best.perRegion.sort((a, b) => a - b);
  return {
    seconds: best.total,
    regions: sorted.length,
    median: sorted[Math.floor(sorted.length / 2)],
    p90: sorted[Math.floor(0.9 * (sorted.length - 1))],
  };
}

const row = (label, t) =>
  `${label.padEnd(46)} ${t.regions} regions ${(t.seconds * 1000).toFixed(0).padStart(7)} ms ${(t.regions / t.seconds).toFixed(0).padStart(6)} regions/s  mean ${((1000 * t.seconds) / t.regions).toFixed(2)} ms, median ${t.median.toFixed(2)} ms, p90 ${t.p90.toFixed(2)} ms per region (target < 2 ms)`;

/** The whole scope job on `threads` threads, best of `repeats` runs: seconds and the report's JSON. */
async function timeJob(dataset, semantic, threads, repeats = 2) {
  let best = Number.POSITIVE_INFINITY;
  let cpu = Number.POSITIVE_INFINITY;
  let json;
  for (let r = 0; r < repeats; r++) {
    const usage = process.cpuUsage();
    const start = performance.now();
    const { report } = await scopeJob(dataset, {
      input: 'bench',
      from: 'coco',
      semantic,
      ...SETTINGS,
      minArea: 20,
      rules: DEFAULT_RULES,
      threads,
    });
    best = Math.min(best, (performance.now() - start) / 1000);
    // CPU time of the process, workers included: the work the threads share, whatever the load.
    const used = process.cpuUsage(usage);
    cpu = Math.min(cpu, (used.user + used.system) / 1e6);
    json = JSON.stringify(report);
  }
  return { seconds: best, cpu, json };
}

async function threadsRow(label, dataset, semantic, repeats = 2) {
  const one = await timeJob(dataset, semantic, 1, repeats);
  const two = await timeJob(dataset, semantic, 2, repeats);
  const same = one.json === two.json ? 'same JSON' : 'JSON DIFFERS';
  // On a loaded machine the wall-clock ratio says more about the neighbours than about the threads;
  // the load average and the CPU seconds are printed so the row can be read either way.
  return `${label.padEnd(46)} 1 thread ${one.seconds.toFixed(2)} s (cpu ${one.cpu.toFixed(2)} s), 2 threads ${two.seconds.toFixed(2)} s (cpu ${two.cpu.toFixed(2)} s), speed-up ${(one.seconds / two.seconds).toFixed(2)}x (${same}; load ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores)`;
}

export async function runScopeBench() {
  const rows = [];
  const dsb = `${DATASETS}dsb2018_nuclei/stage1_train`;
  if (existsSync(dsb)) {
    const dataset = await readBinaryMasks(await openFileSource(dsb), { codec: nodePngCodec });
    const sizes = new Map(dataset.images.map((i) => [i.id, i]));
    const masks = dataset.annotations.slice(0, 1000).map((a) => {
      const image = sizes.get(a.image_id);
      return segmentationToRle(a.segmentation, image.height, image.width);
    });
    rows.push(row(`DSB2018 nuclei (${masks.length} instances)`, timeRegions(masks, false)));
  } else rows.push('DSB2018: skipped, ../shared/datasets is absent');
  const camvid = `${DATASETS}camvid/`;
  if (existsSync(camvid)) {
    const masks = [];
    for (const dir of ['trainannot', 'valannot']) {
      const { dataset } = await semanticFolderToCoco(await openFileSource(`${camvid}${dir}`), {
        ignoreIndex: 11,
        codec: nodePngCodec,
      });
      for (const a of dataset.annotations) masks.push(segmentationToRle(a.segmentation, 360, 480));
    }
    rows.push(row('CamVid regions (train + val, >= 20 px)', timeRegions(masks, true)));
  } else rows.push('CamVid: skipped, ../shared/datasets is absent');
  const coco = `${DATASETS}coco_val2014_ann100/instances_val2014_shared.json`;
  if (existsSync(coco)) {
    const dataset = JSON.parse(readFileSync(coco, 'utf8'));
    rows.push(await threadsRow(`scope job, COCO val2014 (${dataset.annotations.length} annotations)`, dataset, false));
    // The same annotations 8 times over: enough work (about 15 s on one core) for the workers'
    // start (module loading, a cold JIT: about 1 s of CPU each) to be paid back.
    const copies = 8;
    const repeated = {
      ...dataset,
      annotations: Array.from({ length: copies }, (_, k) =>
        dataset.annotations.map((a) => ({ ...a, id: k * 1_000_000_000 + a.id })),
      ).flat(),
    };
    rows.push(
      await threadsRow(
        `scope job, COCO val2014 x${copies} (${repeated.annotations.length} annotations)`,
        repeated,
        false,
        1,
      ),
    );
  } else rows.push('scope job on COCO val2014: skipped, ../shared/datasets is absent');
  if (existsSync(dsb)) {
    const dataset = await readBinaryMasks(await openFileSource(dsb), { codec: nodePngCodec });
    rows.push(await threadsRow(`scope job, DSB2018 (${dataset.annotations.length} nuclei)`, dataset, false));
  } else rows.push('scope job on DSB2018: skipped, ../shared/datasets is absent');
  return rows;
}
