import { SegkitError } from '../errors.js';
import { checkSize } from '../size.js';
import { checkRle, rleFromCounts } from './check.js';
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

/** RLE counts → COCO compressed string. */
export function countsToString(counts: Uint32Array): string {
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
  const n = counts.length;
  const runs = new Uint32Array(n);
  let m = 0;
  let p = 0;
  while (p < n) {
    const valueStart = p;
    let x = 0;
    let k = 0;
    let more = true;
    while (more) {
      if (p >= n) {
        throw new SegkitError(
          'INVALID_RLE_STRING',
          `value ${m} starting at character ${valueStart} is cut off: the string ends while its last character '${counts[p - 1]}' says more follows`,
        );
      }
      if (k === MAX_CHUNKS) {
        throw new SegkitError(
          'INVALID_RLE_STRING',
          `value ${m} starting at character ${valueStart} is longer than ${MAX_CHUNKS} characters, more than any uint32 run needs`,
        );
      }
      const code = counts.charCodeAt(p);
      const c = code - 48;
      if (c < 0 || c > 63) {
        throw new SegkitError(
          'INVALID_RLE_STRING',
          `character ${p} is ${JSON.stringify(counts[p])} (code ${code}); compressed counts use only '0'..'o'`,
        );
      }
      x += (c & 0x1f) * CHUNK_WEIGHT[k];
      more = (c & 0x20) !== 0;
      p++;
      k++;
      if (!more && (c & 0x10) !== 0) x -= CHUNK_WEIGHT[k]; // sign-extend the last chunk
    }
    if (m > 2) x += runs[m - 2];
    if (x < 0 || x > 0xffffffff) {
      throw new SegkitError(
        'INVALID_RLE_STRING',
        `value ${m} (characters ${valueStart}..${p - 1}) decodes to run length ${x}, outside [0, 2^32)`,
      );
    }
    runs[m++] = x;
  }
  const rle = { height, width, counts: runs.slice(0, m) };
  try {
    return checkRle(rle);
  } catch (error) {
    throw new SegkitError('INVALID_RLE_STRING', (error as Error).message);
  }
}

/** RLE → COCO JSON `{size: [h, w], counts: "..."}`. */
export function toCocoRle(rle: Rle): CocoRle {
  return { size: [rle.height, rle.width], counts: countsToString(rle.counts) };
}

/** COCO JSON compressed or uncompressed RLE → checked RLE (size from the object itself). */
export function fromCocoRle(obj: CocoRle | CocoUncompressedRle): Rle {
  if (obj === null || typeof obj !== 'object' || !Array.isArray(obj.size) || obj.size.length !== 2) {
    throw new SegkitError('INVALID_RLE', `an RLE needs "size": [h, w] and "counts", got ${preview(obj)}`);
  }
  const [h, w] = obj.size;
  if (typeof obj.counts === 'string') return rleFromString(obj.counts, h, w);
  if (Array.isArray(obj.counts)) return rleFromCounts(h, w, obj.counts);
  throw new SegkitError('INVALID_RLE', `"counts" must be a string or a list of integers, got ${preview(obj.counts)}`);
}

/** RLE → COCO JSON uncompressed form `{size, counts: [..]}`. */
export function toUncompressedCocoRle(rle: Rle): CocoUncompressedRle {
  return { size: [rle.height, rle.width], counts: Array.from(rle.counts) };
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
