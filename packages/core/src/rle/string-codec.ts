import { SegkitError } from '../errors.js';
import { showValue } from '../show-value.js';
import { checkSize } from '../size.js';
import { rleFromCounts } from './check.js';
import type { CocoRle, CocoUncompressedRle, Rle } from './types.js';

/*
 * COCO's compressed `counts` string (maskApi.c rleToString / rleFrString).
 *
 * Each count is written as a signed little-endian base-32 number, 5 bits per character plus 0x20 as
 * "more follows", offset by 48 so every character is in '0'..'o'. From the fourth count on (index 3,
 * not 2: cocoapi issue #596, kept for compatibility) the value written is the difference from the
 * count two places back, i.e. the previous run of the same colour, which keeps most values small.
 * Example: counts [2, 3, 1, 1] → "231N" (the last value is 1 - 3 = -2, chunk 30, 'N').
 */

const CHUNK = 32;
// 2^(5k) for k = 0..7: the weight of the k-th chunk. Seven chunks (35 bits) hold any uint32 delta.
const CHUNK_WEIGHT = [1, 32, 1024, 32768, 1048576, 33554432, 1073741824, 34359738368];
const MAX_CHUNKS = 7;

let charBuffer = new Uint8Array(4096);

/** An RLE's counts → COCO compressed string (the inverse of `rleFromString`). */
export function rleToString(rle: Pick<Rle, 'counts'>): string {
  const counts = rle.counts;
  // A uint32 delta needs at most 7 chunks.
  if (charBuffer.length < counts.length * 7) charBuffer = new Uint8Array(counts.length * 7);
  const out = charBuffer;
  let p = 0;
  for (let i = 0; i < counts.length; i++) {
    let x = i > 2 ? counts[i] - counts[i - 2] : counts[i];
    let more = true;
    if (x >= -0x40000000 && x < 0x40000000) {
      while (more) {
        let c = x & 0x1f;
        x >>= 5; // arithmetic shift, as in C
        more = (c & 0x10) !== 0 ? x !== -1 : x !== 0;
        if (more) c |= 0x20;
        out[p++] = c + 48;
      }
      continue;
    }
    while (more) {
      // Beyond int32: floor division is the same arithmetic shift.
      let c = x - Math.floor(x / CHUNK) * CHUNK;
      x = Math.floor(x / CHUNK);
      more = (c & 0x10) !== 0 ? x !== -1 : x !== 0;
      if (more) c |= 0x20;
      out[p++] = c + 48;
    }
  }
  return bytesToAscii(out, p);
}

// TextDecoder is a web-platform global in every JavaScript runtime we target (browsers, Node, Deno,
// Bun) and is 4x faster than String.fromCharCode for this; the fallback keeps the core runnable anywhere.
declare const TextDecoder: (new (label: string) => { decode(bytes: Uint8Array): string }) | undefined;
const latin1 = typeof TextDecoder === 'function' ? new TextDecoder('latin1') : undefined;

function bytesToAscii(bytes: Uint8Array, length: number): string {
  if (latin1 !== undefined) return latin1.decode(bytes.subarray(0, length));
  const STEP = 8192; // keep apply() argument counts well below engine limits
  let s = '';
  for (let i = 0; i < length; i += STEP) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(i + STEP, length)) as unknown as number[]);
  }
  return s;
}

/**
 * COCO compressed string → RLE of the given size. Rejects, with the position and character, anything
 * pycocotools would mis-read: characters outside '0'..'o', a value cut off mid-way, a value longer
 * than 7 chunks, a negative run, and counts that do not sum to h·w.
 */
export function rleFromString(counts: string, height: number, width: number): Rle {
  checkSize(height, width);
  if (typeof counts !== 'string') {
    throw new SegkitError('INVALID_RLE_STRING', `counts must be a string, got ${typeof counts}`);
  }
  const m = decodeCounts(counts, asciiBytes(counts), height, width);
  return { height, width, counts: decodeBuffer.slice(0, m) };
}

/**
 * `rleFromString` without the copy (for callers that only read the counts once, such as
 * `MaskBatch`): decodes into a reused buffer, `decodedCounts()`, and returns how many counts it holds.
 * The buffer is overwritten by the next decode.
 */
export function decodeCountsString(counts: string, height: number, width: number): number {
  checkSize(height, width);
  return decodeCounts(counts, asciiBytes(counts), height, width);
}

/** The buffer `decodeCountsString` decoded into. */
export function decodedCounts(): Uint32Array {
  return decodeBuffer;
}

/** Decodes the values into `decodeBuffer` with every check, naming the position of anything wrong; returns their number. */
function decodeCounts(counts: string, bytes: Uint8Array, height: number, width: number): number {
  const n = counts.length;
  if (decodeBuffer.length < n) decodeBuffer = new Uint32Array(n * 2);
  const runs = decodeBuffer;
  let m = 0;
  let p = 0;
  let sum = 0;
  // The last two values, kept in registers for the delta (value i adds value i-2, from i = 3).
  let twoBack = 0;
  let oneBack = 0;
  while (p < n) {
    const valueStart = p;
    let c = bytes[p++] - 48;
    if (c >>> 0 > 63) throw badCharacter(counts, p - 1);
    let x = c & 0x1f;
    if ((c & 0x20) === 0) {
      if ((c & 0x10) !== 0) x -= 32; // a one-character negative value
    } else {
      // Further chunks: int arithmetic while the value fits 30 bits, exact doubles beyond.
      let k = 1;
      do {
        if (p >= n) throw cutOff(counts, m, valueStart);
        if (k === MAX_CHUNKS) throw tooLong(m, valueStart);
        c = bytes[p++] - 48;
        if (c >>> 0 > 63) throw badCharacter(counts, p - 1);
        x += k < 6 ? (c & 0x1f) << (5 * k) : (c & 0x1f) * CHUNK_WEIGHT[k];
        k++;
      } while ((c & 0x20) !== 0);
      if ((c & 0x10) !== 0) x -= CHUNK_WEIGHT[k]; // sign-extend the last chunk
    }
    if (m > 2) x += twoBack;
    if (x >>> 0 !== x) throw outOfRange(m, valueStart, p, x); // negative, or 2^32 and beyond
    runs[m++] = x;
    sum += x;
    twoBack = oneBack;
    oneBack = x;
  }
  const pixels = height * width;
  if (m === 0 || sum !== pixels) {
    throw new SegkitError(
      'INVALID_RLE_STRING',
      m === 0
        ? `counts are empty; a [${height}, ${width}] mask needs runs summing to ${pixels}`
        : `counts sum to ${sum} but the mask is [${height}, ${width}] = ${pixels} pixels`,
    );
  }
  return m;
}

// Reading bytes from a Uint8Array is 2-3x faster than charCodeAt; TextEncoder (a web-platform global
// like TextDecoder) fills it natively. Any character above 0x7f becomes 0xff here, which the decoder
// rejects at that same position.
declare const TextEncoder:
  | (new () => { encodeInto(text: string, into: Uint8Array): { read: number; written: number } })
  | undefined;
const utf8 = typeof TextEncoder === 'function' ? new TextEncoder() : undefined;
let byteBuffer = new Uint8Array(4096);

function asciiBytes(text: string): Uint8Array {
  const n = text.length;
  if (byteBuffer.length < n) byteBuffer = new Uint8Array(n * 2);
  const bytes = byteBuffer;
  if (utf8 !== undefined) {
    const { read, written } = utf8.encodeInto(text, bytes);
    if (read === n && written === n) return bytes;
  }
  // Non-ASCII text (or no TextEncoder): one character per byte.
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    bytes[i] = code < 0x80 ? code : 0xff;
  }
  return bytes;
}

let decodeBuffer = new Uint32Array(4096);

function badCharacter(counts: string, p: number): SegkitError {
  return new SegkitError(
    'INVALID_RLE_STRING',
    `character ${p} is ${showValue(counts[p])} (code ${counts.charCodeAt(p)}); compressed counts use only '0'..'o'`,
  );
}

function cutOff(counts: string, m: number, valueStart: number): SegkitError {
  return new SegkitError(
    'INVALID_RLE_STRING',
    `value ${m} starting at character ${valueStart} is cut off: the string ends while its last character '${counts[counts.length - 1]}' says more follows`,
  );
}

function tooLong(m: number, valueStart: number): SegkitError {
  return new SegkitError(
    'INVALID_RLE_STRING',
    `value ${m} starting at character ${valueStart} is longer than ${MAX_CHUNKS} characters, more than any uint32 run needs`,
  );
}

function outOfRange(m: number, valueStart: number, end: number, x: number): SegkitError {
  return new SegkitError(
    'INVALID_RLE_STRING',
    `value ${m} (characters ${valueStart}..${end - 1}) decodes to run length ${x}, outside [0, 2^32)`,
  );
}

/** RLE → COCO JSON `{size: [h, w], counts: "..."}`. */
export function toCocoRle(rle: Rle): CocoRle {
  return { size: [rle.height, rle.width], counts: rleToString(rle) };
}

/** COCO JSON compressed or uncompressed RLE → checked RLE (size from the object itself). */
export function fromCocoRle(obj: CocoRle | CocoUncompressedRle): Rle {
  if (obj === null || typeof obj !== 'object' || !Array.isArray(obj.size) || obj.size.length !== 2) {
    throw new SegkitError('INVALID_RLE', `an RLE needs "size": [h, w] and "counts", got ${preview(obj)}`);
  }
  const [h, w] = obj.size;
  if (typeof obj.counts === 'string') return rleFromString(obj.counts, h, w);
  if (Array.isArray(obj.counts)) return rleFromCounts(obj.counts, h, w);
  throw new SegkitError('INVALID_RLE', `"counts" must be a string or a list of integers, got ${preview(obj.counts)}`);
}

/** RLE → COCO JSON uncompressed form `{size, counts: [..]}`. */
export function toUncompressedCocoRle(rle: Rle): CocoUncompressedRle {
  return { size: [rle.height, rle.width], counts: Array.from(rle.counts) };
}

const preview = (value: unknown): string => showValue(value, 80);
