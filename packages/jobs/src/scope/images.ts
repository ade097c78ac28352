import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ImageSource } from './backdrop.js';

/**
 * Image bytes from a folder by the dataset's `file_name`: the path under the folder, else the bare
 * name in it (COCO file names often carry a split folder the user's copy lacks). Undefined when
 * neither exists.
 */
export function imagesFromFolder(dir: string): ImageSource {
  return async (fileName) => {
    for (const path of new Set([join(dir, fileName), join(dir, basename(fileName))])) {
      try {
        return await readFile(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    return undefined;
  };
}
