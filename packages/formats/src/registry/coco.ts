import { SegkitError } from '@segkit/core';
import { type CocoDataset, checkCocoDataset } from '../coco/dataset.js';
import { rewriteSegmentationsAsPolygons } from '../coco/rewrite-polygons.js';
import { rewriteSegmentationsAsRle } from '../coco/rewrite-rle.js';
import { readJson } from '../io/source-files.js';
import { losslessReport } from '../report/loss-report.js';
import { copyForWriting, jsonText, locatedIn, requireEntry } from './shared.js';
import { entryWith, firstKey, firstSymbol, headText, PANOPTIC_OR_INSTANCES } from './sniff.js';
import type { DatasetFormat, FileSink, WriteOptions, WriteResult } from './types.js';

/**
 * COCO instances: one JSON file with "images", "annotations" (polygons, uncompressed or compressed
 * RLE) and "categories". The model every other format converts through, so it holds everything.
 */
export const cocoFormat: DatasetFormat = {
  name: 'coco',
  description: 'COCO instances JSON (polygons or RLE)',
  holds: { instances: true, overlaps: true, crowd: true, classNames: true, scores: false },
  async detect(source) {
    const entry = entryWith(source, '.json');
    if (entry === undefined) return false;
    const head = await headText(source, entry);
    if (firstSymbol(head.text) !== '{' || !/"(images|annotations)"/.test(head.text)) return false;
    if (/"shapes"/.test(head.text)) return false; // labelme
    return (await firstKey(source, entry, PANOPTIC_OR_INSTANCES, head)) !== 'segments_info';
  },
  async read(source, options = {}) {
    const entry = requireEntry(source, 'coco', 'JSON file');
    const document = await readJson(source, entry);
    const dataset = await locatedIn(
      source,
      entry,
      () => checkCocoDataset(document, { limits: options.limits }).dataset,
    );
    return { dataset, semantic: false, warnings: [] };
  },
  write: writeCoco,
};

/**
 * Writes the dataset as one COCO JSON (`options.entry`, default `annotations.json`). Masks keep their
 * encoding unless `maskEncoding` asks for compressed RLE (exactly pycocotools' annToRLE) or traced
 * polygons (holes kept; the report measures what tracing and simplifying lost).
 */
async function writeCoco(dataset: CocoDataset, sink: FileSink, options: WriteOptions = {}): Promise<WriteResult> {
  const entry = options.entry ?? 'annotations.json';
  const { limits } = options;
  if (options.maskEncoding === 'polygon') {
    const polygonOptions =
      options.maxVertices === undefined
        ? { tolerance: options.tolerance ?? 0, limits }
        : { tolerance: options.tolerance ?? 0, maxVertices: options.maxVertices, limits };
    const converted = rewriteSegmentationsAsPolygons(copyForWriting(dataset), polygonOptions);
    await sink.write(entry, jsonText(converted.dataset));
    return {
      files: 1,
      report: converted.report,
      summary: `traced ${converted.report.annotations} annotations to polygons (holes kept)`,
    };
  }
  if (options.maskEncoding === 'rle') {
    const { dataset: rewritten, stats } = rewriteSegmentationsAsRle(copyForWriting(dataset), limits);
    await sink.write(entry, jsonText(rewritten));
    return {
      files: 1,
      report: losslessReport('coco', 'coco', stats.images, stats.annotations),
      summary:
        `converted ${stats.annotations} annotations on ${stats.images} images (${stats.polygons} polygons, ` +
        `${stats.uncompressedRle} uncompressed RLE, ${stats.compressedRle} compressed RLE) to compressed RLE`,
      details: { ...stats, maskEncoding: 'rle' },
    };
  }
  if (options.maskEncoding !== undefined) {
    throw new SegkitError('UNSUPPORTED', `mask encoding ${JSON.stringify(options.maskEncoding)} is not rle or polygon`);
  }
  checkCocoDataset(dataset, { limits });
  await sink.write(entry, jsonText(dataset));
  return {
    files: 1,
    report: losslessReport('coco', 'coco', dataset.images.length, dataset.annotations.length),
    summary: `wrote ${dataset.annotations.length} annotations of ${dataset.images.length} images as COCO`,
  };
}
