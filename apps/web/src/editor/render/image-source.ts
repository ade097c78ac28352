/**
 * Reading the image sources the renderers accept: their size, and (for the Canvas 2D backend, which
 * composes frames on the CPU) their RGBA bytes, read once through a scratch canvas with no colour
 * conversion beyond the browser's own decode.
 */
import { SegkitError } from '@segkit/core';
import type { RenderImageSource } from './renderer-interface.js';
import type { LabelSource, Rect } from './types.js';

/** Images up to 2^28 pixels (16384²): the label map of one is a 1 GiB Uint32Array already. */
export const MAX_IMAGE_PIXELS = 2 ** 28;

export interface Size {
  width: number;
  height: number;
}

export function sourceSize(source: RenderImageSource): Size {
  if (typeof HTMLImageElement !== 'undefined' && source instanceof HTMLImageElement) {
    return { width: source.naturalWidth, height: source.naturalHeight };
  }
  return { width: source.width, height: source.height };
}

/** The size of an image the renderers accept, or a typed error naming it. */
export function checkImageSize(size: Size, what: string): Size {
  const { width, height } = size;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new SegkitError('INVALID_SIZE', `${what} is ${width} × ${height}: not a positive integer size`);
  }
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new SegkitError('LIMIT', `${what} is ${width} × ${height}: more than ${MAX_IMAGE_PIXELS} pixels`);
  }
  return size;
}

/** The labels' size, checked against their view and (when one is set) the image's. */
export function checkLabels(labels: LabelSource, image: Size | undefined): void {
  checkImageSize(labels, 'the label map');
  if (labels.view.length !== labels.width * labels.height) {
    throw new SegkitError(
      'SIZE_MISMATCH',
      `the label map is ${labels.width} × ${labels.height} but its view holds ${labels.view.length} ids`,
    );
  }
  if (image !== undefined && (image.width !== labels.width || image.height !== labels.height)) {
    throw new SegkitError(
      'SIZE_MISMATCH',
      `the label map is ${labels.width} × ${labels.height} but the image is ${image.width} × ${image.height}`,
    );
  }
}

/** The source's RGBA bytes, width × height × 4. */
export function sourcePixels(source: RenderImageSource): Uint8ClampedArray {
  if (source instanceof ImageData) return source.data;
  const { width, height } = sourceSize(source);
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (context === null) throw new SegkitError('UNSUPPORTED', 'no 2D canvas context to read the image from');
  context.drawImage(source, 0, 0);
  return context.getImageData(0, 0, width, height).data;
}

/** A read rectangle must lie inside the image: a typed error naming it otherwise. */
export function checkReadRect(rect: Rect, size: Size | undefined): void {
  const { x, y, width, height } = rect;
  const ok =
    size !== undefined &&
    [x, y, width, height].every(Number.isInteger) &&
    x >= 0 &&
    y >= 0 &&
    width >= 0 &&
    height >= 0 &&
    x + width <= size.width &&
    y + height <= size.height;
  if (!ok) {
    const of = size === undefined ? 'no image' : `the ${size.width} × ${size.height} image`;
    throw new SegkitError('INVALID_BBOX', `read rectangle ${x},${y} ${width} × ${height} is not inside ${of}`);
  }
}
