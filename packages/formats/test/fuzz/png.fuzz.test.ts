/**
 * Fuzz of the PNG decoder and what reads its output (class-index label maps, panoptic segment ids,
 * the header sniffer): on mutated valid PNGs of every kind (bits flipped, the file cut short, chunk
 * lengths and CRCs damaged, header fields changed with the CRC made right again so the damage gets
 * past the CRC check, the zlib stream damaged, chunks dropped, doubled or swapped) and on random
 * bytes, each either decodes or is refused with a SegkitError, never another exception (see
 * harness.ts). Both inflates: node:zlib's (what the CLI hands in) and the portable one. Seed 1006.
 */
import { constants, crc32, inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { imageSize } from '../../src/io/image-size.js';
import { decodePng, type PngCodec } from '../../src/io/png.js';
import { decodeSegmentIds, segmentIdsFromPng } from '../../src/panoptic/segment-ids.js';
import { labelMapFromPng } from '../../src/semantic/label-map.js';
import { CHANNELS, type TestPng, writeTestPng } from '../io/png-writer.js';
import { FUZZ_LIMITS, fuzzParameters, Outcomes, RUNS } from './harness.js';

const nodeZlib: PngCodec = {
  inflate: (data, maxLength) =>
    inflateSync(data, {
      chunkSize: Math.max(64, maxLength + 1),
      maxOutputLength: Math.max(1, maxLength),
      finishFlush: constants.Z_SYNC_FLUSH,
    }),
  crc32,
};

/** Valid PNGs of every colour type and depth, interlaced or not, small (up to 9×7), in one or two IDATs. */
const BASES: Uint8Array[] = [];
{
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed >>> 8;
  };
  const kinds: [number, number][] = [
    [0, 1],
    [0, 2],
    [0, 4],
    [0, 8],
    [0, 16],
    [2, 8],
    [2, 16],
    [3, 1],
    [3, 2],
    [3, 4],
    [3, 8],
    [4, 8],
    [4, 16],
    [6, 8],
    [6, 16],
  ];
  for (const [colorType, depth] of kinds) {
    for (const interlaced of [false, true]) {
      const width = 1 + (next() % 9);
      const height = 1 + (next() % 7);
      const png: TestPng = {
        width,
        height,
        colorType,
        depth,
        interlaced,
        samples: Array.from({ length: width * height * CHANNELS[colorType] }, () => next() % 2 ** depth),
        filter: (row) => (row + colorType) % 5,
      };
      if (colorType === 3) {
        png.palette = Array.from({ length: 2 ** depth }, (_, i) => [i, 255 - i, i >> 1]);
        if (interlaced) png.alphas = [0, 255];
      }
      BASES.push(writeTestPng(png, 1 + (next() % 2)));
    }
  }
}

/** Where each chunk of a PNG starts (its length field), for edits that keep to one chunk. */
function chunkStarts(png: Uint8Array): number[] {
  const starts: number[] = [];
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let at = 8; at + 12 <= png.length; at += 12 + view.getUint32(at)) starts.push(at);
  return starts;
}

/** Recomputes the CRC of the chunk starting at `at` (its length read as written). */
function fixCrc(png: Uint8Array, at: number): void {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const length = view.getUint32(at);
  if (at + 12 + length > png.length) return;
  view.setUint32(at + 8 + length, crc32(png.subarray(at + 4, at + 8 + length)));
}

type Mutation =
  | { kind: 'flip'; at: number; bit: number; fix: boolean }
  | { kind: 'cut'; at: number }
  | { kind: 'length'; chunk: number; value: number }
  | { kind: 'crc'; chunk: number; value: number }
  | { kind: 'header'; field: number; value: number }
  | { kind: 'data'; at: number; value: number }
  | { kind: 'drop' | 'double'; chunk: number }
  | { kind: 'swap'; chunk: number; other: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7), fix: fc.boolean() }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('length' as const),
      chunk: fc.nat(),
      value: fc.oneof(fc.nat(64), fc.constantFrom(0x7fffffff, 0x80000000, 0xffffffff), fc.nat()),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('crc' as const), chunk: fc.nat(), value: fc.nat() }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('header' as const),
      // IHDR body: width (0-3), height (4-7), depth 8, colour type 9, compression 10, filter 11, interlace 12.
      field: fc.nat(12),
      value: fc.oneof(fc.nat(20), fc.nat(255), fc.constantFrom(0, 1, 2, 3, 4, 6, 8, 16, 255)),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('data' as const), at: fc.nat(), value: fc.nat(255) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('drop' as const, 'double' as const), chunk: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('swap' as const), chunk: fc.nat(), other: fc.nat() }) },
);

function mutate(base: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let png = base.slice();
  for (const m of mutations) {
    const starts = chunkStarts(png);
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    const pick = (k: number) => (starts.length === 0 ? undefined : starts[k % starts.length]);
    const owner = (at: number) => [...starts].reverse().find((start) => start <= at);
    switch (m.kind) {
      case 'flip': {
        if (png.length === 0) break;
        const at = m.at % png.length;
        png[at] ^= 1 << m.bit;
        const chunk = owner(at);
        if (m.fix && chunk !== undefined) fixCrc(png, chunk);
        break;
      }
      case 'cut':
        png = png.slice(0, m.at % (png.length + 1));
        break;
      case 'length': {
        const at = pick(m.chunk);
        if (at !== undefined) view.setUint32(at, m.value >>> 0);
        break;
      }
      case 'crc': {
        const at = pick(m.chunk);
        if (at !== undefined && at + 12 + view.getUint32(at) <= png.length)
          view.setUint32(at + 8 + view.getUint32(at), m.value >>> 0);
        break;
      }
      case 'header': {
        // The IHDR is the first chunk; its body starts 8 bytes after its length field.
        const at = starts[0];
        if (at !== undefined && at + 8 + m.field < png.length) {
          png[at + 8 + m.field] = m.value;
          fixCrc(png, at);
        }
        break;
      }
      case 'data': {
        // A byte of an IDAT's zlib stream, the CRC made right: the damage reaches the inflate and the unfilter.
        const idats = starts.filter((at) => String.fromCharCode(...png.subarray(at + 4, at + 8)) === 'IDAT');
        const at = idats.length === 0 ? undefined : idats[m.at % idats.length];
        if (at === undefined) break;
        const length = view.getUint32(at);
        if (length === 0 || at + 12 + length > png.length) break;
        png[at + 8 + ((m.at >>> 3) % length)] = m.value;
        fixCrc(png, at);
        break;
      }
      case 'drop':
      case 'double': {
        const at = pick(m.chunk);
        if (at === undefined) break;
        const end = Math.min(png.length, at + 12 + view.getUint32(at));
        const piece = png.slice(at, end);
        const rest =
          m.kind === 'drop'
            ? [png.subarray(0, at), png.subarray(end)]
            : [png.subarray(0, end), piece, png.subarray(end)];
        png = Uint8Array.from(rest.flatMap((part) => Array.from(part)));
        break;
      }
      case 'swap': {
        const a = pick(m.chunk);
        const b = pick(m.other);
        if (a === undefined || b === undefined || a === b) break;
        const [first, second] = a < b ? [a, b] : [b, a];
        const endOf = (at: number) => Math.min(png.length, at + 12 + view.getUint32(at));
        const pieces = [
          png.subarray(0, first),
          png.subarray(second, endOf(second)),
          png.subarray(endOf(first), second),
          png.subarray(first, endOf(first)),
          png.subarray(endOf(second)),
        ];
        png = Uint8Array.from(pieces.flatMap((part) => Array.from(part)));
        break;
      }
    }
  }
  return png;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
const inputs = fc.oneof(
  {
    weight: 14,
    arbitrary: fc
      .tuple(fc.constantFrom(...BASES), fc.array(mutation, { minLength: 1, maxLength: 3 }))
      .map(([base, mutations]) => mutate(base, mutations)),
  },
  { weight: 1, arbitrary: fc.constantFrom(...BASES) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((tail) => Uint8Array.from([...SIGNATURE, ...tail])) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
);

describe('png decoder fuzz', () => {
  it(`decodePng, labelMapFromPng, segment ids and imageSize: an image or a SegkitError on ${RUNS} mutated and random files (seed 1006)`, () => {
    const decoded = new Outcomes();
    const labels = new Outcomes();
    const ids = new Outcomes();
    fc.assert(
      fc.property(inputs, fc.boolean(), (bytes, native) => {
        const options = native ? { ...nodeZlib, limits: FUZZ_LIMITS } : { limits: FUZZ_LIMITS };
        const image = decoded.run(() => decodePng(bytes, 'fuzz.png', options));
        if (image !== undefined) {
          labels.run(() => labelMapFromPng(image, 'fuzz.png'));
          ids.run(() => segmentIdsFromPng(image, 'fuzz.png'));
        }
        ids.run(() => decodeSegmentIds(bytes, 'fuzz.png', options));
        // The header sniffer reads any bytes without throwing at all.
        const size = imageSize(bytes);
        if (size !== undefined) expect(Number.isInteger(size.width) && Number.isInteger(size.height)).toBe(true);
      }),
      fuzzParameters(1006),
    );
    decoded.report('png decoded');
    labels.report('png labels');
    ids.report('png ids');
    expect(decoded.total).toBe(RUNS);
    decoded.expectBothWays();
    labels.expectBothWays(0.005);
  });
});
