import { crc32, inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePng, encodePng } from '../../src/io/png.js';
import { decodeSegmentIds, segmentIdsFromPng } from '../../src/panoptic/segment-ids.js';
import { writeTestPng } from '../io/png-writer.js';

const zlib = {
  inflate: (data: Uint8Array, maxLength: number) => inflateSync(data, { maxOutputLength: maxLength }),
  crc32,
};

/** RGB or RGBA bytes with runs of equal pixels (segments) and single odd pixels. */
function pixels(count: number, channels: number, seed: number): number[] {
  const out: number[] = [];
  let s = seed;
  for (let i = 0; i < count; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    for (let c = 0; c < channels; c++)
      out.push(i > 0 && s % 5 < 3 ? out[out.length - channels] : (s >>> (8 + c * 5)) & 255);
  }
  return out;
}

describe('decodeSegmentIds', () => {
  it('gives R + 256·G + 256²·B of every pixel of RGB and RGBA PNGs, interlaced or not, any filters (seed 73)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 23 }),
        fc.integer({ min: 1, max: 11 }),
        fc.constantFrom(2, 6),
        fc.boolean(),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (width, height, colorType, interlaced, filter, seed) => {
          const channels = colorType === 2 ? 3 : 4;
          const samples = pixels(width * height, channels, seed);
          const bytes = writeTestPng({ width, height, colorType, depth: 8, samples, interlaced, filter });
          const expected = Array.from({ length: width * height }, (_, i) => {
            const p = i * channels;
            return samples[p] + 256 * samples[p + 1] + 65536 * samples[p + 2];
          });
          for (const codec of [zlib, {}]) {
            const into = new Uint32Array(width * height + (seed % 3));
            const map = decodeSegmentIds(bytes, 'ids.png', { ...codec, into });
            expect(map.data.buffer).toBe(into.buffer);
            expect({ width: map.width, height: map.height }).toEqual({ width, height });
            expect(Array.from(map.data)).toEqual(expected);
            expect(Array.from(segmentIdsFromPng(decodePng(bytes, 'ids.png', codec), 'ids.png').data)).toEqual(expected);
          }
        },
      ),
      { seed: 73, numRuns: 300 },
    );
  });

  it('writes into `into` when it holds the image, and returns a new array when it does not', () => {
    const data = Uint8Array.from([1, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 1, 255, 255, 255, 3, 2, 1]);
    const bytes = encodePng({ width: 3, height: 2, channels: 3, depth: 8, data });
    const expected = [1, 2, 256, 65536, 16777215, 3 + 2 * 256 + 65536];
    const into = new Uint32Array(10).fill(9);
    const map = decodeSegmentIds(bytes, 'ids.png', { ...zlib, into });
    expect(map.data.buffer).toBe(into.buffer);
    expect(Array.from(map.data)).toEqual(expected);
    expect(Array.from(into)).toEqual([...expected, 9, 9, 9, 9]);
    const small = new Uint32Array(5);
    const fresh = decodeSegmentIds(bytes, 'ids.png', { into: small });
    expect(fresh.data.buffer).not.toBe(small.buffer);
    expect(Array.from(fresh.data)).toEqual(expected);
  });

  it('refuses a grey or palette PNG as segmentIdsFromPng does, before inflating it', () => {
    const grey = encodePng({ width: 2, height: 2, channels: 1, depth: 8, data: new Uint8Array(4) });
    expect(() => decodeSegmentIds(grey, 'grey.png')).toThrow(
      'grey.png: a panoptic PNG is 8-bit RGB, this one has 1 channel(s) of 8 bits',
    );
    const palette = encodePng({
      width: 2,
      height: 2,
      channels: 1,
      depth: 8,
      data: new Uint8Array(4),
      palette: [[0, 0, 0]],
    });
    expect(() => decodeSegmentIds(palette, 'palette.png')).toThrow('palette.png: a panoptic PNG is 8-bit RGB');
    const wide = encodePng({ width: 2, height: 2, channels: 3, depth: 16, data: new Uint16Array(12) });
    expect(() => segmentIdsFromPng(decodePng(wide, 'wide.png'), 'wide.png')).toThrow(
      'wide.png: a panoptic PNG is 8-bit RGB, this one has 3 channel(s) of 16 bits',
    );
  });
});
