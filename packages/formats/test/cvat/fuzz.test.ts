/**
 * Fuzz of the CVAT readers, which take untrusted files: on any points list or XML text they either
 * decode or throw a SegkitError, never anything else, and never hang. Plain seeded loops (mulberry32).
 */
import { encode, SegkitError } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../core/test/properties/arbitraries.js';
import { formatCvatImagesXml, parseCvatImagesXml } from '../../src/cvat/images-xml.js';
import { bitmapToCvatMask, cvatMaskToBitmap, cvatMaskToRle } from '../../src/cvat/mask-rle.js';

function outcome(run: () => unknown): 'ok' | 'rejected' {
  try {
    run();
    return 'ok';
  } catch (error) {
    if (error instanceof SegkitError) return 'rejected';
    throw error;
  }
}

describe('CVAT mask decoder fuzz', () => {
  it('cvatMaskToBitmap and cvatMaskToRle agree or both throw SegkitError on 40,000 points lists (seed 61)', () => {
    const random = mulberry32(61);
    const int = (n: number) => Math.floor(random() * n);
    const odd = [-1, -0.5, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, 2 ** 32, -(2 ** 31)];
    const counts = { ok: 0, rejected: 0 };
    for (let i = 0; i < 40_000; i++) {
      const height = int(8);
      const width = int(8);
      let points: number[];
      if (random() < 0.5) {
        // A valid mask of a random bitmap, then damaged (or not).
        const data = Uint8Array.from({ length: height * width }, () => (random() < 0.4 ? 1 : 0));
        points = height * width > 0 ? bitmapToCvatMask({ height, width, data }) : [0, 0, 0, 0, 0];
        const damage = int(5);
        if (damage === 1) points[int(points.length)] += int(5) - 2;
        if (damage === 2) points[int(points.length)] = odd[int(odd.length)];
        if (damage === 3) points = points.slice(int(points.length));
        if (damage === 4) points.splice(int(points.length), 0, int(10));
      } else {
        points = Array.from({ length: int(12) }, () => (random() < 0.1 ? odd[int(odd.length)] : int(12) - 3));
      }
      const options = { outside: random() < 0.5 ? ('clip' as const) : ('error' as const) };
      let bitmap: ReturnType<typeof cvatMaskToBitmap> | undefined;
      const a = outcome(() => {
        bitmap = cvatMaskToBitmap(points, height, width, options);
      });
      let rle: ReturnType<typeof cvatMaskToRle> | undefined;
      const b = outcome(() => {
        rle = cvatMaskToRle(points, height, width, options);
      });
      expect(b, JSON.stringify({ points, height, width, options })).toBe(a);
      if (bitmap && rle) expect(rle).toEqual(encode(bitmap));
      counts[a]++;
    }
    expect(counts.ok).toBeGreaterThan(4000);
    expect(counts.rejected).toBeGreaterThan(4000);
  });
});

describe('CVAT XML reader fuzz', () => {
  it('parseCvatImagesXml parses or throws SegkitError on 20,000 damaged documents (seed 62)', () => {
    const random = mulberry32(62);
    const int = (n: number) => Math.floor(random() * n);
    const mask = { height: 4, width: 5, data: Uint8Array.from({ length: 20 }, (_, i) => ((i * 7) % 3) & 1) };
    const valid = formatCvatImagesXml([
      { id: 0, name: 'a&b.png', width: 5, height: 4, masks: [{ label: 'x "y"', rle: encode(mask) }] },
      { id: 1, name: 'c.png', width: 5, height: 4, masks: [] },
    ]);
    const pieces = [
      '<',
      '>',
      '/>',
      '</',
      '"',
      "'",
      '=',
      '&',
      '&amp;',
      '<!--',
      '-->',
      '<mask ',
      '<image ',
      ',',
      '-',
      ' ',
    ];
    const counts = { ok: 0, rejected: 0 };
    for (let i = 0; i < 20_000; i++) {
      let xml = valid;
      for (let k = 1 + int(3); k > 0; k--) {
        const at = int(xml.length + 1);
        switch (int(4)) {
          case 0:
            xml = xml.slice(0, at) + pieces[int(pieces.length)] + xml.slice(at);
            break;
          case 1:
            xml = xml.slice(0, at) + xml.slice(at + 1 + int(4));
            break;
          case 2:
            xml = xml.slice(0, at) + String.fromCharCode(32 + int(95)) + xml.slice(at + 1);
            break;
          default:
            xml = xml.slice(0, at);
        }
      }
      counts[outcome(() => parseCvatImagesXml(xml, { outside: random() < 0.5 ? 'clip' : 'error' }))]++;
    }
    expect(counts.ok).toBeGreaterThan(1000);
    expect(counts.rejected).toBeGreaterThan(1000);
  });
});
