/**
 * What one device pixel of a frame shows: the rules both backends implement, the WebGL2 one in its
 * fragment shader (shaders.ts) and the Canvas 2D one on the CPU (compose.ts), with the same integer
 * arithmetic so their frames are byte-identical. Pure: no DOM.
 *
 * For device pixel (i, j) of a canvas at scaleX × scaleY device pixels per CSS pixel, camera (Z, x, y):
 *   image pixel px = floor((i + 0.5) / (scaleX·Z) + x), py likewise; outside the image: `background`.
 *   Its edge band: the device pixels less than T = max(1, floor(scale)) (one CSS pixel) from a side of
 *   the image pixel; a side "differs" when the 4-neighbour across it has another id (or is off-image).
 *   base = the image's RGB; id = the label; colour = palette[id] (UNKNOWN_COLOR past the palette's end).
 *   When the palette's alpha for id is non-zero (0 is unlabeled or hidden):
 *     A = outline ? 0 : opacity (0..255); the hovered id gets A + HOVER_BOOST (at most 255);
 *     in the edge band of a differing side: the selected id is `selectedColor` at 255, and with
 *     `outline` every id is its colour at 255;
 *     shown = blend(base, colour, A).
 *   At zoom >= GRID_MIN_ZOOM (with `grid`), the first device column and row of each image pixel are
 *   blended with GRID_COLOR at GRID_ALPHA. Last, the footprint's edge band (sides whose neighbour is
 *   outside the footprint) is `footprintColor`.
 *   blend(a, b, A) = floor((a·(255 − A) + b·A + 127) / 255), per channel.
 */
import type { RenderStyle } from './types.js';

export const HOVER_BOOST = 64;
export const GRID_MIN_ZOOM = 8;
export const GRID_ALPHA = 64;
export const GRID_COLOR: readonly [number, number, number] = [0, 0, 0];

export const DEFAULT_STYLE: RenderStyle = {
  opacity: 0.5,
  outline: false,
  hoverId: 0,
  selectedId: 0,
  grid: true,
  background: [40, 40, 40],
  selectedColor: [255, 255, 255],
  footprintColor: [255, 255, 0],
};

/** The style's opacity as the byte both backends blend with. */
export function opacityByte(opacity: number): number {
  if (!Number.isFinite(opacity)) return 0;
  return Math.round(Math.min(1, Math.max(0, opacity)) * 255);
}

/** The edge band's width in device pixels: one CSS pixel, at least one device pixel. */
export function bandWidth(scale: number): number {
  return Math.max(1, Math.floor(scale));
}

export function blend(a: number, b: number, alpha: number): number {
  return Math.floor((a * (255 - alpha) + b * alpha + 127) / 255);
}

/** A style with every field set: the defaults, then `style`'s defined fields; ids as uint32. */
export function mergeStyle(base: RenderStyle, style: Partial<RenderStyle>): RenderStyle {
  const next = { ...base };
  for (const key of Object.keys(style) as (keyof RenderStyle)[]) {
    if (style[key] !== undefined) Object.assign(next, { [key]: style[key] });
  }
  next.hoverId = next.hoverId >>> 0;
  next.selectedId = next.selectedId >>> 0;
  return next;
}
