/**
 * Label Studio brush masks (`BrushLabels`, `value.format: "rle"`): the RGBA pixels of a canvas the
 * size of the image (row-major, 4 bytes a pixel, as ImageData), packed with `@thi.ng/rle-pack`
 * (see rle-pack.ts). A pixel is in the mask when its alpha byte is non-zero: the editor colours
 * exactly those pixels when it loads a mask (web/libs/editor/src/utils/canvas.js `RLE2Region`) and
 * label-studio-converter takes alpha > 0 too (brush.py `ls_rle_to_coco_rle`). R, G and B are
 * ignored; the editor writes them equal to alpha, the converter's `contour2rle` does not.
 *
 * Example: a 1×2 image whose second pixel is on has the bytes [0 0 0 0 255 255 255 255], packed to
 * [0 0 0 8 57 27 252 96 17 255 128].
 *
 * Cost: decoding touches each record once and fills runs of pixels; no RGBA buffer is allocated.
 */
import { type Bitmap, checkSize, SegkitError } from '@segkit/core';
import { packRuns, walkPackedWords } from './rle-pack.js';

/** Bytes a pixel takes in the packed canvas: R, G, B, A. */
const CHANNELS = 4;

/**
 * Decodes a brush `rle` (a list of bytes) to a `height`×`width` bitmap of 0/1 bytes (1 where alpha
 * is non-zero). Throws a SegkitError naming the values when the stream does not hold exactly
 * height·width·4 words or is damaged (see `walkPackedWords`).
 */
export function brushRleToBitmap(rle: ArrayLike<number>, height: number, width: number): Bitmap {
  checkSize(height, width);
  const expected = height * width * CHANNELS;
  if (expected > 0xffffffff) {
    throw new SegkitError(
      'INVALID_SIZE',
      `a ${width}×${height} image has ${expected} RGBA bytes, more than a brush mask's 32-bit count can hold`,
    );
  }
  const data = new Uint8Array(height * width);
  walkPackedWords(rle, ({ count, wordSize }) => {
    if (count !== expected) {
      throw new SegkitError(
        'INVALID_RLE',
        `brush mask holds ${count} bytes but a ${width}×${height} RGBA image needs ${expected} (${width}·${height}·4)`,
      );
    }
    if (wordSize !== 8) {
      throw new SegkitError('UNSUPPORTED', `brush mask uses ${wordSize}-bit words; Label Studio writes 8-bit bytes`);
    }
    return (start, end, value) => {
      // Bytes [start, end) cover the alpha bytes 4p+3 of pixels p in [start/4, end/4), floored.
      if (value !== 0) {
        const first = start >>> 2;
        const last = end >>> 2;
        if (last > first) data.fill(1, first, last);
      }
    };
  });
  return { height, width, data };
}

/**
 * Encodes a bitmap (non-zero = foreground) as a brush `rle`, the way Label Studio's editor exports
 * a fully opaque brush: R = G = B = A = 255 on foreground pixels, 0 elsewhere. Returns plain numbers,
 * ready for JSON.
 */
export function bitmapToBrushRle(bitmap: Bitmap): number[] {
  const { height, width, data } = bitmap;
  checkSize(height, width);
  if (!(data instanceof Uint8Array) || data.length !== height * width) {
    throw new SegkitError(
      'INVALID_MASK',
      `mask data has ${data?.length} bytes but [${height}, ${width}] needs ${height * width}`,
    );
  }
  if (height * width * CHANNELS > 0xffffffff) {
    throw new SegkitError('INVALID_SIZE', `a ${width}×${height} image is too large for a brush mask's 32-bit count`);
  }
  const packed = packRuns(data.length * CHANNELS, (push) => {
    // Row-major runs of foreground / background pixels, each pixel 4 equal bytes.
    let start = 0;
    while (start < data.length) {
      const on = data[start] !== 0;
      let end = start + 1;
      while (end < data.length && (data[end] !== 0) === on) end++;
      push(on ? 255 : 0, (end - start) * CHANNELS);
      start = end;
    }
  });
  // A sized loop: Array.from on a typed array is several times slower for multi-megabyte masks.
  const out = new Array<number>(packed.length);
  for (let i = 0; i < packed.length; i++) out[i] = packed[i];
  return out;
}
