/**
 * Argument checks shared by the pixel algorithms: each throws a `SegkitError` naming the call and the
 * values, so a tool wired to the wrong buffer fails loudly instead of reading past an array.
 */
import { checkSize, SegkitError } from '@segkit/core';

/** Throws unless `width` × `height` is a valid image size (non-negative integers, < 2^32 pixels). */
export function checkImageSize(what: string, width: number, height: number): void {
  try {
    checkSize(height, width);
  } catch (error) {
    throw error instanceof SegkitError ? error.withContext(what) : error;
  }
}

/** Throws unless `data` holds exactly `perPixel` × width × height elements. */
export function checkBufferLength(
  what: string,
  name: string,
  data: ArrayLike<number>,
  width: number,
  height: number,
  perPixel: number,
): void {
  if (data === null || typeof data !== 'object' || typeof data.length !== 'number') {
    throw new SegkitError('INVALID_MASK', `${name} must be a typed array`, [what]);
  }
  const expected = width * height * perPixel;
  if (data.length !== expected) {
    throw new SegkitError(
      'SIZE_MISMATCH',
      `${name} has ${data.length} elements; a ${width}×${height} image needs ${expected}`,
      [what],
    );
  }
}

/** Throws unless (x, y) is an integer pixel inside the image. */
export function checkPixel(what: string, x: number, y: number, width: number, height: number): void {
  if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= width || y >= height) {
    throw new SegkitError('INVALID_SIZE', `pixel (${x}, ${y}) is outside the ${width}×${height} image`, [what]);
  }
}
