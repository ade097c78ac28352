import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import type { BlobStore } from '../storage/blob-store.js';
import type { EntryParts, ExportPartOutput } from './write-zip.js';

/** A file added after the parts (qa.json, report.html). */
export interface ExtraFile {
  path: string;
  data: Uint8Array;
}

export interface StreamedZip {
  /** Bytes stored. */
  bytes: number;
  /** Entries in the zip. */
  files: number;
  /** The parts' summaries as one: their counts added when every part says the same sentence. */
  summary: string;
}

const MTIME = new Date(0);

/**
 * Streams an export into the blob store under `key`, one part (a slice of the images) at a time:
 * each part's files go into the zip as they come (`yazl`, deflated on libuv's threads) and the zip
 * goes out as it is made (`BlobStore.putStream`), so memory holds one part, the pipes' buffers and
 * the zip's central directory (a few hundred bytes per entry), never the whole export.
 *
 * A format's main JSON (`annotations.json`, `panoptic.json`) is one entry made of every part: each
 * part's arrays (`images`, `annotations`) are appended to a temporary file per key, and the entry
 * is streamed from them at the end, spliced into the text the writer would have written for the
 * whole dataset (compact JSON: `{"info":…,"images":[…],"annotations":[…],"categories":[…]}`).
 * Non-array values (info, categories) must be the same in every part.
 *
 * Entries are in the order they are written: each part's files in the writer's order, then the
 * main JSON (after the PNGs it names, as `segkit convert` writes panoptic), then `extra`. A file
 * every part writes alike (`classes.json`) is written once; a path two parts write differently is
 * an error. On any failure nothing is left in the store (see `putStream`) and the temporary files
 * are removed.
 */
export async function streamExportZip(
  store: BlobStore,
  key: string,
  parts: AsyncIterable<ExportPartOutput>,
  extra: () => ExtraFile[],
): Promise<StreamedZip> {
  const zip = new ZipFile();
  // Its errors reach us through `put`; a listener here keeps one that comes before the store has
  // attached its own from being an uncaught exception.
  (zip.outputStream as Readable).on('error', () => {});
  const put = store.putStream(key, zip.outputStream as Readable);
  // The store stops reading when it fails: every wait below races that, so nothing waits on a
  // pipe no one drains.
  let failure: unknown;
  const failed = new Promise<never>((_, reject) => {
    put.catch((error: unknown) => {
      failure ??= error;
      reject(error);
    });
    zip.on('error', (error: unknown) => {
      failure ??= error;
      reject(error);
    });
  });
  failed.catch(() => {});
  const folder = await mkdtemp(join(tmpdir(), 'segkit-export-'));
  const spliced = new EntrySplicer(folder);
  try {
    const seen = new Set<string>();
    /** Digests of the first part's files: a later part may write one again, the same. */
    const firstPart = new Map<string, string>();
    let summaries: string[] = [];
    let partIndex = 0;
    let files = 0;
    for await (const part of parts) {
      let last: Readable | undefined;
      for (const { path, data } of part.files) {
        const digest = partIndex === 0 ? sha256(data) : undefined;
        if (seen.has(path)) {
          if (firstPart.get(path) === sha256(data)) continue;
          throw new Error(`the export wrote ${path} twice with different contents`);
        }
        seen.add(path);
        if (digest !== undefined) firstPart.set(path, digest);
        last = Readable.from([Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
        zip.addReadStream(last, path, { mtime: MTIME });
        files++;
      }
      if (part.entry !== undefined) await spliced.add(part.entry);
      summaries = addSummary(summaries, part.summary);
      partIndex++;
      // Wait for the zip to take this part's files, so at most one part is held at a time.
      if (last !== undefined) await Promise.race([finished(last), failed]);
    }
    if (spliced.path !== undefined) {
      if (seen.has(spliced.path)) throw new Error(`the export wrote ${spliced.path} twice`);
      zip.addReadStream(Readable.from(spliced.text()), spliced.path, { mtime: MTIME });
      files++;
    }
    for (const { path, data } of extra()) {
      zip.addReadStream(Readable.from([Buffer.from(data.buffer, data.byteOffset, data.byteLength)]), path, {
        mtime: MTIME,
      });
      files++;
    }
    zip.end();
    const bytes = await Promise.race([put, failed]);
    return { bytes, files, summary: summaries.join('; ') };
  } catch (error) {
    const cause = failure ?? error;
    // The body fails, so the store removes what it had (a temporary file, a multipart upload).
    (zip.outputStream as Readable).destroy(cause instanceof Error ? cause : new Error(String(cause)));
    await put.catch(() => {});
    throw cause;
  } finally {
    await spliced.close();
    await rm(folder, { recursive: true, force: true });
  }
}

interface SplicedKey {
  key: string;
  array: boolean;
  /** A non-array value's text. */
  text: string;
  /** An array's elements so far, ',' between them. */
  file?: string;
  handle?: FileHandle;
  empty: boolean;
}

/** The main JSON's parts, arrays kept in a temporary file per key until the entry is streamed. */
class EntrySplicer {
  path: string | undefined;
  readonly #folder: string;
  #keys: SplicedKey[] = [];

  constructor(folder: string) {
    this.#folder = folder;
  }

  async add(entry: EntryParts): Promise<void> {
    if (this.path === undefined) {
      this.path = entry.path;
      for (const [i, { key, array, text }] of entry.keys.entries()) {
        if (!array) {
          this.#keys.push({ key, array, text, empty: true });
          continue;
        }
        const file = join(this.#folder, `${i}.json`);
        this.#keys.push({ key, array, text: '', file, handle: await open(file, 'wx'), empty: true });
      }
    }
    const same =
      entry.path === this.path &&
      entry.keys.length === this.#keys.length &&
      entry.keys.every((k, i) => k.key === this.#keys[i]?.key && k.array === this.#keys[i]?.array);
    if (!same) throw new Error(`the parts of ${entry.path} have different keys`);
    for (const [i, part] of entry.keys.entries()) {
      const into = this.#keys[i] as SplicedKey;
      if (!into.array) {
        if (into.text !== part.text) throw new Error(`the parts of ${entry.path} differ in "${part.key}"`);
        continue;
      }
      if (part.text === '') continue;
      await (into.handle as FileHandle).write(into.empty ? part.text : `,${part.text}`);
      into.empty = false;
    }
  }

  /** The whole entry's text, the arrays read back from their files. */
  async *text(): AsyncGenerator<Buffer> {
    for (const handle of this.#keys.map((k) => k.handle)) await handle?.sync();
    for (const [i, { key, array, text, file }] of this.#keys.entries()) {
      yield Buffer.from(`${i === 0 ? '{' : ','}${JSON.stringify(key)}:${array ? '[' : text}`);
      if (array) {
        for await (const chunk of createReadStream(file as string)) yield chunk as Buffer;
        yield Buffer.from(']');
      }
    }
    yield Buffer.from(this.#keys.length === 0 ? '{}' : '}');
  }

  async close(): Promise<void> {
    for (const k of this.#keys) await k.handle?.close();
    this.#keys = [];
  }
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Adds a part's summary: counts summed into the previous sentence when the words are the same. */
function addSummary(summaries: string[], next: string): string[] {
  const last = summaries[summaries.length - 1];
  const words = (s: string) => s.replace(/\d+/g, '#');
  if (last === undefined || words(last) !== words(next)) return [...summaries, next];
  const add = (next.match(/\d+/g) ?? []).map(Number);
  let i = 0;
  const summed = last.replace(/\d+/g, (n) => String(Number(n) + (add[i++] ?? 0)));
  return [...summaries.slice(0, -1), summed];
}
