/**
 * Fuzz of the brush decoders, which read untrusted JSON: on any byte list they either decode or
 * throw a SegkitError, never anything else, and never hang. A plain seeded loop (mulberry32).
 */
import { SegkitError } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../core/test/properties/arbitraries.js';
import { bitmapToBrushRle, brushRleToBitmap } from '../../src/label-studio/brush.js';
import { unpackWords } from '../../src/label-studio/rle-pack.js';

type Kind = 'random' | 'valid' | 'flipped' | 'mutated' | 'truncated' | 'extended' | 'not-bytes';

/** Random inputs: garbage, valid masks, and valid masks with bits flipped, bytes changed, cut or padded. */
function* inputs(seed: number, iterations: number): Generator<{ kind: Kind; bytes: number[]; h: number; w: number }> {
  const random = mulberry32(seed);
  const int = (n: number) => Math.floor(random() * n);
  const kinds: Kind[] = ['random', 'valid', 'flipped', 'mutated', 'truncated', 'extended', 'not-bytes'];
  for (let i = 0; i < iterations; i++) {
    const h = int(7);
    const w = int(7);
    const data = new Uint8Array(h * w);
    const density = random();
    for (let p = 0; p < data.length; p++) data[p] = random() < density ? 1 : 0;
    const valid = bitmapToBrushRle({ height: h, width: w, data });
    const kind = kinds[int(kinds.length)];
    let bytes = [...valid];
    switch (kind) {
      case 'random':
        bytes = Array.from({ length: int(24) }, () => int(256));
        // Sometimes a plausible header: the right count and Label Studio's parameters.
        if (random() < 0.5 && bytes.length >= 6) bytes.splice(0, 6, 0, 0, 0, h * w * 4, 57, 27);
        break;
      case 'flipped':
        for (let k = 1 + int(3); k > 0; k--) {
          const bit = int(bytes.length * 8);
          bytes[bit >> 3] ^= 0x80 >> (bit & 7);
        }
        break;
      case 'mutated':
        bytes[int(bytes.length)] = int(256);
        break;
      case 'truncated':
        bytes = bytes.slice(0, int(bytes.length));
        break;
      case 'extended':
        bytes.push(...Array.from({ length: 1 + int(4) }, () => int(256)));
        break;
      case 'not-bytes':
        bytes[int(bytes.length)] = [-1, 256, 1.5, Number.NaN][int(4)];
        break;
    }
    yield { kind, bytes, h, w };
  }
}

function outcome(run: () => unknown): 'ok' | 'rejected' {
  try {
    run();
    return 'ok';
  } catch (error) {
    if (error instanceof SegkitError) return 'rejected';
    throw error;
  }
}

describe('brush decoder fuzz', () => {
  it('brushRleToBitmap decodes or throws SegkitError on 30,000 inputs (seed 31)', () => {
    const counts = { ok: 0, rejected: 0 };
    for (const { bytes, h, w, kind } of inputs(31, 30_000)) {
      const result = outcome(() => {
        const bitmap = brushRleToBitmap(bytes, h, w);
        expect(bitmap.data.length).toBe(h * w);
        if (kind === 'valid') expect(bitmapToBrushRle(bitmap)).toEqual(bytes);
      });
      if (kind === 'valid') expect(result).toBe('ok');
      counts[result]++;
    }
    // Both outcomes must be exercised, or the fuzz says little.
    expect(counts.ok).toBeGreaterThan(3000);
    expect(counts.rejected).toBeGreaterThan(3000);
  });

  it('unpackWords decodes or throws SegkitError on 30,000 inputs (seed 32)', () => {
    const counts = { ok: 0, rejected: 0 };
    for (const { bytes } of inputs(32, 30_000)) {
      counts[outcome(() => unpackWords(bytes))]++;
    }
    expect(counts.ok).toBeGreaterThan(3000);
    expect(counts.rejected).toBeGreaterThan(3000);
  });
});
