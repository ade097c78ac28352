/**
 * The two mask representations of the core. Both are plain records of a flat typed array.
 *
 * - `Bitmap`: `height` rows × `width` columns, ROW-major (pixel (x, y) at `y * width + x`), one byte
 *   per pixel, any non-zero byte is foreground. This is the JavaScript convention (ImageData, canvas).
 * - `Rle`: COCO run-length encoding. Runs are counted in COLUMN-major order (pixel (x, y) at
 *   `x * height + y`), alternate background/foreground and always start with background, so the first
 *   run may be empty. For M = [0 0 1 1 1 0 1] the counts are [2 3 1 1]; for [1 1 1 1 1 1 0] they are
 *   [0 6 1]. The encoder never writes any other empty run; decoders accept them (pycocotools'
 *   `frPyObjects` keeps whatever counts it is given).
 */

export interface Bitmap {
  readonly height: number;
  readonly width: number;
  /** Row-major, length `height * width`; 0 is background, anything else foreground. */
  readonly data: Uint8Array;
}

export interface Rle {
  readonly height: number;
  readonly width: number;
  /** Alternating run lengths, background first; they sum to `height * width`. */
  readonly counts: Uint32Array;
}

/** A pixel box `[x, y, width, height]`, 0-indexed; `[0, 0, 1, 1]` covers the first pixel. */
export type Bbox = [x: number, y: number, width: number, height: number];

/** COCO's JSON form of a compressed RLE. */
export interface CocoRle {
  size: [height: number, width: number];
  counts: string;
}

/** COCO's JSON form of an uncompressed RLE (what `iscrowd` annotations usually carry). */
export interface CocoUncompressedRle {
  size: [height: number, width: number];
  counts: number[];
}
