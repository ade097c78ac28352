import { readText } from '../io/source-files.js';
import { decodeUtf8 } from '../io/text.js';
import type { FileSource } from './types.js';

/** Bytes of a file looked at to tell formats apart: its first 64 KiB. */
const HEAD = 64 * 1024;

/** The start of a file as text; `whole` when that is the entire file. */
export interface Head {
  text: string;
  whole: boolean;
}

/** The first bytes of a file as text (where the source can read part of a file, only those are read). */
export async function headText(source: FileSource, path: string): Promise<Head> {
  const bytes = source.head ? await source.head(path, HEAD) : (await source.read(path)).subarray(0, HEAD);
  return { text: decodeUtf8(bytes), whole: bytes.length < HEAD };
}

/** The single file a one-file format reads: the source's entry, if it ends with one of `extensions`. */
export function entryWith(source: FileSource, ...extensions: string[]): string | undefined {
  const entry = source.entry;
  if (entry === undefined) return undefined;
  const lower = entry.toLowerCase();
  return extensions.some((extension) => lower.endsWith(extension)) ? entry : undefined;
}

/** The first character that is not white space (`{` for a JSON object, `[` for a list). */
export function firstSymbol(text: string): string {
  const match = /\S/.exec(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  return match === null ? '' : match[0];
}

/**
 * Whether a JSON file holds `"key"` anywhere, reading only the head when it says so already. COCO
 * keeps "images" first, so a panoptic file's "segments_info" may be past the head: then the
 * whole text is searched (no parse).
 */
export async function jsonHasKey(source: FileSource, path: string, key: string, head: Head): Promise<boolean> {
  const quoted = `"${key}"`;
  if (head.text.includes(quoted)) return true;
  if (head.whole) return false;
  return (await readText(source, path)).includes(quoted);
}
