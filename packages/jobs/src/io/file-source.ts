import { realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { type Limits, SegkitError } from '@segkit/core';
import type { FileSource } from '@segkit/formats';
import { specialKind } from './atomic-write.js';
import { listRegularFiles, toPosix } from './list-files.js';
import { readFileBytes, readFileText } from './read-json.js';
import { openRegularFile } from './regular-file.js';

/**
 * A FileSource over a folder, or over one file (its `entry`, inside the file's folder), on disk.
 * Paths are relative and '/'-separated; a path with `..`, an absolute one, or one whose real path
 * (symlinks resolved) leaves the root is refused, so a dataset cannot make us read outside it.
 * Messages name files as `join(root, path)`, the way the user typed the root. Every file is sized
 * before it is read (`limits.maxFileBytes`, and the string limit for text: read-json.ts). Only regular
 * files and folders are read: a FIFO, socket or device, as the input or inside it, is refused (NOT_A_FILE).
 */
export async function openFileSource(
  path: string,
  options: { root?: string; limits?: Partial<Limits> } = {},
): Promise<FileSource> {
  const { limits } = options;
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new SegkitError('IO', `cannot read: ${error.code ?? error.message}`, [path]);
  });
  if (!info.isFile() && !info.isDirectory()) {
    throw new SegkitError('NOT_A_FILE', `is ${specialKind(info)}, not a regular file or folder`, [path]);
  }
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
      throw new SegkitError('UNSAFE_PATH', `is a link that leaves ${root}`, [locate(file)]);
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
      const handle = await openRegularFile(await resolve(file)).catch((error: unknown) => rename(error, file, locate));
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

/**
 * Refuses absolute paths and `..` parts, so a source's paths stay inside it, and NUL or other control
 * characters (Node's fs calls throw on NUL), so a name from data reaches no file system call unchecked.
 */
export function checkRelative(file: string, where: string): void {
  if (file === '' || file.startsWith('/') || isAbsolute(file) || file.split(/[\\/]/).includes('..')) {
    throw new SegkitError('UNSAFE_PATH', `path ${JSON.stringify(file)} leaves the dataset folder`, [where]);
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(file)) {
    throw new SegkitError('UNSAFE_PATH', `path ${JSON.stringify(file)} holds a control character`, [where]);
  }
}

/** The reads name the absolute path they opened; messages name the file as the source does. */
function rename(error: unknown, file: string, locate: (file: string) => string): never {
  if (error instanceof SegkitError && (error.code === 'IO' || error.code === 'NOT_A_FILE')) {
    throw new SegkitError(error.code, error.detail, [locate(file)]);
  }
  throw error;
}
