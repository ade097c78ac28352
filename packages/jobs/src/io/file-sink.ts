import { join } from 'node:path';
import type { FileSink } from '@segkit/formats';
import { writeFileAtomic } from './atomic-write.js';
import { checkRelative } from './file-source.js';

/**
 * A FileSink into a folder on disk: every file written atomically (temporary file, then rename), so
 * a failure never leaves a half-written file; paths that would leave the folder are refused.
 */
export function openFileSink(root: string): FileSink & { written: string[] } {
  const written: string[] = [];
  return {
    name: root,
    written,
    write: async (path, data) => {
      checkRelative(path, join(root, path));
      await writeFileAtomic(join(root, path), [data]);
      written.push(path);
    },
  };
}
