import { constants, deflateRawSync, deflateSync, inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inflateBounded } from '../../src/io/inflate.js';

/*
 * The portable inflate against node:zlib's (zlib itself): the same bytes from every kind of
 * stream, the same acceptance and the same message on damaged ones, and a hard stop at maxLength.
 */

/** Bytes with runs and repeats (so the compressor uses matches) and noise (literals). */
const data = fc
  .tuple(fc.integer({ min: 0, max: 4000 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }))
  .map(([length, seed]) => {
    const out = new Uint8Array(length);
    let s = seed;
    for (let i = 0; i < length; i++) {
      s = (s * 1103515245 + 12345) >>> 0;
      out[i] = i > 0 && s % 10 < 7 ? out[i - 1 - ((s >>> 8) % Math.min(i, 40))] : (s >>> 16) % (s & 1 ? 4 : 256);
    }
    return out;
  });
/** zlib's own compression settings, every level and strategy (fixed and dynamic codes, stored blocks). */
const settings = fc.record({ level: fc.integer({ min: 0, max: 9 }), strategy: fc.integer({ min: 0, max: 4 }) });

/** zlib's inflate as the PNG decoder uses it: a stream cut short gives what it holds. */
function zlibInflate(bytes: Uint8Array): { bytes?: Uint8Array; error?: string } {
  try {
    return { bytes: inflateSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function ours(bytes: Uint8Array, maxLength: number): { bytes?: Uint8Array; error?: string } {
  try {
    return { bytes: inflateBounded(bytes, maxLength) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe('inflateBounded', () => {
  it('inflates what zlib deflates, at every level and strategy (seed 91)', () => {
    fc.assert(
      fc.property(data, settings, (input, options) => {
        expect(Buffer.from(inflateBounded(deflateSync(input, options), input.length)).equals(Buffer.from(input))).toBe(
          true,
        );
      }),
      { seed: 91, numRuns: 1000 },
    );
  });

  it('damaged streams: the bytes zlib gives or the error zlib gives, word for word (seed 92)', () => {
    fc.assert(
      fc.property(
        data,
        settings,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 3 }),
        fc.option(fc.nat(), { nil: undefined }),
        (input, options, flips, cut) => {
          const bytes = deflateSync(input, options);
          for (const [at, flip] of flips) bytes[at % bytes.length] ^= flip;
          const damaged = cut === undefined ? bytes : bytes.subarray(0, cut % bytes.length);
          const expected = zlibInflate(damaged);
          const actual = ours(damaged, 1 << 16);
          expect(actual.error).toBe(expected.error);
          if (expected.bytes !== undefined)
            expect(Buffer.from(actual.bytes as Uint8Array).equals(expected.bytes)).toBe(true);
        },
      ),
      { seed: 92, numRuns: 20000 },
    );
  });

  it('a stream cut short gives the bytes before the cut, as zlib (seed 93)', () => {
    fc.assert(
      fc.property(data, settings, fc.nat(), (input, options, cut) => {
        const bytes = deflateSync(input, options);
        const short = bytes.subarray(0, cut % (bytes.length + 1));
        const result = inflateBounded(short, input.length);
        expect(Buffer.from(result).equals(zlibInflate(short).bytes as Buffer)).toBe(true);
        expect(Buffer.from(result).equals(Buffer.from(input.subarray(0, result.length)))).toBe(true);
      }),
      { seed: 93, numRuns: 1000 },
    );
  });

  it('stops with a RangeError at maxLength + 1 bytes, whatever the stream claims', () => {
    const input = new Uint8Array(1000).fill(7);
    expect(inflateBounded(deflateSync(input), 1000).length).toBe(1000);
    expect(() => inflateBounded(deflateSync(input), 999)).toThrow(RangeError);
    expect(() => inflateBounded(deflateSync(input, { level: 0 }), 999)).toThrow(
      'the stream inflates to more than 999 bytes',
    );
    // A deflate bomb: 64 MB of zeros in about 64 KB, each repeat a non-final block.
    const block = deflateRawSync(new Uint8Array(2 ** 20), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
    const parts = [Uint8Array.of(0x78, 0xda), ...Array.from({ length: 64 }, () => block), Uint8Array.of(3, 0)];
    const bomb = Buffer.concat(parts);
    expect(bomb.length).toBeLessThan(2 ** 17);
    expect(() => inflateBounded(bomb, 100)).toThrow('the stream inflates to more than 100 bytes');
  });

  it('refuses what zlib refuses in the header', () => {
    expect(ours(Uint8Array.of(0x78, 0x9d, 3, 0), 10).error).toBe('incorrect header check');
    expect(ours(Uint8Array.of(0x79, 0x18, 3, 0), 10).error).toBe('unknown compression method');
    expect(ours(Uint8Array.of(0x88, 0x1c, 3, 0), 10).error).toBe('invalid window size');
    for (const header of [
      [0x78, 0x9d],
      [0x79, 0x18],
      [0x88, 0x1c],
    ]) {
      expect(zlibInflate(Uint8Array.of(...header, 3, 0)).error).toBe(ours(Uint8Array.of(...header, 3, 0), 10).error);
    }
  });
});
