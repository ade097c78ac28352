/**
 * Magic wand: the 4-connected region of pixels whose colour is close to the seed pixel's, at the
 * image's native resolution (never the screen's).
 *
 * Metric: a pixel is accepted when max(|ΔR|, |ΔG|, |ΔB|) ≤ tolerance against the SEED pixel's colour
 * (not its neighbour's, so the region cannot drift across a slow gradient); alpha is ignored.
 * Tolerance 0 takes exactly the seed's colour; 255 takes every pixel connected to the seed; a
 * fractional tolerance is floored (channels are integers).
 * Example: on the 3×1 image [(10,10,10), (14,10,10), (30,10,10)] a click on x = 0 with tolerance 4
 * selects pixels 0 and 1.
 * Cost: O(pixels selected) plus one clear of `out` (w·h bytes).
 */
import { SegkitError } from '@segkit/core';
import { checkBufferLength, checkImageSize, checkPixel } from './check.js';
import type { Region } from './region.js';
import { scanlineFill } from './scanline-fill.js';

export function magicWand(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  x: number,
  y: number,
  tolerance: number,
  out?: Uint8Array,
): Region {
  const what = 'magic wand';
  checkImageSize(what, width, height);
  checkBufferLength(what, 'rgba', rgba, width, height, 4);
  checkPixel(what, x, y, width, height);
  if (typeof tolerance !== 'number' || Number.isNaN(tolerance) || tolerance < 0) {
    throw new SegkitError('INVALID_SIZE', `tolerance must be a number ≥ 0, got ${tolerance}`, [what]);
  }
  const mask = out ?? new Uint8Array(width * height);
  checkBufferLength(what, 'out', mask, width, height, 1);
  const seed = y * width + x;
  const r0 = rgba[seed * 4];
  const g0 = rgba[seed * 4 + 1];
  const b0 = rgba[seed * 4 + 2];
  const t = Math.floor(tolerance);
  const accept = (i: number): boolean => {
    const o = i << 2;
    const dr = rgba[o] - r0;
    const dg = rgba[o + 1] - g0;
    const db = rgba[o + 2] - b0;
    return dr <= t && dr >= -t && dg <= t && dg >= -t && db <= t && db >= -t;
  };
  return scanlineFill(width, height, seed, accept, mask);
}
