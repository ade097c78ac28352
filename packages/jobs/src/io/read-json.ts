import { parseJson } from '@segkit/formats';
import { readRegularFile } from './regular-file.js';

/**
 * The bytes of a file, or a SegkitError naming it ("in.json: cannot read: ENOENT"); a FIFO, socket
 * or device is refused (NOT_A_FILE) without waiting on it.
 */
export async function readFileBytes(path: string): Promise<Uint8Array> {
  return readRegularFile(path);
}

/** Reads and parses a JSON file; a missing file or malformed JSON is a SegkitError naming the file. */
export async function readJsonFile(path: string): Promise<unknown> {
  // Parsed from a string, not bytes: JSON.parse of a large file is faster than a TextDecoder pass plus parse.
  return parseJson(await readRegularFile(path, 'utf8'), path);
}
