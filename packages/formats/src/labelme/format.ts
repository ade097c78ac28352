/** labelme as a DatasetFormat: a folder of labelme JSON files (or one), read and written. */

import { basenamePath } from '../io/paths.js';
import { headText } from '../registry/sniff.js';
import type { DatasetFormat } from '../registry/types.js';
import { readLabelme } from './read.js';
import { writeLabelme } from './write.js';

export const labelmeFormat: DatasetFormat = {
  name: 'labelme',
  description: 'labelme JSON files (polygons; shapes sharing a group_id are one instance; labels.txt gives ids)',
  holds: { instances: true, overlaps: true, crowd: false, classNames: true, scores: false, holes: false },

  async detect(source) {
    const path =
      source.entry ??
      (await source.list()).find((p) => p.toLowerCase().endsWith('.json') && basenamePath(p) !== 'labels.json');
    if (path === undefined || !path.toLowerCase().endsWith('.json')) return false;
    const head = (await headText(source, path)).text.slice(0, 4096);
    return /"shapes"\s*:/.test(head) && /"(imagePath|shape_type|version)"\s*:/.test(head);
  },

  async read(source, options = {}) {
    const { classNames, limits, onProgress, signal } = options;
    const { dataset, warnings } = await readLabelme(source, {
      ...(classNames === undefined ? {} : { classNames }),
      ...(limits === undefined ? {} : { limits }),
      ...(onProgress === undefined ? {} : { onProgress }),
      ...(signal === undefined ? {} : { signal }),
    });
    return { dataset, semantic: false, warnings };
  },

  write: writeLabelme,
};
