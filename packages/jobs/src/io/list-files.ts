import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { SegkitError } from '@segkit/core';

/** Files under `root` (recursively) whose name passes `keep`, as sorted paths relative to root. */
export async function listFiles(root: string, keep: (name: string) => boolean): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(root, { recursive: true, withFileTypes: true });
  } catch (error) {
    throw new SegkitError('IO', `cannot list: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, [
      root,
    ]);
  }
  return entries
    .filter((entry) => entry.isFile() && keep(entry.name))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}
