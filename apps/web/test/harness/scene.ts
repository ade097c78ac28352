/**
 * Scenes the render tests and the render benchmark draw, made the same way in Node (expected values)
 * and in the page (what is uploaded): label maps drawn as grids in the test source, seeded blob maps,
 * and an image whose every pixel has its own colour. Pure: no DOM, no Node.
 */
import { mulberry32 } from '@segkit/core';

/** A label map from rows of ids written as text: `grid('0 1\n2 2')` is 2 × 2, ids [0, 1, 2, 2]. */
export function grid(text: string): { width: number; height: number; ids: number[] } {
  const rows = text
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number));
  const width = rows[0].length;
  if (rows.some((row) => row.length !== width)) throw new Error('grid: rows of different lengths');
  return { width, height: rows.length, ids: rows.flat() };
}

/**
 * `count` ellipses with ids 1..count, later ones on top, centres and radii from mulberry32(seed), radii
 * up to a tenth of the smaller side: with 300 on 4096 × 3072 most pixels are labelled, as in a dense
 * instance annotation.
 */
export function blobScene(width: number, height: number, count: number, seed: number): Uint32Array {
  const random = mulberry32(seed);
  const ids = new Uint32Array(width * height);
  const maxRadius = Math.max(2, Math.min(width, height) / 10);
  for (let id = 1; id <= count; id++) {
    const cx = random() * width;
    const cy = random() * height;
    const rx = 1 + random() * maxRadius;
    const ry = 1 + random() * maxRadius;
    const y0 = Math.max(0, Math.floor(cy - ry));
    const y1 = Math.min(height - 1, Math.ceil(cy + ry));
    for (let y = y0; y <= y1; y++) {
      const dy = (y + 0.5 - cy) / ry;
      const half = 1 - dy * dy;
      if (half < 0) continue;
      const span = rx * Math.sqrt(half);
      const x0 = Math.max(0, Math.ceil(cx - span - 0.5));
      const x1 = Math.min(width - 1, Math.floor(cx + span - 0.5));
      if (x1 >= x0) ids.fill(id, y * width + x0, y * width + x1 + 1);
    }
  }
  return ids;
}

/** An RGBA image whose pixel (x, y) is (x mod 251, y mod 241, (7x + 13y) mod 256, 255): tiles show. */
export function patternImage(width: number, height: number): Uint8ClampedArray<ArrayBuffer> {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0, o = 0; y < height; y++) {
    for (let x = 0; x < width; x++, o += 4) {
      rgba[o] = x % 251;
      rgba[o + 1] = y % 241;
      rgba[o + 2] = (7 * x + 13 * y) & 255;
      rgba[o + 3] = 255;
    }
  }
  return rgba;
}

/** The pattern image's RGB at (x, y). */
export function patternAt(x: number, y: number): [number, number, number] {
  return [x % 251, y % 241, (7 * x + 13 * y) & 255];
}

/** FNV-1a over the ids' bytes (little-endian): one number to compare 12 M ids across the page boundary. */
export function hashIds(ids: ArrayLike<number>): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < ids.length; i++) {
    const v = ids[i];
    hash = Math.imul(hash ^ (v & 255), 0x01000193);
    hash = Math.imul(hash ^ ((v >>> 8) & 255), 0x01000193);
    hash = Math.imul(hash ^ ((v >>> 16) & 255), 0x01000193);
    hash = Math.imul(hash ^ (v >>> 24), 0x01000193);
  }
  return hash >>> 0;
}

/** A palette of `count` seeded random opaque colours after the unlabeled entry (alpha 0). */
export function randomPalette(count: number, seed: number): Uint8Array {
  const random = mulberry32(seed);
  const rgba = new Uint8Array((count + 1) * 4);
  for (let id = 1; id <= count; id++) {
    rgba[id * 4] = Math.floor(random() * 256);
    rgba[id * 4 + 1] = Math.floor(random() * 256);
    rgba[id * 4 + 2] = Math.floor(random() * 256);
    rgba[id * 4 + 3] = 255;
  }
  return rgba;
}
