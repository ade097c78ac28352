/**
 * The overlay of one annotation document: each segment's compressed RLE painted into a label map
 * (segment index + 1, later segments on top, as instance projects stack them), then one pass turns
 * the map into RGBA pixels in the class colours; unlabelled pixels stay transparent.
 *
 *   segments [road (whole image), car (pixel 0)] → pixel 0 car's colour, the rest road's.
 *
 * Cost: the painting walks runs (no mask is decoded); the colouring is one pass over the pixels.
 */
import { fromCocoRle } from '@segkit/core';
import { paintRle } from '@segkit/formats';
import type { ProjectClass, Segment } from '../api/types.js';
import { packRgba } from './colors.js';

/** A segment whose class is not in the taxonomy shows in this colour. */
const UNKNOWN_CLASS = '#ff00ff';

export interface Overlay {
  width: number;
  height: number;
  /** RGBA, row-major: what `new ImageData(rgba, width, height)` takes. */
  rgba: Uint8ClampedArray<ArrayBuffer>;
  /** Pixels per class id, for the legend. */
  pixels: Map<number, number>;
}

/** Throws an Error naming the segment whose RLE is not of the image's size. */
export function paintOverlay(
  segments: readonly Segment[],
  classes: readonly ProjectClass[],
  width: number,
  height: number,
): Overlay {
  const labels = new Uint32Array(width * height);
  const map = { width, height, data: labels };
  for (const [index, segment] of segments.entries()) {
    const [h, w] = segment.segmentation.size;
    if (h !== height || w !== width) {
      throw new Error(`segment ${segment.id}: its mask is ${w}×${h}, the image ${width}×${height}`);
    }
    paintRle(map, fromCocoRle(segment.segmentation), index + 1, 0, false);
  }
  const colorOf = new Map(classes.map((c) => [c.id, c.color]));
  const palette = new Uint32Array(segments.length + 1); // 0: transparent
  for (const [index, segment] of segments.entries()) {
    palette[index + 1] = packRgba(colorOf.get(segment.categoryId) ?? UNKNOWN_CLASS);
  }
  const rgba = new Uint8ClampedArray(width * height * 4);
  const words = new Uint32Array(rgba.buffer);
  const perSegment = new Float64Array(segments.length + 1);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    words[i] = palette[label];
    perSegment[label]++;
  }
  const pixels = new Map<number, number>();
  for (const [index, segment] of segments.entries()) {
    const count = perSegment[index + 1];
    if (count > 0) pixels.set(segment.categoryId, (pixels.get(segment.categoryId) ?? 0) + count);
  }
  return { width, height, rgba, pixels };
}
