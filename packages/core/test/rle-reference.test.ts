import { describe, expect, it } from 'vitest';
import {
  area,
  bbox,
  decode,
  decodeColumnMajor,
  encode,
  encodeColumnMajor,
  rleFromCounts,
  rleFromString,
  rleToString,
} from '../src/index.js';
import { bitsToBitmap, expectSameArray, loadFixture } from './fixtures.js';

interface RleCase {
  id: string;
  family: string;
  h: number;
  w: number;
  counts: number[];
  bits: string;
  rle: string;
  area: number;
  bbox: number[];
}
interface NonCanonicalCase {
  id: string;
  h: number;
  w: number;
  counts: number[];
  rle: string;
  area: number;
  bbox_true: number[];
  bits: string;
  canonical_rle: string;
}

const fixture = loadFixture<{ cases: RleCase[]; noncanonical: NonCanonicalCase[] }>('rle.json');

describe('rle.json (pycocotools encode/decode/area/toBbox)', () => {
  it.each(fixture.cases.map((c) => [`${c.id} ${c.family} ${c.h}x${c.w}`, c] as const))(
    '%s: encode, string codec, area, bbox and decode agree with pycocotools',
    (_name, c) => {
      const mask = bitsToBitmap(c.bits, c.h, c.w);
      const rle = encode(mask);
      expectSameArray(rle.counts, c.counts, 'encode counts');
      expect(rleToString(rle)).toBe(c.rle);
      const parsed = rleFromString(c.rle, c.h, c.w);
      expectSameArray(parsed.counts, c.counts, 'decoded string counts');
      expect(area(parsed)).toBe(c.area);
      expect(bbox(parsed)).toEqual(c.bbox);
      expectSameArray(decode(parsed).data, mask.data, 'decoded pixels');
      // The column-major pair agrees with the row-major one.
      const columnMajor = decodeColumnMajor(parsed);
      expectSameArray(encodeColumnMajor(columnMajor, c.h, c.w).counts, c.counts, 'column-major counts');
    },
  );

  it.each(fixture.noncanonical.map((c) => [c.id, c] as const))(
    'non-canonical %s: counts with empty runs keep their string, give the true box, decode and re-encode canonically',
    (_name, c) => {
      const rle = rleFromCounts(c.counts, c.h, c.w);
      expect(rleToString(rle)).toBe(c.rle);
      expectSameArray(rleFromString(c.rle, c.h, c.w).counts, c.counts);
      expect(area(rle)).toBe(c.area);
      expect(bbox(rle)).toEqual(c.bbox_true);
      const mask = decode(rle);
      expectSameArray(mask.data, bitsToBitmap(c.bits, c.h, c.w).data, 'decoded pixels');
      expect(rleToString(encode(mask))).toBe(c.canonical_rle);
    },
  );
});
