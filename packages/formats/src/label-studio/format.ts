/** A Label Studio JSON export (brush masks and polygons) as a DatasetFormat. */

import { SegkitError } from '@segkit/core';
import { labelStudioTasksToCoco } from '../coco/from-tools.js';
import { readJson, where } from '../io/source-files.js';
import { headText } from '../registry/sniff.js';
import type { DatasetFormat, FileSource } from '../registry/types.js';
import { parseLabelStudioExport } from './json-export.js';
import { writeLabelStudio } from './write.js';

/** The export file: the source's entry, else its only .json file. */
async function exportFile(source: FileSource): Promise<string | undefined> {
  if (source.entry !== undefined) return source.entry;
  const json = (await source.list()).filter((path) => path.toLowerCase().endsWith('.json'));
  return json.length === 1 ? json[0] : undefined;
}

export const labelStudioFormat: DatasetFormat = {
  name: 'label-studio',
  description: 'Label Studio JSON export: brush masks (RLE) and polygons, one task per image',
  holds: { instances: true, overlaps: true, crowd: false, classNames: true, scores: false },

  async detect(source) {
    const path = await exportFile(source);
    if (path === undefined || !path.toLowerCase().endsWith('.json')) return false;
    const head = (await headText(source, path)).text.slice(0, 4096);
    return /^\s*\[/.test(head) && /"data"\s*:/.test(head) && /"(annotations|predictions)"\s*:/.test(head);
  },

  async read(source, options = {}) {
    const path = await exportFile(source);
    if (path === undefined) {
      throw new SegkitError(
        'INVALID_DATASET',
        'no Label Studio JSON export: name the file (the folder has none or several)',
        [source.name],
      );
    }
    const file = where(source, path);
    try {
      const { dataset, warnings } = labelStudioTasksToCoco(
        parseLabelStudioExport(await readJson(source, path), options.limits),
      );
      return { dataset, semantic: false, warnings };
    } catch (error) {
      throw error instanceof SegkitError && !error.message.startsWith(file) ? error.withContext(file) : error;
    }
  },

  write: writeLabelStudio,
};
