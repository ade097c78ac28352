import { SegkitError } from '@segkit/core';
import { parseJson } from '../io/source-files.js';

/**
 * Class names by index, from `--classes FILE`: a text file with one name per line (line i is class
 * i, as VOC's class_names.txt and labelme's labels.txt), or JSON: a list of names, or a list of
 * `{id, name}` objects. `path` names the file in errors and tells JSON (`.json`) from text.
 */
export function parseClassNames(text: string, path: string): Map<number, string> {
  const names = new Map<number, string>();
  if (path.toLowerCase().endsWith('.json')) {
    const parsed = parseJson(text, path);
    if (!Array.isArray(parsed)) throw new SegkitError('INVALID_DATASET', 'class list must be a JSON list', [path]);
    parsed.forEach((entry, i) => {
      if (typeof entry === 'string') names.set(i, entry);
      else if (entry && typeof entry === 'object' && Number.isInteger(entry.id) && typeof entry.name === 'string') {
        names.set(entry.id, entry.name);
      } else {
        throw new SegkitError('INVALID_DATASET', `entry ${i} is neither a name nor {id, name}`, [path]);
      }
    });
    return names;
  }
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  lines.forEach((line, i) => {
    names.set(i, line.trim());
  });
  return names;
}
