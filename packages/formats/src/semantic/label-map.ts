import { SegkitError } from '@segkit/core';
import type { PngImage } from '../io/png.js';

/** A semantic label map: one class index per pixel, row-major. */
export interface LabelMap {
  height: number;
  width: number;
  data: Uint8Array | Uint16Array | Uint32Array;
}

/**
 * The class indices of a class-index PNG: 8- or 16-bit greyscale values, or the palette *indices*
 * of an indexed PNG (never its colours). Colour-coded RGB masks need a colour table (not yet read).
 */
export function labelMapFromPng(image: PngImage, name: string): LabelMap {
  if (image.channels === 1) return { height: image.height, width: image.width, data: image.data };
  if (image.channels === 2) {
    // Grey + alpha: keep the grey samples.
    const grey =
      image.depth === 16 ? new Uint16Array(image.width * image.height) : new Uint8Array(image.width * image.height);
    for (let i = 0; i < grey.length; i++) grey[i] = image.data[2 * i];
    return { height: image.height, width: image.width, data: grey };
  }
  throw new SegkitError(
    'INVALID_PNG',
    `is an ${image.channels === 3 ? 'RGB' : 'RGBA'} image; a class-index mask is single-channel (greyscale or palette)`,
    [name],
  );
}

/** The Pascal VOC colormap: colour of class i from the bits of i (VOClabelcolormap.m). */
export function vocPalette(size = 256): number[][] {
  const palette: number[][] = [];
  for (let i = 0; i < size; i++) {
    let r = 0;
    let g = 0;
    let b = 0;
    let c = i;
    for (let bit = 7; bit >= 0; bit--) {
      r |= (c & 1) << bit;
      g |= ((c >> 1) & 1) << bit;
      b |= ((c >> 2) & 1) << bit;
      c >>= 3;
    }
    palette.push([r, g, b]);
  }
  return palette;
}

/** How a class-index PNG stores its indices: greyscale values, or palette indices (viewers show colours). */
export type LabelPngMode = 'grey' | 'palette';

/**
 * A label map as a PNG: 8-bit when every value fits a byte, with the VOC palette (viewers show
 * colours, readers get indices) unless `mode` is 'grey'; otherwise 16-bit greyscale.
 */
export function labelMapToPng(map: LabelMap, mode: LabelPngMode = 'palette'): PngImage {
  let max = 0;
  for (let i = 0; i < map.data.length; i++) if (map.data[i] > max) max = map.data[i];
  if (max <= 255) {
    const data = map.data instanceof Uint8Array ? map.data : Uint8Array.from(map.data);
    const png: PngImage = { width: map.width, height: map.height, channels: 1, depth: 8, data };
    if (mode === 'palette') png.palette = vocPalette();
    return png;
  }
  const data = map.data instanceof Uint16Array ? map.data : Uint16Array.from(map.data);
  return { width: map.width, height: map.height, channels: 1, depth: 16, data };
}
