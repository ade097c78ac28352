import { constants } from 'node:buffer';
import { type FileHandle, open } from 'node:fs/promises';
import { checkLimit, type Limits, SegkitError } from '@segkit/core';
import { parseJson } from '@segkit/formats';

/**
 * The longest string V8 makes (2^29 − 24 UTF-16 units in 64-bit Node 20, about 512 MiB): a JSON or
 * XML text is parsed from one string, so a larger file cannot be read as text at all.
 */
export const MAX_TEXT_BYTES: number = constants.MAX_STRING_LENGTH;

const mib = (bytes: number): string => `${Math.round(bytes / 2 ** 20).toLocaleString('en-US')} MiB`;

/**
 * Opens `path`, checks its size (fstat, on the open file) against `limits.maxFileBytes` and, for
 * text, against the string limit, and only then reads it: nothing of a file over a limit is read.
 * Errors name `name` (the path as the user would type it; default `path`).
 */
async function readChecked(
  path: string,
  limits: Partial<Limits> | undefined,
  text: boolean,
  name: string,
): Promise<Uint8Array | string> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw ioError(error, name);
  }
  try {
    const { size } = await handle.stat().catch((error: unknown) => {
      throw ioError(error, name);
    });
    try {
      checkLimit('maxFileBytes', size, limits, 'the file');
    } catch (error) {
      throw (error as SegkitError).withContext(name);
    }
    if (text && size > MAX_TEXT_BYTES) {
      throw new SegkitError(
        'LIMIT',
        `is ${mib(size)}; JSON and XML inputs over ${mib(MAX_TEXT_BYTES)} cannot be parsed in one string (the JavaScript engine's limit); split the file`,
        [name],
      );
    }
    return await (text ? handle.readFile('utf8') : handle.readFile()).catch((error: unknown) => {
      throw ioError(error, name);
    });
  } finally {
    await handle.close();
  }
}

function ioError(error: unknown, name: string): SegkitError {
  if (error instanceof SegkitError) return error;
  const code = (error as NodeJS.ErrnoException)?.code ?? (error as Error)?.message ?? String(error);
  return new SegkitError('IO', `cannot read: ${code}`, [name]);
}

/** The bytes of a file, or a SegkitError naming it ("in.json: cannot read: ENOENT"); a file over `maxFileBytes` is refused unread. */
export async function readFileBytes(path: string, limits?: Partial<Limits>, name = path): Promise<Uint8Array> {
  return (await readChecked(path, limits, false, name)) as Uint8Array;
}

/**
 * A file as UTF-8 text (Node's decoding as it reads: a 27 MB COCO file in about 100 ms, where
 * reading the bytes and decoding them with TextDecoder takes about twice that); a file over
 * `maxFileBytes`, or over the string limit, is refused unread with a LIMIT error saying why.
 */
export async function readFileText(path: string, limits?: Partial<Limits>, name = path): Promise<string> {
  return (await readChecked(path, limits, true, name)) as string;
}

/** Reads and parses a JSON file; a missing file, one over a limit, or malformed JSON is a SegkitError naming the file. */
export async function readJsonFile(path: string, limits?: Partial<Limits>): Promise<unknown> {
  // Parsed from a string, not bytes: JSON.parse of a large file is faster than a TextDecoder pass plus parse.
  return parseJson(await readFileText(path, limits), path);
}
