import { isSegkitError } from '@segkit/core';
import { type PngDecodeOptions, readPngFrom } from '../io/png.js';
import { listMatching, locate } from '../io/source-files.js';
import type { FileSource } from '../registry/types.js';
import { labelMapFromPng } from '../semantic/label-map.js';
import { ProblemList } from './problems.js';

/**
 * A folder of class-index PNGs: every file readable and single-channel, and, given the class list,
 * every value a known class or the ignore value. `codec.limits` holds each PNG to the pixel limit;
 * `listed` problems of each code are kept, all counted.
 */
export async function validateSemanticFolder(
  source: FileSource,
  options: {
    classNames?: ReadonlyMap<number, string>;
    ignoreIndex?: number;
    codec?: PngDecodeOptions;
    listed?: number;
  } = {},
): Promise<ProblemList> {
  const problems = new ProblemList(options.listed);
  const ignore = options.ignoreIndex ?? 255;
  const files = await listMatching(source, (name) => name.toLowerCase().endsWith('.png'));
  if (files.length === 0) problems.error('STRUCTURE', source.name, 'no .png label files found');
  for (const file of files) {
    const path = locate(source, file);
    try {
      const map = labelMapFromPng(await readPngFrom(source, file, options.codec), path);
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
      // A PNG over the pixel limit is not a problem of the data: validation stops, naming it.
      if (!isSegkitError(error) || error.code === 'LIMIT') throw error;
      problems.error(error.code === 'INVALID_PNG' ? 'PNG' : error.code, path, error.detail);
    }
  }
  return problems;
}
