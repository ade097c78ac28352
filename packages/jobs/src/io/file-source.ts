import type { Dirent } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { type Limits, SegkitError } from '@segkit/core';
import type { FileSource } from '@segkit/formats';
import { readFileBytes, readFileText } from './read-json.js';

/**
 * A FileSource over a folder, or over one file (its `entry`, inside the file's folder), on disk.
 * Paths are relative and '/'-separated; a path with `..`, an absolute one, or one whose real path
 * (symlinks resolved) leaves the root is refused, so a dataset cannot make us read outside it.
 * Messages name files as `join(root, path)`, the way the user typed the root. Every file is sized
 * before it is read (`limits.maxFileBytes`, and the string limit for text: read-json.ts).
 */
export async function openFileSource(
  path: string,
  options: { root?: string; limits?: Partial<Limits> } = {},
): Promise<FileSource> {
  const { limits } = options;
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new SegkitError('IO', `cannot read: ${error.code ?? error.message}`, [path]);
  });
  const isFile = info.isFile();
  const root = options.root ?? (isFile ? dirname(path) : path);
  const entry = isFile ? toPosix(relative(root, path)) : undefined;
  if (entry !== undefined && (entry.startsWith('../') || isAbsolute(entry))) {
    throw new SegkitError('IO', `is not inside ${root}`, [path]);
  }
  let realRoot: Promise<string> | undefined;
  let listing: Promise<string[]> | undefined;
  // Files the listing found are regular files reached without following a link: safe as they are.
  let listed: Set<string> | undefined;
  const locate = (file: string) => (entry !== undefined && file === entry ? path : join(root, file));
  const resolve = async (file: string): Promise<string> => {
    if (listed?.has(file)) return join(root, file);
    checkRelative(file, locate(file));
    const full = join(root, file);
    realRoot ??= realpath(root);
    const real = await realpath(full).catch(() => full); // a missing file is reported by the read
    const inside = relative(await realRoot, real);
    if (real !== full && (inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside))) {
      throw new SegkitError('IO', `is a link that leaves ${root}`, [locate(file)]);
    }
    return full;
  };
  return {
    name: path,
    ...(entry === undefined ? {} : { entry }),
    list: () => {
      listing ??= listRegularFiles(root).then((files) => {
        listed = new Set(files);
        return files;
      });
      return listing;
    },
    read: async (file) => readFileBytes(await resolve(file), limits, locate(file)),
    text: async (file) => readFileText(await resolve(file), limits, locate(file)),
    head: async (file, bytes) => {
      const handle = await open(await resolve(file), 'r').catch((error: NodeJS.ErrnoException) => {
        throw new SegkitError('IO', `cannot read: ${error.code ?? error.message}`, [locate(file)]);
      });
      try {
        const buffer = new Uint8Array(bytes);
        const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
    locate,
  };
}

/** Every regular file under `root`, relative, '/'-separated, sorted by code unit (links are not followed). */
async function listRegularFiles(root: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(root, { recursive: true, withFileTypes: true });
  } catch (error) {
    throw new SegkitError('IO', `cannot list: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, [
      root,
    ]);
  }
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.isFile()) files.push(toPosix(relative(root, join(entry.parentPath, entry.name))));
  }
  return files.sort();
}

/** Refuses absolute paths and `..` parts: a source's paths stay inside it. */
export function checkRelative(file: string, where: string): void {
  if (file === '' || file.startsWith('/') || isAbsolute(file) || file.split(/[\\/]/).includes('..')) {
    throw new SegkitError('IO', `path ${JSON.stringify(file)} leaves the dataset folder`, [where]);
  }
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
