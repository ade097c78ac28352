/**
 * FileSource / FileSink doubles for the format tests: an in-memory tree (what a browser or the server
 * hands a format) and a read-only view of a folder on disk (the real datasets in ../shared).
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SegkitError } from '@segkit/core';
import type { FileSink, FileSource } from '../src/registry/types.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A source over `files` (path → bytes or text); `entry` names the one file of a single-file input. */
export function memorySource(files: Record<string, Uint8Array | string>, entry?: string, name = 'memory'): FileSource {
  const bytes = new Map<string, Uint8Array>();
  for (const [path, data] of Object.entries(files)) {
    bytes.set(path, typeof data === 'string' ? encoder.encode(data) : data);
  }
  return {
    name,
    ...(entry === undefined ? {} : { entry }),
    list: async () => [...bytes.keys()].sort(),
    read: async (path) => {
      const data = bytes.get(path);
      if (data === undefined) throw new SegkitError('IO', 'cannot read: ENOENT', [`${name}/${path}`]);
      return data;
    },
  };
}

/** A sink that keeps what is written; `text(path)` decodes a file written as bytes or text. */
export function memorySink(name = 'out'): FileSink & {
  files: Map<string, Uint8Array>;
  text(path: string): string;
  asSource(entry?: string): FileSource;
} {
  const files = new Map<string, Uint8Array>();
  return {
    name,
    files,
    write: async (path, data) => {
      files.set(path, typeof data === 'string' ? encoder.encode(data) : data);
    },
    text(path) {
      const data = files.get(path);
      if (data === undefined) throw new Error(`nothing written at ${path}; wrote ${[...files.keys()].join(', ')}`);
      return decoder.decode(data);
    },
    asSource(entry) {
      return memorySource(Object.fromEntries(files), entry, name);
    },
  };
}

/** A read-only source over a folder on disk (or one file in it, with `entry`). */
export function folderSource(root: string, entry?: string): FileSource {
  const walk = (dir: string, prefix: string, out: string[]) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path, `${prefix}${name}/`, out);
      else out.push(`${prefix}${name}`);
    }
    return out;
  };
  return {
    name: root,
    ...(entry === undefined ? {} : { entry }),
    list: async () => walk(root, '', []).sort(),
    read: async (path) => new Uint8Array(readFileSync(join(root, path))),
  };
}

/** A sink writing under a folder on disk (creating folders), for tests that read the files back. */
export function folderSink(root: string): FileSink {
  return {
    name: root,
    write: async (path, data) => {
      const target = join(root, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, data);
    },
  };
}
