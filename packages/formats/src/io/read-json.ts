import { readFile } from 'node:fs/promises';
import { SegkitError } from '@segkit/core';

/** Reads and parses a JSON file; a missing file or malformed JSON is a SegkitError naming the file. */
export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SegkitError('IO', `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, [
      path,
    ]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SegkitError('INVALID_JSON', `malformed JSON: ${(error as Error).message}`, [path]);
  }
}
