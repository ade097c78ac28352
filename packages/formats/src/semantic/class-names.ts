import { type Limits, SegkitError } from '@segkit/core';
import { parseJson } from '../io/source-files.js';
import { checkClassId } from './color-table.js';

/**
 * Class names by id, from `--classes FILE`. Files from other tools number their classes from 0
 * (VOC's class_names.txt, mmseg) or from 1 (many COCO-style lists), and a plain list cannot say
 * which, so a text file says it:
 * - one name per line: line i is class i, **from 0**;
 * - a first line `# first id: N` numbers the names that follow from N (`# first id: 1`);
 * - or every line `ID NAME` (`ID: NAME` or a tab also works): the ids as written, in any order.
 * JSON: a list of names (from 0), or a list of `{id, name}` objects. `path` names the file in
 * errors and tells JSON (`.json`) from text. An id at or past `limits.maxClasses` is a LimitError.
 */
export function parseClassNames(text: string, path: string, limits?: Partial<Limits>): Map<number, string> {
  const names = new Map<number, string>();
  const set = (id: number, name: string, where: string) => {
    try {
      checkClassId(id, limits, where);
    } catch (error) {
      throw (error as SegkitError).withContext(path);
    }
    names.set(id, name);
  };
  if (path.toLowerCase().endsWith('.json')) {
    const parsed = parseJson(text, path);
    if (!Array.isArray(parsed)) throw new SegkitError('INVALID_DATASET', 'class list must be a JSON list', [path]);
    parsed.forEach((entry, i) => {
      if (typeof entry === 'string') set(i, entry, `entry ${i}`);
      else if (entry && typeof entry === 'object' && Number.isInteger(entry.id) && typeof entry.name === 'string') {
        set(entry.id, entry.name, `entry ${i}`);
      } else {
        throw new SegkitError('INVALID_DATASET', `entry ${i} is neither a name nor {id, name}`, [path]);
      }
    });
    return names;
  }
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  const directive = /^#\s*first id:\s*(\S*)\s*$/i.exec(lines[0] ?? '');
  if (directive !== null) {
    const first = Number(directive[1]);
    if (directive[1] === '' || !Number.isInteger(first) || first < 0 || first > 65535) {
      throw new SegkitError('INVALID_DATASET', `"# first id:" must give an integer 0..65535, got "${directive[1]}"`, [
        `${path}: line 1`,
      ]);
    }
    lines.slice(1).forEach((line, i) => {
      set(first + i, line.trim(), `line ${i + 2}`);
    });
    return names;
  }
  const numbered = lines.map((line) => /^\s*(\d+)\s*(?::\s*|\t\s*|\s+)(\S.*?)\s*$/.exec(line));
  if (lines.length > 0 && numbered.every((match) => match !== null)) {
    numbered.forEach((match, i) => {
      const id = Number((match as RegExpExecArray)[1]);
      if (names.has(id)) {
        throw new SegkitError('INVALID_DATASET', `class id ${id} appears twice`, [`${path}: line ${i + 1}`]);
      }
      set(id, (match as RegExpExecArray)[2], `line ${i + 1}`);
    });
    return names;
  }
  lines.forEach((line, i) => {
    set(i, line.trim(), `line ${i + 1}`);
  });
  return names;
}
