import { basename, join } from 'node:path';
import { isSegkitError, type Limits } from '@segkit/core';
import { readFileBytes } from '../io/read-json.js';
import type { ImageSource } from './backdrop.js';

/**
 * Image bytes from a folder by the dataset's `file_name`: the path under the folder, else the bare
 * name in it (COCO file names often carry a split folder the user's copy lacks). Undefined when
 * neither exists. A file over `limits.maxFileBytes` is refused unread.
 */
export function imagesFromFolder(dir: string, limits?: Partial<Limits>): ImageSource {
  return async (fileName) => {
    for (const path of new Set([join(dir, fileName), join(dir, basename(fileName))])) {
      try {
        return await readFileBytes(path, limits);
      } catch (error) {
        if (!(isSegkitError(error) && error.code === 'IO' && error.detail === 'cannot read: ENOENT')) throw error;
      }
    }
    return undefined;
  };
}
