import { listMatching } from '../io/source-files.js';
import { cocoToSemanticFolder } from '../semantic/coco-to-png.js';
import { semanticFolderToCoco } from '../semantic/png-to-coco.js';
import { classNameMap, readClassSidecar, writeClassSidecar } from './shared.js';
import type { DatasetFormat } from './types.js';

const isPng = (name: string) => name.toLowerCase().endsWith('.png');

/**
 * A folder of class-index PNGs (8- or 16-bit grey, or palette indices; RGB with a colour table):
 * one PNG per image, each pixel its class, the ignore value unlabelled. Read, each class present in
 * an image is one annotation (`semantic`); written, instances of a class merge and overlaps are
 * settled by the overlap policy, both reported. Class names travel in `classes.json` beside the PNGs.
 */
export const pngFormat: DatasetFormat = {
  name: 'png',
  description: 'folder of class-index PNGs (--colors for RGB colour-coded masks)',
  holds: { instances: false, overlaps: false, crowd: false, classNames: false, scores: false },
  async detect(source) {
    if (source.entry !== undefined) return false;
    return (await listMatching(source, isPng)).length > 0;
  },
  async read(source, options = {}) {
    const names = classNameMap(options.classNames) ?? (await readClassSidecar(source, options.limits));
    const { dataset, report } = await semanticFolderToCoco(source, {
      ignoreIndex: options.ignoreIndex,
      classNames: names,
      colors: options.colors,
      onProgress: options.onProgress,
      signal: options.signal,
      codec: options,
    });
    return { dataset, semantic: true, warnings: [], report };
  },
  async write(dataset, sink, options = {}) {
    const report = await cocoToSemanticFolder(dataset, sink, {
      ignoreIndex: options.ignoreIndex,
      colors: options.colors,
      overlap: options.overlap ?? 'last',
      limits: options.limits,
      onProgress: options.onProgress,
      signal: options.signal,
    });
    const sidecar = await writeClassSidecar(dataset, sink);
    return {
      files: report.images + (sidecar ? 1 : 0),
      report,
      summary: `wrote ${report.images} class-index PNGs from ${report.annotations} annotations`,
    };
  },
};
