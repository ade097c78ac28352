/** An in-memory FileSource / FileSink pair: what a writer put in the sink, a reader reads back. */
import { SegkitError } from '@segkit/core';
import type { FileSink, FileSource } from '../../src/index.js';

export interface MemorySink extends FileSink {
  readonly files: Map<string, Uint8Array>;
}

export function memorySink(name = 'out'): MemorySink {
  const files = new Map<string, Uint8Array>();
  return {
    name,
    files,
    async write(path, data) {
      if (path.startsWith('/') || path.split('/').includes('..')) {
        throw new SegkitError('IO', `path ${path} leaves the sink`, [name]);
      }
      files.set(path, typeof data === 'string' ? new TextEncoder().encode(data) : data.slice());
    },
  };
}

/** A source over `files`; with `entry`, a single-file input (a JSON, an XML) inside that tree. */
export function memorySource(files: ReadonlyMap<string, Uint8Array>, name = 'in', entry?: string): FileSource {
  return {
    name,
    ...(entry === undefined ? {} : { entry }),
    async list() {
      return [...files.keys()].sort();
    },
    async read(path) {
      const bytes = files.get(path);
      if (bytes === undefined) throw new SegkitError('IO', 'cannot read: ENOENT', [`${name}/${path}`]);
      return bytes;
    },
  };
}

/** A source of text files, for detection and reader tests. */
export function textSource(texts: Record<string, string>, entry?: string): FileSource {
  const files = new Map(Object.entries(texts).map(([path, text]) => [path, new TextEncoder().encode(text)]));
  return memorySource(files, entry ?? 'in', entry);
}
