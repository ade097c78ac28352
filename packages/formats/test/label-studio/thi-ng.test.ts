/**
 * Our rle-pack port against `@thi.ng/rle-pack` itself (3.2.x, the encoder Label Studio's editor
 * calls), run live: every byte we write is the byte thi-ng writes, and each side decodes the other.
 * We keep our own port for speed and for the checks on untrusted input (see rle-pack.ts).
 */
import { decodeBinary, encodeBinary } from '@thi.ng/rle-pack';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bitmapToBrushRle, brushRleToBitmap } from '../../src/label-studio/brush.js';
import { packWords, unpackWords } from '../../src/label-studio/rle-pack.js';

/** thi-ng with Label Studio's parameters: 8-bit words, run sizes [3, 4, 8, 16]. */
const thingEncode = (words: Uint8Array) => encodeBinary(words, words.length, 8, [3, 4, 8, 16]);

const sameBytes = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Buffer.compare(Buffer.from(Uint8Array.from(a)), Buffer.from(Uint8Array.from(b))) === 0;

/** The one input thi-ng mis-encodes: a last run of k·2^16 + 1 equal words, k ≥ 1. */
function thingLosesLastWord(words: Uint8Array): boolean {
  let run = 1;
  while (run < words.length && words[words.length - 1 - run] === words[words.length - 1]) run++;
  return run > 1 && (run - 1) % 65536 === 0;
}

/** Runs of a few values, short or around the 2^16 record limit, plus stretches of random bytes. */
const wordsArb = fc
  .array(
    fc.oneof(
      fc
        .record({
          value: fc.constantFrom(0, 1, 128, 255),
          length: fc.oneof(
            { weight: 6, arbitrary: fc.integer({ min: 1, max: 20 }) },
            { weight: 1, arbitrary: fc.constantFrom(7, 8, 9, 16, 17, 255, 256, 257, 65535, 65536, 65538, 131072) },
          ),
        })
        .map(({ value, length }) => new Array<number>(length).fill(value)),
      fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }),
    ),
    { maxLength: 8 },
  )
  .map((pieces) => Uint8Array.from(pieces.flat()));

describe('rle-pack against @thi.ng/rle-pack', () => {
  it('packWords(words) returns the bytes of thi-ng encodeBinary(words) (seed 13)', () => {
    fc.assert(
      fc.property(
        wordsArb.filter((words) => !thingLosesLastWord(words)),
        (words) => {
          expect(sameBytes(packWords(words), thingEncode(words))).toBe(true);
        },
      ),
      { seed: 13, numRuns: 300 },
    );
  });

  it('unpackWords reads what thi-ng encodes, and thi-ng decodeBinary reads what packWords encodes (seed 14)', () => {
    fc.assert(
      fc.property(wordsArb, (words) => {
        if (!thingLosesLastWord(words)) expect(sameBytes(unpackWords(thingEncode(words)), words)).toBe(true);
        expect(sameBytes(decodeBinary(packWords(words)), words)).toBe(true);
      }),
      { seed: 14, numRuns: 300 },
    );
  });

  it('thi-ng loses the last of 65537 equal words (its stream reads past its end); packWords keeps it', () => {
    const words = new Uint8Array(65537).fill(5);
    expect(() => decodeBinary(thingEncode(words))).toThrow("can't read past EOF");
    expect(sameBytes(decodeBinary(packWords(words)), words)).toBe(true);
  });

  it('bitmapToBrushRle(mask) returns thi-ng encodeBinary of the RGBA canvas the editor would pack (seed 16)', () => {
    const maskArb = fc
      .record({ height: fc.integer({ min: 0, max: 40 }), width: fc.integer({ min: 0, max: 40 }) })
      .chain(({ height, width }) =>
        fc
          .uint8Array({ minLength: height * width, maxLength: height * width, max: 1 })
          .map((data) => ({ height, width, data })),
      );
    fc.assert(
      fc.property(maskArb, (mask) => {
        // Row-major RGBA, R = G = B = A = 255 on the mask, as the editor's canvas holds it.
        const rgba = new Uint8Array(mask.data.length * 4);
        for (let p = 0; p < mask.data.length; p++) if (mask.data[p]) rgba.fill(255, 4 * p, 4 * p + 4);
        const theirs = thingEncode(rgba);
        expect(sameBytes(bitmapToBrushRle(mask), theirs)).toBe(true);
        expect(brushRleToBitmap(Array.from(theirs), mask.height, mask.width)).toEqual(mask);
      }),
      { seed: 16, numRuns: 200 },
    );
  });
});
