import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { crc32, inflateSync } from 'node:zlib';
import { isSegkitError } from '@segkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePng, decodePngPortable, encodePng, type PngImage } from '../../src/io/png.js';
import { decodePngNative } from '../../src/io/png-inflate.js';
import { decodeSegmentIds, segmentIdsFromPng } from '../../src/panoptic/segment-ids.js';

/** The inflate and CRC the Node layer hands the decoder (jobs' nodePngCodec). */
const zlib = { inflate: (data: Uint8Array) => inflateSync(data), crc32: (data: Uint8Array) => crc32(data) };
/** The same inflate with the CRCs checked in JavaScript, as a browser without a native crc32 does. */
const zlibPortableCrc = { inflate: zlib.inflate };

/*
 * The native-zlib PNG path must decode exactly what fast-png decodes, and leave to fast-png (and its
 * errors) whatever it does not handle or finds damaged.
 */

const DATASETS = new URL('../../../../../shared/datasets/', import.meta.url).pathname;
const present = existsSync(DATASETS);
if (!present) console.warn(`skipping the PNG check on real files: ${DATASETS} is absent`);

const same = (a: PngImage, b: PngImage) => {
  expect({ ...a, data: undefined }).toEqual({ ...b, data: undefined });
  expect(a.data.constructor).toBe(b.data.constructor);
  // Buffer.equals: vitest's deep equality walks a megapixel array element by element.
  const bytes = (x: PngImage) => Buffer.from(x.data.buffer, x.data.byteOffset, x.data.byteLength);
  expect(bytes(a).equals(bytes(b))).toBe(true);
};

describe('decodePngNative', () => {
  it.skipIf(!present)('decodes every PNG of ../shared/datasets exactly as fast-png does', () => {
    const files = execFileSync('find', [DATASETS, '-name', '*.png'], { encoding: 'utf8' }).trim().split('\n');
    expect(files.length).toBeGreaterThan(1000);
    let native = 0;
    for (const file of files) {
      const bytes = readFileSync(file);
      const fast = decodePngNative(bytes, zlib);
      if (fast === undefined) continue;
      native++;
      same(fast, decodePngPortable(bytes, file));
      if (native % 50 === 0) same(decodePngNative(bytes, zlibPortableCrc) as PngImage, fast);
    }
    // All of them are 8-bit, not interlaced, without palette transparency.
    expect(native).toBe(files.length);
  });

  it('decodes random 8- and 16-bit grey, grey+alpha, RGB and RGBA images exactly (seed 71)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 17 }),
        fc.integer({ min: 1, max: 13 }),
        fc.constantFrom(1, 2, 3, 4),
        fc.constantFrom(8, 16),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (width, height, channels, depth, seed) => {
          const n = width * height * channels;
          const data = depth === 8 ? new Uint8Array(n) : new Uint16Array(n);
          let s = seed;
          for (let i = 0; i < n; i++) {
            s = (s * 1103515245 + 12345) >>> 0;
            // Runs of equal values and noise, so every row filter gets chosen somewhere.
            data[i] = i % 7 < 3 ? data[Math.max(0, i - channels)] : s >>> (depth === 8 ? 24 : 16);
          }
          const bytes = encodePng({ width, height, channels, depth, data });
          const decoded = decodePngNative(bytes, zlib);
          expect(decoded).toBeDefined();
          same(decoded as PngImage, decodePngPortable(bytes, 'random.png'));
          expect(Array.from((decoded as PngImage).data)).toEqual(Array.from(data));
        },
      ),
      { seed: 71, numRuns: 200 },
    );
  });

  it('decodes a palette image to its indices and palette, as fast-png', () => {
    const palette = [
      [0, 0, 0],
      [128, 0, 0],
      [0, 128, 0],
    ];
    const data = Uint8Array.from({ length: 35 }, (_, i) => i % 3);
    const bytes = encodePng({ width: 7, height: 5, channels: 1, depth: 8, data, palette });
    const decoded = decodePngNative(bytes, zlib) as PngImage;
    expect(decoded.palette).toEqual(palette);
    same(decoded, decodePngPortable(bytes, 'palette.png'));
  });

  it('damaged PNGs: the same image as fast-png or a SegkitError, never anything else (seed 72)', () => {
    const data = Uint8Array.from({ length: 12 * 9 * 3 }, (_, i) => (i * 37) % 251);
    const good = encodePng({ width: 12, height: 9, channels: 3, depth: 8, data });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: 0, max: good.length - 1 }).map((cut) => good.slice(0, cut)),
          fc.tuple(fc.integer({ min: 0, max: good.length - 1 }), fc.integer({ min: 1, max: 255 })).map(([at, flip]) => {
            const bytes = good.slice();
            bytes[at] ^= flip;
            return bytes;
          }),
        ),
        (bytes) => {
          let expected: PngImage | undefined;
          try {
            expected = decodePngPortable(bytes, 'damaged.png');
          } catch (error) {
            expect(isSegkitError(error)).toBe(true);
          }
          for (const codec of [zlib, zlibPortableCrc]) {
            let actual: PngImage | undefined;
            try {
              actual = decodePng(bytes, 'damaged.png', codec);
            } catch (error) {
              expect(isSegkitError(error)).toBe(true);
              expect((error as Error).message).toContain('damaged.png');
            }
            if (expected === undefined) expect(actual).toBeUndefined();
            else same(actual as PngImage, expected);
          }
        },
      ),
      { seed: 72, numRuns: 600 },
    );
  });
});

describe('decodeSegmentIds', () => {
  it('decodeSegmentIds gives the ids of segmentIdsFromPng(decodePng) for random RGB and RGBA PNGs (seed 73)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 19 }),
        fc.integer({ min: 1, max: 11 }),
        fc.constantFrom(3, 4),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (width, height, channels, seed) => {
          const data = new Uint8Array(width * height * channels);
          let s = seed;
          for (let i = 0; i < data.length; i++) {
            s = (s * 1103515245 + 12345) >>> 0;
            data[i] = i % 5 < 2 ? data[Math.max(0, i - channels)] : s >>> 24;
          }
          const bytes = encodePng({ width, height, channels, depth: 8, data });
          const expected = segmentIdsFromPng(decodePngPortable(bytes, 'ids.png'), 'ids.png');
          expect(decodeSegmentIds(bytes, 'ids.png', zlib)).toEqual(expected);
        },
      ),
      { seed: 73, numRuns: 150 },
    );
  });

  it('decodeSegmentIds refuses a grey PNG the way segmentIdsFromPng does', () => {
    const bytes = encodePng({ width: 2, height: 2, channels: 1, depth: 8, data: new Uint8Array(4) });
    expect(() => decodeSegmentIds(bytes, 'grey.png')).toThrow('grey.png: a panoptic PNG is 8-bit RGB');
  });
});
