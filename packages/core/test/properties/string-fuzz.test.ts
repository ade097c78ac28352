/**
 * Fuzz of rleFromString, the parser that reads untrusted COCO JSON: on any string and size it either
 * returns a valid RLE or throws a SegkitError. A plain seeded loop (mulberry32), not fast-check, so
 * 100,000+ strings take well under a second or two.
 */
import { describe, expect, it } from 'vitest';
import { rleFromString, rleToString, SegkitError } from '../../src/index.js';
import { mulberry32 } from './arbitraries.js';
import { fromStringReference } from './string-reference.js';

type Kind = 'bmp' | 'alphabet' | 'mutated' | 'truncated' | 'extended' | 'valid' | 'empty';

interface Outcome {
  accepted: number;
  rejected: number;
  byKind: Record<Kind, number>;
}

/** Runs `iterations` random strings through rleFromString; throws on the first broken promise. */
function fuzzRleFromString(seed: number, iterations: number): Outcome {
  const random = mulberry32(seed);
  const int = (n: number) => Math.floor(random() * n);
  const alphabetChar = () => String.fromCharCode(48 + int(64));
  const anyChar = () => String.fromCharCode(int(0x10000));
  const randomString = (length: number, char: () => string) => Array.from({ length }, char).join('');

  /** A valid string for h×w: random cut points → counts → rleToString. */
  const validString = (h: number, w: number) => {
    const total = h * w;
    const cuts = Array.from({ length: int(8) }, () => int(total + 1)).sort((a, b) => a - b);
    const counts: number[] = [];
    let previous = 0;
    for (const c of cuts) {
      counts.push(c - previous);
      previous = c;
    }
    counts.push(total - previous);
    return rleToString({ counts: Uint32Array.from(counts) });
  };

  const kinds: Kind[] = ['bmp', 'alphabet', 'mutated', 'truncated', 'extended', 'valid', 'empty'];
  const outcome: Outcome = {
    accepted: 0,
    rejected: 0,
    byKind: { bmp: 0, alphabet: 0, mutated: 0, truncated: 0, extended: 0, valid: 0, empty: 0 },
  };

  for (let i = 0; i < iterations; i++) {
    const h = int(9);
    const w = int(9);
    // Mostly the two mixed kinds and mutations of valid strings; a few empty ones.
    const kind = kinds[Math.min(int(kinds.length * 2 - 1) >> 1, kinds.length - 1)];
    let s: string;
    switch (kind) {
      case 'bmp':
        s = randomString(int(12), () => (random() < 0.5 ? anyChar() : alphabetChar()));
        break;
      case 'alphabet':
        s = randomString(int(12), alphabetChar);
        break;
      case 'mutated': {
        const v = validString(h, w);
        const at = int(v.length);
        s = v.slice(0, at) + (random() < 0.8 ? alphabetChar() : anyChar()) + v.slice(at + 1);
        break;
      }
      case 'truncated': {
        const v = validString(h, w);
        s = v.slice(0, int(v.length + 1));
        break;
      }
      case 'extended':
        s = validString(h, w) + randomString(1 + int(3), alphabetChar);
        break;
      case 'valid':
        s = validString(h, w);
        break;
      default:
        s = '';
    }
    outcome.byKind[kind]++;

    let rle: ReturnType<typeof rleFromString>;
    try {
      rle = rleFromString(s, h, w);
    } catch (error) {
      if (!(error instanceof SegkitError) || error.code !== 'INVALID_RLE_STRING') {
        throw new Error(`seed ${seed}, iteration ${i}: rleFromString(${JSON.stringify(s)}, ${h}, ${w}) threw ${error}`);
      }
      if (kind === 'valid') {
        throw new Error(
          `seed ${seed}, iteration ${i}: valid ${JSON.stringify(s)} for ${h}×${w} was rejected: ${error}`,
        );
      }
      outcome.rejected++;
      continue;
    }
    // Accepted: the size is the one asked for, the counts sum to h·w and are what the C parser reads.
    let sum = 0;
    for (const c of rle.counts) sum += c;
    const reference = fromStringReference(s);
    const same = reference.length === rle.counts.length && reference.every((c, j) => c === rle.counts[j]);
    if (rle.height !== h || rle.width !== w || sum !== h * w || !same) {
      throw new Error(
        `seed ${seed}, iteration ${i}: rleFromString(${JSON.stringify(s)}, ${h}, ${w}) gave [${rle.counts}], C reads [${reference}]`,
      );
    }
    outcome.accepted++;
  }
  return outcome;
}

describe('rleFromString fuzz', () => {
  it('rleFromString returns an RLE summing to h·w or throws a SegkitError, on 120,000 strings (seed 701)', () => {
    const start = performance.now();
    const outcome = fuzzRleFromString(701, 120_000);
    const seconds = (performance.now() - start) / 1000;
    expect(outcome.accepted + outcome.rejected).toBe(120_000);
    // Both branches are well exercised, and every kind of string occurred.
    expect(outcome.accepted).toBeGreaterThan(10_000);
    expect(outcome.rejected).toBeGreaterThan(10_000);
    for (const n of Object.values(outcome.byKind)) expect(n).toBeGreaterThan(1000);
    // No hang: the parser is linear in the string, so this is far from the limit.
    expect(seconds).toBeLessThan(15);
  });

  it('rleFromString("", 0, w) and ("0", h, 0) accept the empty masks; ("", 1, 1) is rejected', () => {
    expect(() => rleFromString('', 0, 5)).toThrow(SegkitError); // no counts at all
    expect(Array.from(rleFromString('0', 0, 5).counts)).toEqual([0]);
    expect(Array.from(rleFromString('0', 3, 0).counts)).toEqual([0]);
    expect(() => rleFromString('', 1, 1)).toThrow(SegkitError);
  });
});
