/** Loads the pycocotools reference vectors copied from ../shared/fixtures/reference (see its README). */
import { readFileSync } from 'node:fs';
import type { Bitmap } from '../src/index.js';

export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

/** `bits` = base64 of numpy.packbits(mask.ravel(order='C')): row-major, first pixel = MSB. */
export function bitsToBitmap(bits: string, height: number, width: number): Bitmap {
  const packed = Buffer.from(bits, 'base64');
  const data = new Uint8Array(height * width);
  for (let i = 0; i < data.length; i++) data[i] = (packed[i >> 3] >> (7 - (i & 7))) & 1;
  return { height, width, data };
}

/**
 * Element-wise equality for long arrays (vitest's deep equality is slow on 100k elements); fails
 * with the first differing index and both values.
 */
export function expectSameArray(actual: ArrayLike<number>, expected: ArrayLike<number>, what = 'array'): void {
  if (actual.length !== expected.length) {
    throw new Error(`${what}: length ${actual.length}, expected ${expected.length}`);
  }
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      throw new Error(`${what}[${i}] is ${actual[i]}, expected ${expected[i]}`);
    }
  }
}
