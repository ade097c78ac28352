/**
 * packWords / unpackWords: the `@thi.ng/rle-pack` bit format Label Studio stores brush masks in.
 *
 * The byte vectors marked "thi-ng" were produced in this project by the real library
 * (`encode(words, words.length)` of @thi.ng/rle-pack 2.1.43, the 2.x line Label Studio depends on;
 * 3.2.12 gives the same bytes), and agree with the hand derivations next to them.
 */
import { SegkitError } from '@segkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packWordRuns, packWords, unpackWords } from '../../src/label-studio/rle-pack.js';

/** `length` copies of `value`, for building long inputs readably. */
const repeat = (value: number, length: number) => new Array<number>(length).fill(value);

function expectSegkitError(run: () => unknown, code: string, ...fragments: string[]): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SegkitError);
    expect((error as SegkitError).code).toBe(code);
    for (const fragment of fragments) expect((error as SegkitError).message).toContain(fragment);
    return;
  }
  throw new Error('expected a SegkitError');
}

describe('packWords by hand and against thi-ng', () => {
  it('packWords([0 0 0 0 255 255 255 255]) returns the spec vector: header, then two runs of 4', () => {
    // Header: count 8 = [0 0 0 8]; then 00111 (word size 8) 0010 0011 0111 1111 (run sizes 3 4 8 16)
    // → 57, 27 and 5 bits 11111; runs 1 00 011 00000000 and 1 00 011 11111111, zero-padded.
    expect(Array.from(packWords([0, 0, 0, 0, 255, 255, 255, 255]))).toEqual([
      0, 0, 0, 8, 57, 27, 252, 96, 17, 255, 128,
    ]);
  });

  it('packWords([1 2 3 3 3]) returns the spec vector: a literal chunk of 2, then a run of 3', () => {
    // 0 00 001 00000001 00000010 | 1 00 010 00000011
    expect(Array.from(packWords([1, 2, 3, 3, 3]))).toEqual([0, 0, 0, 5, 57, 27, 248, 32, 32, 81, 1, 128]);
  });

  it('packWords([]) writes the header and one dummy run of one 0, as thi-ng does (thi-ng)', () => {
    expect(Array.from(packWords([]))).toEqual([0, 0, 0, 0, 57, 27, 252, 0, 0]);
  });

  it('packWords splits runs at 2^16 words exactly as thi-ng does (thi-ng)', () => {
    // A run of 65536 fits one record (16-bit field 0xffff); 65538 is 65536 + a run of 2.
    expect(Array.from(packWords(repeat(0, 65536)))).toEqual([0, 1, 0, 0, 57, 27, 255, 255, 255, 0]);
    expect(Array.from(packWords(repeat(0, 65538)))).toEqual([0, 1, 0, 2, 57, 27, 255, 255, 255, 0, 132, 0]);
    // 65537 sevens then a 3: the 65537th seven and the 3 are two singletons → one literal chunk of 2.
    expect(Array.from(packWords([...repeat(7, 65537), 3]))).toEqual([0, 1, 0, 2, 57, 27, 255, 255, 255, 7, 4, 28, 12]);
  });

  it('packWords writes the last word where thi-ng drops it (input ending in a run of 2^16 + 1)', () => {
    // thi-ng 2.1.43 returns [0 1 0 1 57 27 255 255 255 0], whose decoding reads past its end: the
    // 65537th zero is never written. We add it as a run of one (1 00 000 00000000).
    const bytes = packWords(repeat(0, 65537));
    expect(Array.from(bytes)).toEqual([0, 1, 0, 1, 57, 27, 255, 255, 255, 0, 128, 0]);
    expect(unpackWords(bytes)).toEqual(new Uint8Array(65537));
  });

  it('packWords puts 65537 alternating singletons into a chunk of 2^16 and a chunk of 1', () => {
    const words = Array.from({ length: 65537 }, (_, i) => i & 1);
    const bytes = packWords([...words, 9, 9]);
    expect(bytes.length).toBe(65549); // thi-ng: the same 65549 bytes
    expect(Array.from(unpackWords(bytes))).toEqual([...words, 9, 9]);
  });

  it('packWordRuns(count, runs) returns the same bytes as packWords on the expanded words', () => {
    const runs: [number, number][] = [
      [5, 1],
      [5, 3], // merges with the previous run
      [0, 70000],
      [1, 1],
      [2, 1],
      [2, 9],
    ];
    const words = runs.flatMap(([value, length]) => repeat(value, length));
    expect(packWordRuns(words.length, runs)).toEqual(packWords(words));
  });

  it('packWords rejects words outside 0..255, naming the index', () => {
    expectSegkitError(() => packWords([0, 256]), 'INVALID_RLE', 'word 1 is 256');
    expectSegkitError(() => packWords([1.5]), 'INVALID_RLE', 'word 0 is 1.5');
    expectSegkitError(() => packWordRuns(3, [[1, 2]]), 'INVALID_RLE', 'runs cover 2 words but the count is 3');
    expectSegkitError(() => packWordRuns(1, [[1, 0]]), 'INVALID_RLE', 'run length 0');
  });
});

describe('unpackWords', () => {
  it('unpackWords reads the spec vectors back', () => {
    expect(Array.from(unpackWords([0, 0, 0, 8, 57, 27, 252, 96, 17, 255, 128]))).toEqual([
      0, 0, 0, 0, 255, 255, 255, 255,
    ]);
    expect(Array.from(unpackWords([0, 0, 0, 5, 57, 27, 248, 32, 32, 81, 1, 128]))).toEqual([1, 2, 3, 3, 3]);
    expect(Array.from(unpackWords([0, 0, 0, 0, 57, 27, 252, 0, 0]))).toEqual([]);
  });

  it('unpackWords accepts the extra zero byte label-studio-converter appends to byte-aligned streams', () => {
    // Runs of 4, 4 and 9 take 14 + 14 + 15 bits; with the 53-bit header that is 96 bits, a whole
    // number of bytes, so brush.py's encode_rle pads a full zero byte and thi-ng pads nothing.
    const words = [...repeat(1, 4), ...repeat(2, 4), ...repeat(3, 9)];
    const aligned = packWords(words);
    expect(aligned.length).toBe(12);
    expect(Array.from(unpackWords([...aligned, 0]))).toEqual(words);
    expectSegkitError(() => unpackWords([...aligned, 0, 0]), 'INVALID_RLE', '2 bytes left over');
  });

  it('unpackWords reads runs written in a larger size class than needed (brush.py writes runs of 1 as literals)', () => {
    // Header for 3 words, then a literal of 1 in class 0 (0 00 000 w) and a run of 2 in class 3
    // (1 11 0000000000000001 w), as an encoder with other habits might write them.
    const bits = [
      (3).toString(2).padStart(32, '0'),
      '00111', // word size 8
      '0010' + '0011' + '0111' + '1111', // run sizes 3 4 8 16
      '000000',
      '00001010',
      '1110000000000000001',
      '11111111',
    ].join('');
    const padded = bits.padEnd(Math.ceil(bits.length / 8) * 8, '0');
    const bytes = Array.from({ length: padded.length / 8 }, (_, i) =>
      Number.parseInt(padded.slice(8 * i, 8 * i + 8), 2),
    );
    expect(Array.from(unpackWords(bytes))).toEqual([10, 255, 255]);
  });

  it('unpackWords throws INVALID_RLE on every truncation of a valid stream, naming where it ends', () => {
    const bytes = Array.from(packWords([1, 2, 3, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9]));
    for (let cut = 0; cut < bytes.length; cut++) {
      expect(() => unpackWords(bytes.slice(0, cut)), `cut at ${cut}`).toThrow(SegkitError);
    }
    expectSegkitError(() => unpackWords(bytes.slice(0, 4)), 'INVALID_RLE', 'fewer than the 7 its header needs');
    expectSegkitError(() => unpackWords(bytes.slice(0, 9)), 'INVALID_RLE', 'stream ends inside');
  });

  it('unpackWords rejects a record that runs past the declared count, naming both', () => {
    // Count 3, then a run of 4 zeros.
    expectSegkitError(
      () => unpackWords([0, 0, 0, 3, 57, 27, 252, 96, 0]),
      'INVALID_RLE',
      'ends at 4, past the 3 words',
    );
  });

  it('unpackWords rejects a huge count that the stream cannot hold, before allocating', () => {
    expectSegkitError(
      () => unpackWords([255, 255, 255, 255, 57, 27, 252, 96, 17, 255, 128]),
      'INVALID_RLE',
      'header promises 4294967295 words',
    );
  });

  it('unpackWords rejects word sizes above 8 bits and non-byte input', () => {
    // 5-bit field 01111 → word size 16.
    expectSegkitError(() => unpackWords([0, 0, 0, 1, 0b01111001, 27, 252, 96, 17, 255, 128]), 'UNSUPPORTED', '16 bits');
    expectSegkitError(() => unpackWords([0, 0, 300]), 'INVALID_RLE', 'rle[2] is 300');
    expectSegkitError(() => unpackWords([0, -1]), 'INVALID_RLE', 'rle[1] is -1');
    expectSegkitError(() => unpackWords('abc' as unknown as number[]), 'INVALID_RLE', 'must be a list of bytes');
  });
});

/** Word lists with long runs and singletons, around the 2^16 record limit now and then. */
const wordsArb = fc
  .array(
    fc.record({
      value: fc.constantFrom(0, 1, 7, 128, 255),
      length: fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: 1, max: 20 }) },
        { weight: 1, arbitrary: fc.constantFrom(255, 256, 257, 65535, 65536, 65537, 65538, 131073) },
      ),
    }),
    { maxLength: 8 },
  )
  .map((runs) => Uint8Array.from(runs.flatMap(({ value, length }) => repeat(value, length))));

/** Byte-array equality without vitest's slow deep diff on long arrays. */
const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

describe('packWords / unpackWords round trip', () => {
  it('unpackWords(packWords(words)) returns the words (seed 11)', () => {
    fc.assert(
      fc.property(wordsArb, (words) => {
        expect(sameBytes(unpackWords(packWords(words)), words)).toBe(true);
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('unpackWords(packWords(words)) returns random bytes (seed 12)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 200 }), (words) => {
        expect(Array.from(unpackWords(packWords(words)))).toEqual(words);
      }),
      { seed: 12, numRuns: 500 },
    );
  });
});
