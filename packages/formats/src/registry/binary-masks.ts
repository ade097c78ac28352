import { readBinaryMasks } from '../binary-masks/read.js';
import { writeBinaryMasks } from '../binary-masks/write.js';
import { losslessReport } from '../report/loss-report.js';
import type { DatasetFormat } from './types.js';

/**
 * One 8-bit PNG per instance (non-zero inside): the Kaggle layout `<image>/masks/*.png` (with
 * `<image>/images/<image>.png`) or flat `<image>/*.png`. One class, no crowd; masks may overlap.
 */
export const binaryMasksFormat: DatasetFormat = {
  name: 'binary-masks',
  description: 'per-instance binary mask PNGs (Kaggle <image>/masks/*.png, or flat <image>/*.png)',
  holds: { instances: true, overlaps: true, crowd: false, classNames: false, scores: false, classes: false },
  async detect(source) {
    if (source.entry !== undefined) return false;
    return (await source.list()).some((path) => path.includes('/masks/') && path.toLowerCase().endsWith('.png'));
  },
  async read(source, options = {}) {
    const dataset = await readBinaryMasks(source, {
      categoryName: options.classNames?.[1] ?? 'object',
      onProgress: options.onProgress,
      signal: options.signal,
      codec: options,
    });
    return { dataset, semantic: false, warnings: [] };
  },
  async write(dataset, sink) {
    const written = await writeBinaryMasks(dataset, sink);
    const categories = new Set(dataset.annotations.map((a) => a.category_id));
    const crowd = dataset.annotations.filter((a) => a.iscrowd === 1).length;
    const warnings: string[] = [];
    if (categories.size > 1) warnings.push(`${categories.size} classes written as one: binary masks hold no class`);
    if (crowd > 0) warnings.push(`${crowd} crowd regions written as ordinary instances`);
    return {
      files: written,
      report: losslessReport('coco', 'binary-masks', dataset.images.length, written, warnings),
      summary: `wrote ${written} instance masks`,
    };
  },
};
