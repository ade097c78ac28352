/** Loads the reference vectors copied from ../shared/fixtures/reference (see its README). */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

/** Raw little-endian bytes from base64, in a buffer of their own (aligned for wider views). */
function bytes(b64: string): ArrayBuffer {
  const view = Buffer.from(b64, 'base64');
  const copy = new Uint8Array(view.length);
  copy.set(view);
  return copy.buffer;
}

export const uint8FromBase64 = (b64: string): Uint8Array => new Uint8Array(bytes(b64));
export const int32FromBase64 = (b64: string): Int32Array => new Int32Array(bytes(b64));

/**
 * A score within `tolerance` of the expected value, or both null (NaN). The reference vectors are
 * matched exactly (tolerance 0); hand-written fractions within 1e-12.
 */
export function expectScore(actual: number | null, expected: number | null, what: string, tolerance = 1e-12): void {
  if (expected === null) {
    expect(actual, what).toBeNull();
    return;
  }
  expect(actual, what).not.toBeNull();
  expect(Math.abs((actual as number) - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

/** The reference values are matched to the last bit. */
export const exactly = (actual: number | null, expected: number | null, what: string): void =>
  expectScore(actual, expected, what, 0);

/** A row-major label map drawn as text: cells separated by spaces, `x` is 255. */
export function labels(text: string): Uint8Array {
  const cells = text
    .trim()
    .split(/\s+/)
    .map((c) => (c === 'x' ? 255 : Number.parseInt(c, 10)));
  return Uint8Array.from(cells);
}

/** The seeded generator is core's mulberry32, re-exported for the tests that import it from here. */
export { mulberry32 } from '@segkit/core';
