import { SegkitError } from './errors.js';

/** Largest h·w we accept: COCO counts are uint32, so a mask must have fewer than 2^32 pixels. */
export const MAX_PIXELS = 0xffffffff;

/** Throws unless `height` and `width` are non-negative integers whose product fits a uint32. */
export function checkSize(height: number, width: number): void {
  if (!Number.isInteger(height) || height < 0 || !Number.isInteger(width) || width < 0) {
    throw new SegkitError('INVALID_SIZE', `size must be two non-negative integers [h, w], got [${height}, ${width}]`);
  }
  if (height * width > MAX_PIXELS) {
    throw new SegkitError(
      'INVALID_SIZE',
      `size [${height}, ${width}] has ${height * width} pixels, more than the 2^32-1 that COCO RLE counts can hold`,
    );
  }
}

export function checkSameSize(
  a: { height: number; width: number },
  b: { height: number; width: number },
  what: string,
): void {
  if (a.height !== b.height || a.width !== b.width) {
    throw new SegkitError(
      'SIZE_MISMATCH',
      `${what}: sizes differ, [${a.height}, ${a.width}] vs [${b.height}, ${b.width}]`,
    );
  }
}
