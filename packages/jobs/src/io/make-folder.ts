import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SegkitError } from '@segkit/core';

/**
 * `mkdir -p path`, with errors that say what is in the way: an output under a regular file is
 * "out/x/y: cannot create the folder: out/x is a file, not a folder [IO]", not Node's ENOTDIR.
 * Returns the first folder it created (undefined when the whole path was there already).
 */
export async function makeFolder(path: string): Promise<string | undefined> {
  try {
    return await mkdir(path, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'EEXIST') {
      const blocker = await firstNonFolder(path);
      throw new SegkitError('IO', `cannot create the folder: ${blocker ?? path} is a file, not a folder`, [path]);
    }
    throw new SegkitError('IO', `cannot create the folder: ${code ?? (error as Error).message}`, [path]);
  }
}

/** The outermost existing part of `path` that is not a folder (links followed), if any. */
async function firstNonFolder(path: string): Promise<string | undefined> {
  const chain: string[] = [];
  for (let p = path; ; p = dirname(p)) {
    chain.unshift(p);
    if (dirname(p) === p) break;
  }
  for (const p of chain) {
    const info = await stat(p).catch(() => undefined);
    if (info === undefined) return undefined;
    if (!info.isDirectory()) return p;
  }
  return undefined;
}
