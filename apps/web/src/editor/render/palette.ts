/**
 * The palette: 4 bytes (RGBA) per segment id, index 0 the unlabeled pixel (alpha 0). The renderers look
 * every label pixel up in it, so recolouring a class or hiding one is a palette upload of a few
 * kilobytes, never a repaint of the label pixels. Pure: no DOM.
 *
 * Example: segments [{ id: 1, categoryId: 7 }, { id: 2, categoryId: 9 }] with class 7 '#ff0000' and
 * class 9 hidden give [0,0,0,0, 255,0,0,255, r,g,b,0] (id 2 keeps its colour, alpha 0 hides it).
 */
import { SegkitError } from '@segkit/core';
import { hexToRgb } from '../../lib/colors.js';

/** Ids a palette can hold: the palette texture is at most 2048 × 2048 texels. */
export const PALETTE_WIDTH = 2048;
export const MAX_PALETTE_IDS = PALETTE_WIDTH * PALETTE_WIDTH;
/** Drawn for an id the palette does not hold, so a missing entry shows instead of vanishing. */
export const UNKNOWN_COLOR: readonly [number, number, number] = [255, 0, 255];
/** Drawn for a segment whose class has no `#rrggbb` colour. */
const NO_CLASS_COLOR: readonly [number, number, number] = [128, 128, 128];

export interface PaletteSegment {
  id: number;
  categoryId: number;
  hidden?: boolean;
}

export interface PaletteClass {
  id: number;
  /** `#rrggbb`. */
  color: string;
  hidden?: boolean;
}

/** The palette of a document's segments in their classes' colours; a hidden segment or class has alpha 0. */
export function buildPalette(segments: Iterable<PaletteSegment>, classes: Iterable<PaletteClass>): Uint8Array {
  const byId = new Map<number, PaletteClass>();
  for (const c of classes) byId.set(c.id, c);
  const list = [...segments];
  let maxId = 0;
  for (const segment of list) {
    if (!Number.isInteger(segment.id) || segment.id < 1 || segment.id >= MAX_PALETTE_IDS) {
      throw new SegkitError('LIMIT', `segment id ${segment.id} is not an integer in 1..${MAX_PALETTE_IDS - 1}`);
    }
    if (segment.id > maxId) maxId = segment.id;
  }
  // Ids without a segment are unknown ones: the UNKNOWN_COLOR the shader gives ids past the end.
  const rgba = new Uint8Array((maxId + 1) * 4);
  for (let id = 1; id <= maxId; id++) {
    rgba[id * 4] = UNKNOWN_COLOR[0];
    rgba[id * 4 + 1] = UNKNOWN_COLOR[1];
    rgba[id * 4 + 2] = UNKNOWN_COLOR[2];
    rgba[id * 4 + 3] = 255;
  }
  for (const segment of list) {
    const cls = byId.get(segment.categoryId);
    const rgb = (cls !== undefined ? hexToRgb(cls.color) : undefined) ?? NO_CLASS_COLOR;
    const at = segment.id * 4;
    rgba[at] = rgb[0];
    rgba[at + 1] = rgb[1];
    rgba[at + 2] = rgb[2];
    rgba[at + 3] = segment.hidden === true || cls?.hidden === true ? 0 : 255;
  }
  return rgba;
}

/** Checks a palette where it enters a renderer: whole RGBA entries, at most MAX_PALETTE_IDS of them. */
export function checkPalette(rgba: Uint8Array): number {
  if (rgba.length % 4 !== 0) {
    throw new SegkitError('INVALID_SIZE', `palette has ${rgba.length} bytes, not a multiple of 4 (RGBA per id)`);
  }
  const entries = rgba.length / 4;
  if (entries > MAX_PALETTE_IDS) {
    throw new SegkitError('LIMIT', `palette has ${entries} entries, more than ${MAX_PALETTE_IDS}`);
  }
  return entries;
}
