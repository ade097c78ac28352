import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { SegkitError } from '@segkit/core';
import { specialKind } from './atomic-write.js';

/**
 * Every regular file under `root`, relative, '/'-separated, sorted by code unit. Links are not
 * followed (a link out of the folder is not read, a link loop is not walked); a FIFO, socket or
 * device in the tree is refused (NOT_A_FILE) rather than skipped, as a dataset holding one is not
 * what its owner thinks it is, and reading one can hang.
 */
export async function listRegularFiles(root: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    // Node's recursive readdir lists a link as a link and never descends into it.
    entries = await readdir(root, { recursive: true, withFileTypes: true });
  } catch (error) {
    const info = await stat(root).catch(() => undefined);
    if (info !== undefined && !info.isFile() && !info.isDirectory()) {
      throw new SegkitError('NOT_A_FILE', `is ${specialKind(info)}, not a regular file or folder`, [root]);
    }
    throw new SegkitError('IO', `cannot list: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, [
      root,
    ]);
  }
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.isFile()) files.push(toPosix(relative(root, join(entry.parentPath, entry.name))));
    else if (!entry.isDirectory() && !entry.isSymbolicLink()) {
      throw new SegkitError('NOT_A_FILE', `is ${specialKind(entry)}, not a regular file or folder`, [
        join(entry.parentPath, entry.name),
      ]);
    }
  }
  return files.sort();
}

/** Files under `root` (recursively) whose name passes `keep`, as sorted paths relative to root. */
export async function listFiles(root: string, keep: (name: string) => boolean): Promise<string[]> {
  const files = await listRegularFiles(root);
  return files.filter((file) => keep(basename(file))).map((file) => (sep === '/' ? file : file.split('/').join(sep)));
}

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
