import { readBinaryMasks } from '../binary-masks/read.js';
import { writeBinaryMasks } from '../binary-masks/write.js';
import type { CocoDataset } from '../coco/dataset.js';
import { basenamePath } from '../io/paths.js';
import { losslessReport } from '../report/loss-report.js';
import { WarningList } from '../report/tally.js';
import { readClassSidecar, writeClassSidecar } from './shared.js';
import type { DatasetFormat, FileSink, FileSource } from './types.js';

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
    const sidecar = options.classNames === undefined ? await readClassSidecar(source, options.limits) : undefined;
    const dataset = await readBinaryMasks(source, {
      categoryName: options.classNames?.[1] ?? (sidecar?.size === 1 ? [...sidecar.values()][0] : 'object'),
      onProgress: options.onProgress,
      signal: options.signal,
      codec: options,
    });
    return { dataset, semantic: false, warnings: [] };
  },
  async write(dataset, sink, options = {}) {
    const written = await writeBinaryMasks(dataset, sink, options.limits);
    const categories = new Set(dataset.annotations.map((a) => a.category_id));
    const crowd = dataset.annotations.filter((a) => a.iscrowd === 1).length;
    const warnings = new WarningList();
    const images = options.images === undefined ? 0 : await copyImages(dataset, options.images, sink, warnings);
    const sidecar = categories.size === 1 && (await writeClassSidecar(dataset, sink));
    if (categories.size > 1)
      warnings.add('summary', `${categories.size} classes written as one: binary masks hold no class`);
    if (crowd > 0) warnings.add('summary', `${crowd} crowd regions written as ordinary instances`);
    return {
      files: written + images + (sidecar ? 1 : 0),
      report: losslessReport('coco', 'binary-masks', dataset.images.length, written, warnings.lines()),
      summary: `wrote ${written} instance masks${images > 0 ? ` and ${images} images` : ''}`,
    };
  },
};

/**
 * The Kaggle layout's image part: each image file (found in `images` by its `file_name`, or by its
 * base name) copied to `<stem>/images/<base name>`; a missing one is a warning. Returns how many.
 */
async function copyImages(
  dataset: CocoDataset,
  images: FileSource,
  sink: FileSink,
  warnings: WarningList,
): Promise<number> {
  const present = new Set(await images.list());
  let copied = 0;
  for (const image of dataset.images) {
    const name = String(image.file_name ?? image.id);
    const base = basenamePath(name);
    const found = present.has(name) ? name : present.has(base) ? base : undefined;
    if (found === undefined) {
      warnings.add('missing image', `image ${name} is not in ${images.name}; its images/ folder is left out`);
      continue;
    }
    const stem = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
    await sink.write(`${stem}/images/${base}`, await images.read(found));
    copied++;
  }
  return copied;
}
