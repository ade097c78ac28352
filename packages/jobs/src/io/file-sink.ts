import { join } from 'node:path';
import { type FileSink, outputName } from '@segkit/formats';
import { writeFileAtomic } from './atomic-write.js';

/**
 * A FileSink into a folder on disk, each file written atomically (temporary file, then rename) as
 * it comes; every path passes formats' `outputName`, so none leaves the folder. For a whole dataset
 * prefer `openStagedSink`, which shows nothing until every file is written.
 */
export function openFileSink(root: string): FileSink & { written: string[] } {
  const written: string[] = [];
  return {
    name: root,
    written,
    write: async (path, data) => {
      const relative = outputName(path, [root]);
      await writeFileAtomic(join(root, relative), [data]);
      written.push(relative);
    },
  };
}
