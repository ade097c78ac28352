/**
 * Formats benchmark on the real datasets in ../shared/datasets (skipped where absent): COCO val2014
 * polygons -> compressed RLE, CamVid class-index PNGs -> COCO RLE, DSB2018 binary masks -> COCO RLE.
 * Throughput in images and annotations per second (best of 3, in process).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  panopticToCoco,
  readBinaryMasks,
  rewriteSegmentationsAsRle,
  semanticFolderToCoco,
} from '../packages/formats/dist/index.js';
import { nodePngCodec, openFileSource } from '../packages/jobs/dist/index.js';

const DATASETS = fileURLToPath(new URL('../../shared/datasets/', import.meta.url));

async function best(work, repeats = 3) {
  let result;
  let seconds = Number.POSITIVE_INFINITY;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    result = await work();
    seconds = Math.min(seconds, (performance.now() - start) / 1000);
  }
  return { result, seconds };
}

const row = (label, seconds, images, annotations) =>
  `${label.padEnd(44)} ${(seconds * 1000).toFixed(1).padStart(9)} ms ${(images / seconds).toFixed(0).padStart(8)} images/s ${(annotations / seconds).toFixed(0).padStart(9)} annotations/s`;

export async function runFormatsBench() {
  const rows = [];
  const coco = `${DATASETS}coco_val2014_ann100/instances_val2014_shared.json`;
  if (existsSync(coco)) {
    const text = readFileSync(coco, 'utf8');
    const { result, seconds } = await best(() => rewriteSegmentationsAsRle(JSON.parse(text)));
    rows.push(
      row('COCO val2014 polygons -> RLE (parse included)', seconds, result.stats.images, result.stats.annotations),
    );
  }
  const camvid = `${DATASETS}camvid/trainannot`;
  if (existsSync(camvid)) {
    const { result, seconds } = await best(async () =>
      semanticFolderToCoco(await openFileSource(camvid), { ignoreIndex: 11, codec: nodePngCodec }),
    );
    rows.push(
      row('CamVid PNG -> COCO RLE (PNG decode included)', seconds, result.report.images, result.report.annotations),
    );
  }
  const dsb = `${DATASETS}dsb2018_nuclei/stage1_train`;
  if (existsSync(dsb)) {
    const { result, seconds } = await best(
      async () => readBinaryMasks(await openFileSource(dsb), { codec: nodePngCodec }),
      1,
    );
    rows.push(row('DSB2018 binary mask PNGs -> COCO RLE', seconds, result.images.length, result.annotations.length));
  }
  const panoptic = `${DATASETS}coco_panoptic/sample_data/`;
  if (existsSync(panoptic)) {
    const doc = JSON.parse(readFileSync(`${panoptic}panoptic_examples.json`, 'utf8'));
    const { result, seconds } = await best(
      async () => panopticToCoco(doc, await openFileSource(panoptic), 'panoptic_examples', 'sample', nodePngCodec),
      5,
    );
    rows.push(
      row('COCO panoptic PNG -> COCO RLE (sample, 2 images)', seconds, result.report.images, result.report.annotations),
    );
  }
  if (rows.length === 0) rows.push('(../shared/datasets is absent: no formats benchmark)');
  return rows;
}
