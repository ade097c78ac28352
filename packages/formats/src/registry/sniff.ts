import { keepTextForRead, readText } from '../io/source-files.js';
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

const decided = new WeakMap<FileSource, Map<string, string | undefined>>();

/**
 * Which of `keys` (quoted JSON keys) a JSON file holds first, looking at the head, then at the whole
 * text (no parse); undefined when none. A COCO panoptic file's annotations hold "segments_info", an
 * instances file's "segmentation", and both may lie past megabytes of "images". The answer is
 * remembered per source, so several formats' detectors read the file once, and a whole text read
 * here is kept for the reader that comes next (`keepTextForRead`), so a file is decoded once.
 */
export async function firstKey(
  source: FileSource,
  path: string,
  keys: readonly string[],
  head: Head,
): Promise<string | undefined> {
  const memo = `${path}\u0000${keys.join('\u0000')}`;
  let known = decided.get(source);
  if (known?.has(memo)) return known.get(memo);
  const find = (text: string) => {
    let best: string | undefined;
    let at = Number.POSITIVE_INFINITY;
    for (const key of keys) {
      const index = text.indexOf(`"${key}"`);
      if (index >= 0 && index < at) [best, at] = [key, index];
    }
    return best;
  };
  let found = find(head.text);
  if (found === undefined && !head.whole) {
    const text = await readText(source, path);
    keepTextForRead(source, path, text);
    found = find(text);
  }
  if (known === undefined) {
    known = new Map();
    decided.set(source, known);
  }
  known.set(memo, found);
  return found;
}

/** The keys that tell a COCO panoptic JSON from an instances one. */
export const PANOPTIC_OR_INSTANCES = ['segments_info', 'segmentation'] as const;
