import { basenamePath, dirnamePath, joinPath } from '../io/paths.js';
import { locate, readJson } from '../io/source-files.js';
import { cocoToPanoptic } from '../panoptic/from-coco.js';
import { panopticToCoco } from '../panoptic/to-coco.js';
import { jsonText, requireEntry } from './shared.js';
import { entryWith, firstKey, firstSymbol, headText, PANOPTIC_OR_INSTANCES } from './sniff.js';
import type { DatasetFormat } from './types.js';

/** The PNG folder beside a panoptic JSON: `panoptic_val2017.json` → `panoptic_val2017/`. */
export function defaultPngDir(entry: string): string {
  return joinPath(dirnamePath(entry), basenamePath(entry).replace(/\.json$/i, ''));
}

/**
 * COCO panoptic: a JSON whose annotations list `segments_info` per image, and one PNG per image
 * whose pixels hold segment ids (R + 256·G + 256²·B). Every pixel belongs to at most one segment.
 */
export const cocoPanopticFormat: DatasetFormat = {
  name: 'coco-panoptic',
  description: 'COCO panoptic JSON + segment-id PNG folder',
  holds: { instances: true, overlaps: false, crowd: true, classNames: true, scores: false },
  async detect(source) {
    const entry = entryWith(source, '.json');
    if (entry === undefined) return false;
    const head = await headText(source, entry);
    return (
      firstSymbol(head.text) === '{' && (await firstKey(source, entry, PANOPTIC_OR_INSTANCES, head)) === 'segments_info'
    );
  },
  async read(source, options = {}) {
    const entry = requireEntry(source, 'coco-panoptic', 'JSON file');
    const document = await readJson(source, entry);
    const { dataset, report } = await panopticToCoco(
      document,
      source,
      options.pngDir ?? defaultPngDir(entry),
      locate(source, entry),
      options,
    );
    return { dataset, semantic: false, warnings: report.warnings, report };
  },
  async write(dataset, sink, options = {}) {
    const entry = options.entry ?? 'panoptic.json';
    const pngDir = options.pngDir ?? defaultPngDir(entry);
    const { panoptic, report } = await cocoToPanoptic(dataset, sink, pngDir, {
      overlap: options.overlap ?? 'last',
      limits: options.limits,
    });
    await sink.write(entry, jsonText(panoptic));
    return {
      files: report.images + 1,
      report,
      summary: `wrote ${report.images} panoptic PNGs to ${pngDir} and their segments`,
    };
  },
};
