import { readFile } from 'node:fs/promises';
import { SegkitError } from '@segkit/core';
import { parseJson } from '@segkit/formats';

/** The bytes of a file, or a SegkitError naming it ("in.json: cannot read: ENOENT"). */
export async function readFileBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new SegkitError('IO', `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, [
      path,
    ]);
  }
}

/** Reads and parses a JSON file; a missing file or malformed JSON is a SegkitError naming the file. */
export async function readJsonFile(path: string): Promise<unknown> {
  // Parsed from a string, not bytes: JSON.parse of a large file is faster than a TextDecoder pass plus parse.
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SegkitError('IO', `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, [
      path,
    ]);
  }
  return parseJson(text, path);
}
