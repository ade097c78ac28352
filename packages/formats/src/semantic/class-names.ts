import { readFile } from 'node:fs/promises';
import { SegkitError } from '@segkit/core';

/**
 * Class names by index, from `--classes FILE`: a text file with one name per line (line i is class
 * i, as VOC's class_names.txt and labelme's labels.txt), or JSON: a list of names, or a list of
 * `{id, name}` objects.
 */
export async function readClassNames(path: string): Promise<Map<number, string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SegkitError('IO', `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, [
      path,
    ]);
  }
  const names = new Map<number, string>();
  if (path.toLowerCase().endsWith('.json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new SegkitError('INVALID_JSON', `malformed JSON: ${(error as Error).message}`, [path]);
    }
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
