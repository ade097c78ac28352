import { checkPixelLimit, SegkitError, segmentationToCocoRle, showValue } from '@segkit/core';
import { annotationLabel, type CocoDataset, type CocoImage, checkCocoDataset } from '../coco/dataset.js';
import { loadResults } from '../coco/results.js';
import { locate, readJson } from '../io/source-files.js';
import { losslessReport } from '../report/loss-report.js';
import { classNameMap, jsonText, locatedIn, requireEntry, singleFileOutput } from './shared.js';
import { entryWith, firstSymbol, headText } from './sniff.js';
import type { DatasetFormat } from './types.js';

/**
 * COCO results: a JSON list of detections `{image_id, category_id, segmentation, score}`, as models
 * write them for COCOeval. Read alone (without ground truth) the image sizes come from the RLE
 * `size`s, and the detections are loaded as pycocotools' `loadRes` loads them (ids from 1, area of
 * the mask). Written, every annotation becomes a detection with compressed RLE; one without a score
 * gets 1, and crowd regions, which results cannot hold, are left out and reported.
 */
export const cocoResultsFormat: DatasetFormat = {
  name: 'coco-results',
  description: 'COCO results JSON list (detections with scores)',
  holds: { instances: true, overlaps: true, crowd: false, classNames: false, scores: true },
  async detect(source) {
    const entry = entryWith(source, '.json');
    if (entry === undefined) return false;
    const { text } = await headText(source, entry);
    return firstSymbol(text) === '[' && /"score"/.test(text) && /"image_id"/.test(text);
  },
  async read(source, options = {}) {
    const entry = requireEntry(source, 'coco-results', 'JSON file');
    const file = locate(source, entry);
    const results = await readJson(source, entry);
    if (!Array.isArray(results)) {
      throw new SegkitError('INVALID_DATASET', 'a COCO results file is a JSON list of detections', [file]);
    }
    const images = new Map<unknown, CocoImage>();
    results.forEach((result, i) => {
      const { image_id: id, segmentation } = (result ?? {}) as { image_id?: unknown; segmentation?: unknown };
      const size = (segmentation as { size?: unknown } | undefined)?.size;
      if (!Array.isArray(size) || size.length !== 2) {
        throw new SegkitError(
          'INVALID_DATASET',
          'a results file read without ground truth needs RLE segmentations (their "size" gives the image size)',
          [`${file}: result ${i}`],
        );
      }
      const [height, width] = size as [number, number];
      const known = images.get(id);
      if (known === undefined) {
        try {
          checkPixelLimit(width, height, options.limits, `its RLE size [${height}, ${width}]`);
        } catch (error) {
          throw (error as SegkitError).withContext(`${file}: result ${i}`);
        }
        images.set(id, { id: id as number, height, width });
      } else if (known.height !== height || known.width !== width) {
        throw new SegkitError(
          'SIZE_MISMATCH',
          `RLE size [${height}, ${width}] but image ${String(id)} is [${known.height}, ${known.width}] in an earlier result`,
          [`${file}: result ${i}`],
        );
      }
    });
    const groundTruth: CocoDataset = { images: [...images.values()], annotations: [] };
    const annotations = await locatedIn(source, entry, () => loadResults(results, groundTruth, file));
    const names = classNameMap(options.classNames);
    const ids = [...new Set(annotations.map((a) => a.category_id as number))].sort((a, b) => a - b);
    const categories = ids.map((id) => ({ id, name: names?.get(id) ?? `class_${id}` }));
    return { dataset: { images: groundTruth.images, annotations, categories }, semantic: false, warnings: [] };
  },
  outputs: singleFileOutput,
  async write(dataset, sink, options = {}) {
    const { sizes } = checkCocoDataset(dataset, { limits: options.limits });
    const warnings: string[] = [];
    const results: Record<string, unknown>[] = [];
    let crowd = 0;
    let unscored = 0;
    for (const [i, annotation] of dataset.annotations.entries()) {
      if (annotation.iscrowd === 1) {
        crowd++;
        continue;
      }
      const size = sizes.get(annotation.image_id);
      const where = annotationLabel(annotation, i);
      if (size === undefined) {
        throw new SegkitError('INVALID_DATASET', `image_id ${showValue(annotation.image_id)} is not in "images"`, [
          where,
        ]);
      }
      let segmentation: unknown;
      try {
        segmentation = segmentationToCocoRle(annotation.segmentation, size[0], size[1]);
      } catch (error) {
        throw error instanceof SegkitError ? error.withContext(where) : error;
      }
      const scored = typeof annotation.score === 'number';
      if (!scored) unscored++;
      const score = scored ? annotation.score : 1;
      const result: Record<string, unknown> = {
        image_id: annotation.image_id,
        category_id: annotation.category_id,
        segmentation,
        score,
      };
      if (Array.isArray(annotation.bbox)) result.bbox = annotation.bbox;
      results.push(result);
    }
    if (crowd > 0) warnings.push(`${crowd} crowd regions left out: a results file holds detections only`);
    if (unscored > 0) warnings.push(`${unscored} annotations had no score and were given score 1`);
    await sink.write(options.entry ?? 'results.json', jsonText(results));
    const report = losslessReport('coco', 'coco-results', dataset.images.length, results.length, warnings);
    report.lossless = crowd === 0;
    return { files: 1, report, summary: `wrote ${results.length} detections as COCO results` };
  },
};
