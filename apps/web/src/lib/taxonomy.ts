/**
 * Where a new project's classes come from: the Cityscapes preset, a pasted COCO categories JSON, or
 * a simple list typed by hand. Each gives `ProjectClass` rows the create form shows and edits.
 */
import { CITYSCAPES_LABELS } from '@segkit/formats';
import type { ProjectClass } from '../api/types.js';
import { defaultColor, rgbToHex } from './colors.js';

/**
 * Cityscapes' labelIds 0–33 with the official colours (cityscapesScripts labels.py); the license
 * plate (id −1) is left out, as api.md says. Things are the classes with instances.
 */
export function cityscapesClasses(): ProjectClass[] {
  return CITYSCAPES_LABELS.filter((label) => label.id >= 0).map((label) => ({
    id: label.id,
    name: label.name,
    color: rgbToHex(label.color),
    isthing: label.hasInstances,
  }));
}

/**
 * The classes of a pasted COCO document or categories array: `{"categories": [...]}` or `[...]`, each
 * `{id, name}` with panoptic's optional `isthing` (0/1) and `color` ([r, g, b]). Throws an Error
 * naming the category that is not usable.
 */
export function cocoCategoriesToClasses(text: string): ProjectClass[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`the pasted text is not JSON: ${(error as Error).message}`);
  }
  const list = Array.isArray(json) ? json : (json as { categories?: unknown } | null)?.categories;
  if (!Array.isArray(list)) throw new Error('expected a COCO document with "categories" or an array of categories');
  if (list.length === 0) throw new Error('the categories list is empty');
  return list.map((item: unknown, index) => {
    const category = item as { id?: unknown; name?: unknown; isthing?: unknown; color?: unknown };
    if (typeof category !== 'object' || category === null) throw new Error(`category ${index} is not an object`);
    if (!Number.isInteger(category.id))
      throw new Error(`category ${index}: id ${String(category.id)} is not an integer`);
    if (typeof category.name !== 'string' || category.name === '') {
      throw new Error(`category ${index} (id ${String(category.id)}): no name`);
    }
    const rgb = category.color;
    const color =
      Array.isArray(rgb) && rgb.length === 3 && rgb.every((v) => typeof v === 'number')
        ? rgbToHex(rgb as number[])
        : defaultColor(index);
    return { id: category.id as number, name: category.name, color, isthing: category.isthing !== 0 };
  });
}

/**
 * A simple list, one class per line: `name`, optionally prefixed by an id (`7 road`); lines without an
 * id take the next id after the previous line's. A line ending in ` *` is a thing class.
 */
export function listToClasses(text: string): ProjectClass[] {
  const out: ProjectClass[] = [];
  let next = 0;
  for (const raw of text.split('\n')) {
    let line = raw.trim();
    if (line === '') continue;
    const isthing = line.endsWith(' *');
    if (isthing) line = line.slice(0, -2).trim();
    const match = /^(\d+)\s+(.+)$/.exec(line);
    const id = match === null ? next : Number(match[1]);
    const name = match === null ? line : match[2].trim();
    out.push({ id, name, color: defaultColor(out.length), isthing });
    next = id + 1;
  }
  return out;
}
