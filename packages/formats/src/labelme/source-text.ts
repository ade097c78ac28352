/**
 * Bytes → text and JSON for the formats that read through a FileSource, with errors that name the
 * file. Pure (TextDecoder and JSON only), so the same code runs in Node and in a browser.
 */
import { SegkitError } from '@segkit/core';
import { locate } from '../io/source-files.js';
import { decodeUtf8 } from '../io/text.js';
import type { FileSource } from '../registry/types.js';

/** The file as UTF-8 text (a BOM dropped); a read failure keeps its SegkitError or becomes one naming the file. */
export async function readText(source: FileSource, path: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await source.read(path);
  } catch (error) {
    if (error instanceof SegkitError) throw error;
    throw new SegkitError('IO', `cannot read: ${(error as Error).message}`, [where(source, path)]);
  }
  const text = decodeUtf8(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The file parsed as JSON; malformed JSON is INVALID_JSON naming the file. */
export async function readJson(source: FileSource, path: string): Promise<unknown> {
  const text = await readText(source, path);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SegkitError('INVALID_JSON', `malformed JSON: ${(error as Error).message}`, [where(source, path)]);
  }
}

/** How messages name a file of a source (the registry's one rule). */
export const where = locate;

const BASE64 = new Int16Array(256).fill(-1);
for (let i = 0; i < 64; i++) {
  BASE64['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;
}
BASE64['-'.charCodeAt(0)] = 62; // base64url, which some exporters use
BASE64['_'.charCodeAt(0)] = 63;

/**
 * Standard or URL-safe base64 → bytes; whitespace and padding are skipped. Undefined on any other
 * character (no atob: it throws a DOMException, which is no SegkitError).
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 3);
  let n = 0;
  let bits = 0;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 61 || c === 32 || c === 10 || c === 13 || c === 9) continue; // '=' and whitespace
    const v = c < 256 ? BASE64[c] : -1;
    if (v < 0) return undefined;
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (value >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}
