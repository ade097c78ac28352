import { join } from 'node:path';
import { isSegkitError } from '@segkit/core';
import { listFiles } from '../io/list-files.js';
import { readPng } from '../io/png.js';
import { labelMapFromPng } from '../semantic/label-map.js';
import { ProblemList } from './problems.js';

/**
 * A folder of class-index PNGs: every file readable and single-channel, and, given the class list,
 * every value a known class or the ignore value.
 */
export async function validateSemanticFolder(
  dir: string,
  options: { classNames?: Map<number, string>; ignoreIndex?: number } = {},
): Promise<ProblemList> {
  const problems = new ProblemList();
  const ignore = options.ignoreIndex ?? 255;
  const files = await listFiles(dir, (name) => name.toLowerCase().endsWith('.png'));
  if (files.length === 0) problems.error('STRUCTURE', dir, 'no .png label files found');
  for (const file of files) {
    const path = join(dir, file);
    try {
      const map = labelMapFromPng(await readPng(path), path);
      if (options.classNames === undefined) continue;
      const unknown = new Map<number, number>();
      for (let i = 0; i < map.data.length; i++) {
        const label = map.data[i];
        if (label !== ignore && !options.classNames.has(label)) unknown.set(label, (unknown.get(label) ?? 0) + 1);
      }
      for (const [label, pixels] of unknown) {
        problems.error(
          'UNKNOWN_CLASS',
          path,
          `${pixels} pixels have value ${label}, which is no class and not the ignore value ${ignore}`,
        );
      }
    } catch (error) {
      if (!isSegkitError(error)) throw error;
      problems.error(error.code === 'INVALID_PNG' ? 'PNG' : error.code, path, error.detail);
    }
  }
  return problems;
}
