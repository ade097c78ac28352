import { largestId } from '../coco/dataset-walk.js';

/**
 * labelme's class numbering. labelme2coco (examples/instance_segmentation) reads `--labels
 * labels.txt` and numbers line i as class i − 1: line 0 must be `__ignore__` (−1, never a class),
 * line 1 is usually `_background_` (0, a category no shape uses), then the classes 1, 2, … in order.
 *
 *   __ignore__      → -1 (left out)
 *   _background_    →  0
 *   person          →  1
 *
 * Without a list, classes are numbered 1, 2, … in order of first appearance.
 */
export interface LabelmeCategories {
  /** The id of `label`, numbering it next when it is new. */
  id(label: string): number;
  /** The id of `label` when it is listed, else undefined. */
  known(label: string): number | undefined;
  list(): { id: number; name: string; supercategory: string }[];
}

export function labelmeCategories(names?: ReadonlyMap<number, string>): LabelmeCategories {
  const ids = new Map<string, number>();
  let largest = 0; // a running maximum: spreading every id into Math.max per new label was quadratic
  for (const [id, name] of names ?? []) {
    if (!ids.has(name)) ids.set(name, id);
    if (id > largest) largest = id;
  }
  return {
    id(label) {
      let id = ids.get(label);
      if (id === undefined) {
        id = ++largest;
        ids.set(label, id);
      }
      return id;
    },
    known: (label) => ids.get(label),
    list: () => [...ids].sort((a, b) => a[1] - b[1]).map(([name, id]) => ({ id, name, supercategory: name })),
  };
}

/**
 * The labels.txt that gives `categories` back their ids on reading: `__ignore__`, then one line per
 * id from 0 (`_background_` unless category 0 has a name) to the largest. An id no category has gets
 * a placeholder line `_unused_<id>_`, so the ids after it keep their numbers (the writer holds the
 * largest id to `maxClasses` first: one line per id).
 */
export function labelsTxt(categories: ReadonlyMap<number, string>): string {
  const max = largestId(categories.keys());
  const lines = ['__ignore__'];
  for (let id = 0; id <= max; id++) lines.push(categories.get(id) ?? (id === 0 ? '_background_' : `_unused_${id}_`));
  return `${lines.join('\n')}\n`;
}
