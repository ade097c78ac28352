/**
 * FileSource / FileSink over paths on disk, for the formats that read and write through them
 * (labelme, CVAT, Label Studio, Cityscapes). A stopgap until the CLI goes through @segkit/jobs' own.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SegkitError } from '@segkit/core';
import { type FileSink, type FileSource, writeFileAtomic } from '@segkit/formats';

const ioError = (error: unknown, verb: string, path: string) =>
  new SegkitError('IO', `cannot ${verb}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, [path]);

/** A folder (every file under it) or one file (its `entry`, with its folder's files beside it). */
export async function pathSource(input: string): Promise<FileSource> {
  let isFile = false;
  try {
    isFile = (await stat(input)).isFile();
  } catch (error) {
    throw ioError(error, 'read', input);
  }
  const root = isFile ? dirname(input) : input;
  return {
    name: input,
    ...(isFile ? { entry: basename(input) } : {}),
    async list() {
      let entries: string[];
      try {
        entries = isFile
          ? await readdir(root)
          : ((await readdir(root, { recursive: true })) as string[]).map((p) => p.split('\\').join('/'));
      } catch (error) {
        throw ioError(error, 'list', root);
      }
      const files: string[] = [];
      for (const path of entries) if ((await stat(join(root, path))).isFile()) files.push(path);
      return files.sort();
    },
    async read(path) {
      try {
        return await readFile(join(root, path));
      } catch (error) {
        throw ioError(error, 'read', isFile && path === basename(input) ? input : join(root, path));
      }
    },
  };
}

/** Files written atomically under `root`. */
export function pathSink(root: string): FileSink {
  return {
    name: root,
    write: (path, data) => writeFileAtomic(join(root, path), [data]),
  };
}
