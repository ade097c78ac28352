import { basename, join } from 'node:path';
import { isSegkitError, type Limits } from '@segkit/core';
import { unsafeNameReason } from '@segkit/formats';
import { readFileBytes } from '../io/read-json.js';
import type { ImageSource } from './backdrop.js';

/**
 * Image bytes from a folder by the dataset's `file_name`: the path under the folder, else the bare
 * name in it (COCO file names often carry a split folder the user's copy lacks). Undefined when
 * neither exists. A file over `limits.maxFileBytes` is refused unread. A name that would leave the folder
 * (`..`, absolute, NUL) is looked up by its base name alone; a FIFO or device of that name is refused
 * (NOT_A_FILE), never waited on.
 */
export function imagesFromFolder(dir: string, limits?: Partial<Limits>): ImageSource {
  return async (fileName) => {
    const names = [fileName, basename(fileName)].filter((name) => unsafeNameReason(name) === undefined);
    for (const path of new Set(names.map((name) => join(dir, name)))) {
      try {
        return await readFileBytes(path, limits);
      } catch (error) {
        if (!(isSegkitError(error) && error.code === 'IO' && error.detail === 'cannot read: ENOENT')) throw error;
      }
    }
    return undefined;
  };
}
