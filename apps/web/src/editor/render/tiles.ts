/**
 * How the image and label layer are cut into textures. WebGL2 guarantees MAX_TEXTURE_SIZE >= 2048, so
 * every texture is at most 2048 texels a side: a 2046-pixel core plus a 1-pixel apron copied from each
 * neighbour, so the shader's 4-neighbour lookups (outline edges) never leave the texture it reads.
 * Pure: no DOM.
 *
 * Example: 4096 × 3072 is 3 × 2 tiles; cores start at x = 0, 2046, 4092 (the last 4 wide) and
 * y = 0, 2046; the first tile's texture covers x 0..2046 (2047 texels: no apron left of the image).
 */
import type { Rect } from './types.js';

export const TILE_TEXELS = 2048;
export const TILE_APRON = 1;
export const TILE_CORE = TILE_TEXELS - 2 * TILE_APRON;

export interface Tile {
  /** The pixels this tile draws. */
  core: Rect;
  /** The pixels its textures hold: the core and the apron, clipped to the image. */
  texels: Rect;
}

/** The tiles of a width × height image, row by row. */
export function tileGrid(width: number, height: number): Tile[] {
  const tiles: Tile[] = [];
  for (let y = 0; y < height; y += TILE_CORE) {
    for (let x = 0; x < width; x += TILE_CORE) {
      const core = { x, y, width: Math.min(TILE_CORE, width - x), height: Math.min(TILE_CORE, height - y) };
      const x0 = Math.max(0, x - TILE_APRON);
      const y0 = Math.max(0, y - TILE_APRON);
      const x1 = Math.min(width, x + core.width + TILE_APRON);
      const y1 = Math.min(height, y + core.height + TILE_APRON);
      tiles.push({ core, texels: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } });
    }
  }
  return tiles;
}

/** The intersection of two rectangles, or undefined when they share no pixel. */
export function intersect(a: Rect, b: Rect): Rect | undefined {
  const x0 = Math.max(a.x, b.x);
  const y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.width, b.x + b.width);
  const y1 = Math.min(a.y + a.height, b.y + b.height);
  if (x1 <= x0 || y1 <= y0) return undefined;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
