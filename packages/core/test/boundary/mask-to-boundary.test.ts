import { describe, expect, it } from 'vitest';
import { maskToBoundary } from '../../src/boundary/mask-to-boundary.js';
import { decode } from '../../src/rle/decode.js';
import { encode } from '../../src/rle/encode.js';
import { grid } from '../properties/arbitraries.js';
import { runBoundaryTests } from './boundary.case.js';

runBoundaryTests('maskToBoundary', (rle, ratio) => encode(maskToBoundary(decode(rle), ratio)));

describe('maskToBoundary on bitmaps', () => {
  it('reads any non-zero byte as foreground and returns 0/1 bytes', () => {
    const out = maskToBoundary(
      grid(`
      x7#
      #x#
      ###`),
    );
    expect(Array.from(out.data)).toEqual([1, 1, 1, 1, 0, 1, 1, 1, 1]);
  });

  it('refuses data of the wrong length', () => {
    expect(() => maskToBoundary({ height: 2, width: 2, data: new Uint8Array(3) })).toThrow(/3 bytes but \[2, 2\]/);
  });
});
