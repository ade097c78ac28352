import { SegkitError } from '@segkit/core';
import type { FileSource } from '../registry/types.js';
import { jsonDepthExceeded, jsonLineAt, jsonPathAt, MAX_JSON_DEPTH } from './json-depth.js';
import { joinPath } from './paths.js';
import { decodeUtf8 } from './text.js';

/** How messages name `path` of `source`: its path on disk for a disk source, else `<source name>/<path>`. */
export function locate(source: FileSource, path: string): string {
  if (source.locate !== undefined) return source.locate(path);
  return path === source.entry ? source.name : joinPath(source.name, path);
}

/** How messages name a file of a source (`locate` by another name, as the codecs call it). */
export const where = locate;

/** Texts a detector read whole, waiting for the reader that comes next (read once, then dropped). */
const kept = new WeakMap<FileSource, Map<string, string>>();

/** Keeps the whole text of `path` for the next `readText` of it on the same source. */
export function keepTextForRead(source: FileSource, path: string, text: string): void {
  let texts = kept.get(source);
  if (texts === undefined) {
    texts = new Map();
    kept.set(source, texts);
  }
  texts.set(path, text);
}

/** The UTF-8 text of a file (a byte-order mark dropped); a read failure keeps its SegkitError or becomes one naming the file. */
export async function readText(source: FileSource, path: string): Promise<string> {
  const waiting = kept.get(source)?.get(path);
  if (waiting !== undefined) {
    kept.get(source)?.delete(path);
    return waiting;
  }
  let text: string;
  try {
    text = source.text ? await source.text(path) : decodeUtf8(await source.read(path));
  } catch (error) {
    if (error instanceof SegkitError) throw error;
    throw new SegkitError('IO', `cannot read: ${(error as Error).message}`, [locate(source, path)]);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Parses JSON bytes; malformed JSON, or JSON nested deeper than MAX_JSON_DEPTH (which would
 * overflow the stack of whatever walks or re-serialises it), is a SegkitError naming `name` and,
 * for the depth, the path to the value (`in.json: info.a.a…: nested more than 1,000 levels deep`).
 */
export function parseJson(bytes: Uint8Array | string, name: string): unknown {
  const text = typeof bytes === 'string' ? bytes : decodeUtf8(bytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SegkitError('INVALID_JSON', `malformed JSON: ${(error as Error).message}`, [name]);
  }
  const deep = jsonDepthExceeded(text);
  if (deep >= 0) {
    throw new SegkitError(
      'INVALID_JSON',
      `nested more than ${MAX_JSON_DEPTH.toLocaleString('en-US')} levels deep (line ${jsonLineAt(text, deep)}); ` +
        `segkit reads JSON nested at most ${MAX_JSON_DEPTH.toLocaleString('en-US')} levels`,
      [name, jsonPathAt(text, deep)],
    );
  }
  return value;
}

/** Reads and parses a JSON file of a source; errors name the file. */
export async function readJson(source: FileSource, path: string): Promise<unknown> {
  return parseJson(await readText(source, path), locate(source, path));
}

/** The files of `source` whose name (last part) passes `keep`, sorted as `list()` sorts them. */
export async function listMatching(source: FileSource, keep: (name: string) => boolean): Promise<string[]> {
  return (await source.list()).filter((path) => keep(path.slice(path.lastIndexOf('/') + 1)));
}
