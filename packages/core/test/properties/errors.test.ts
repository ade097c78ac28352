/**
 * What the core rejects, and how: a SegkitError with a stable code and a message that carries the
 * offending values. Random cases where the rule is general, a named case where the message matters.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkSize,
  encode,
  polygonToRle,
  rleFromString,
  rleToString,
  SegkitError,
  type SegkitErrorCode,
  segmentationToRle,
} from '../../src/index.js';

/** Runs `fn`, which must throw a SegkitError with `code` whose message contains every fragment. */
function expectSegkitError(fn: () => unknown, code: SegkitErrorCode, ...fragments: string[]): SegkitError {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'expected a SegkitError').toBeInstanceOf(SegkitError);
  const error = thrown as SegkitError;
  expect(error.code).toBe(code);
  for (const fragment of fragments) expect(error.message).toContain(fragment);
  return error;
}

describe('rleFromString rejects malformed strings with INVALID_RLE_STRING', () => {
  it('rleFromString("23~1", 3, 2) names character 2 and the character', () => {
    expectSegkitError(() => rleFromString('23~1', 3, 2), 'INVALID_RLE_STRING', 'character 2', '~');
  });

  it('rleFromString rejects any character outside 0..o, at its position (seed 601)', () => {
    const outside = fc.oneof(
      fc.integer({ min: 0, max: 47 }),
      fc.integer({ min: 112, max: 0xffff }),
      fc.constantFrom(0x2f, 0x70, 0xd800, 0xdfff, 0xffff),
    );
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 6 }),
        // Up to 6 characters of a value still being read (0x20 set: more follows).
        fc.array(fc.integer({ min: 48 + 32, max: 48 + 63 }), { maxLength: 6 }),
        outside,
        fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 5 }),
        (counts, partial, bad, rest) => {
          // Complete, in-range values, then the start of one more, then the bad character.
          const prefix = rleToString({ counts: Uint32Array.from(counts) }) + String.fromCharCode(...partial);
          const s = prefix + String.fromCharCode(bad, ...rest);
          expectSegkitError(() => rleFromString(s, 4, 4), 'INVALID_RLE_STRING', `character ${prefix.length} `);
        },
      ),
      { seed: 601, numRuns: 500 },
    );
  });

  it('rleFromString("0P", 1, 1) reports the value cut off after "P" (0x20 set: more follows)', () => {
    expectSegkitError(() => rleFromString('0P', 1, 1), 'INVALID_RLE_STRING', 'cut off', "'P'");
  });

  it('rleFromString of a valid string truncated inside its last value is cut off (seed 602)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100000 }), { minLength: 1, maxLength: 8 }), (counts) => {
        const s = rleToString({ counts: Uint32Array.from(counts) });
        const total = counts.reduce((a, b) => a + b, 0);
        // A value ends at a character without the 0x20 bit; cutting right before it leaves a 'more'.
        for (let cut = 1; cut < s.length; cut++) {
          const last = s.charCodeAt(cut - 1) - 48;
          if ((last & 0x20) === 0) continue;
          expectSegkitError(() => rleFromString(s.slice(0, cut), 1, total), 'INVALID_RLE_STRING', 'cut off');
        }
      }),
      { seed: 602, numRuns: 300 },
    );
  });

  it('rleFromString("231N", 2, 3) says the counts sum to 7 but the mask has 6 pixels', () => {
    expectSegkitError(() => rleFromString('231N', 2, 3), 'INVALID_RLE_STRING', '7', '6', '[2, 3]');
  });

  it('rleFromString with counts not summing to h·w names both numbers (seed 603)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        (counts, height, width) => {
          const total = counts.reduce((a, b) => a + b, 0);
          fc.pre(total !== height * width);
          const s = rleToString({ counts: Uint32Array.from(counts) });
          expectSegkitError(
            () => rleFromString(s, height, width),
            'INVALID_RLE_STRING',
            `sum to ${total}`,
            `${height * width} pixels`,
          );
        },
      ),
      { seed: 603, numRuns: 300 },
    );
  });
});

describe('sizes and masks', () => {
  it('checkSize rejects negative, non-integer and non-finite sizes with INVALID_SIZE (seed 604)', () => {
    const bad = fc.oneof(
      fc.integer({ min: -1000, max: -1 }),
      fc.double({ min: -100, max: 100, noInteger: true }),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0.5, 0.5, 1e-9),
    );
    const good = fc.integer({ min: 0, max: 1000 });
    fc.assert(
      fc.property(bad, good, fc.boolean(), (b, g, badFirst) => {
        const [h, w] = badFirst ? [b, g] : [g, b];
        expectSegkitError(() => checkSize(h, w), 'INVALID_SIZE', String(b));
      }),
      { seed: 604, numRuns: 300 },
    );
  });

  it('checkSize(65536, 65536) rejects a mask of 2^32 pixels', () => {
    expectSegkitError(() => checkSize(65536, 65536), 'INVALID_SIZE', '4294967296');
    expect(() => checkSize(65535, 65537)).not.toThrow();
  });

  it('encode rejects data whose length is not h·w, naming both lengths (seed 605)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 500 }),
        (height, width, length) => {
          fc.pre(length !== height * width);
          expectSegkitError(
            () => encode({ height, width, data: new Uint8Array(length) }),
            'INVALID_MASK',
            `${length} bytes`,
            `${height * width}`,
          );
        },
      ),
      { seed: 605, numRuns: 200 },
    );
  });
});

describe('polygons and segmentations', () => {
  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['1000000000', 1e9],
  ])('polygonToRle rejects a coordinate %s with INVALID_POLYGON, naming it', (text, value) => {
    // Regression: the message used JSON.stringify, which writes NaN and ±Infinity as "null" (seed 606).
    expectSegkitError(() => polygonToRle([1, 1, 5, value, 5, 5], 10, 10), 'INVALID_POLYGON', text, 'coordinate 3');
  });

  it('polygonToRle rejects a non-finite coordinate anywhere in a random polygon (seed 606)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -10, max: 30, noNaN: true }), { minLength: 6, maxLength: 24 }),
        fc.nat(),
        fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
        (xy, where, bad) => {
          const k = 2 * Math.floor(xy.length / 2);
          const i = where % k;
          const poly = [...xy];
          poly[i] = bad;
          expectSegkitError(() => polygonToRle(poly, 20, 20), 'INVALID_POLYGON', `coordinate ${i} `, String(bad));
        },
      ),
      { seed: 606, numRuns: 200 },
    );
  });

  it.each([
    [[], '0 points'],
    [[1, 2], '1 points'],
    [[1, 2, 3, 4], '2 points'],
    [[1, 2, 3, 4, 5], '2 points'],
  ])('polygonToRle(%j) rejects fewer than 3 points (%s)', (xy, fragment) => {
    expectSegkitError(() => polygonToRle(xy, 10, 10), 'INVALID_POLYGON', fragment, `${xy.length} coordinates`);
  });

  it('segmentationToRle rejects an RLE whose size is not the image size, naming both (seed 607)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        fc.boolean(),
        (h, w, imageH, imageW, compressed) => {
          fc.pre(h !== imageH || w !== imageW);
          const counts = [h * w];
          const segmentation = {
            size: [h, w],
            counts: compressed ? rleToString({ counts: Uint32Array.from(counts) }) : counts,
          };
          expectSegkitError(
            () => segmentationToRle(segmentation, imageH, imageW),
            'SIZE_MISMATCH',
            `[${h}, ${w}]`,
            `[${imageH}, ${imageW}]`,
          );
        },
      ),
      { seed: 607, numRuns: 200 },
    );
  });
});
