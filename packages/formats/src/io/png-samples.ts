/**
 * From unfiltered PNG rows to samples: 16-bit samples (big-endian in the file), sub-byte samples
 * (1, 2 or 4 bits, packed from the high bit, rows padded to a byte) unpacked to one a byte, and
 * Adam7's seven passes put back in place (PNG spec, sections 7.2 and 8.2).
 */

/** One pass of the image data: the pixels (x + i·dx, y + j·dy), its rows packed at `start`. */
export interface PngPass {
  x: number;
  y: number;
  dx: number;
  dy: number;
  width: number;
  height: number;
  /** Bytes of one unfiltered row (0 for an empty pass). */
  rowBytes: number;
  /** Offset of the pass in the inflated data (and of its unfiltered rows after unfilterInPlace). */
  start: number;
}

/** Adam7's passes: origins and steps of the 8×8 pattern (PNG spec, 8.2). */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** The seven passes of an interlaced image; empty passes have no bytes (not even filter bytes). */
export function adam7Passes(width: number, height: number, bitsPerPixel: number): PngPass[] {
  let start = 0;
  return ADAM7.map(([x, y, dx, dy]) => {
    const w = width > x ? Math.ceil((width - x) / dx) : 0;
    const h = height > y ? Math.ceil((height - y) / dy) : 0;
    const empty = w === 0 || h === 0;
    const pass: PngPass = {
      x,
      y,
      dx,
      dy,
      width: empty ? 0 : w,
      height: empty ? 0 : h,
      rowBytes: empty ? 0 : Math.ceil((w * bitsPerPixel) / 8),
      start,
    };
    start += pass.height * (pass.rowBytes + 1);
    return pass;
  });
}

/** 16-bit samples: the big-endian byte pairs of `bytes[0, length)` swapped in place and viewed as Uint16. */
export function swapBytePairs(bytes: Uint8Array, length: number): Uint16Array {
  // The view needs an even offset; node:zlib's and inflate.ts's buffers have one, a copy otherwise.
  const aligned = bytes.byteOffset % 2 === 0 ? bytes : bytes.slice(0, length);
  const out = new Uint16Array(aligned.buffer, aligned.byteOffset, length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = (aligned[2 * i] << 8) | aligned[2 * i + 1];
  return out;
}

/** Sub-byte samples of `height` packed rows at the start of `packed`, one byte each. */
export function unpackSubByte(
  packed: Uint8Array,
  width: number,
  height: number,
  channels: number,
  depth: number,
): Uint8Array {
  const perRow = width * channels;
  const rowBytes = Math.ceil((perRow * depth) / 8);
  const out = new Uint8Array(perRow * height);
  const mask = (1 << depth) - 1;
  const perByte = 8 / depth;
  for (let y = 0; y < height; y++) {
    const from = y * rowBytes;
    const to = y * perRow;
    for (let i = 0; i < perRow; i++) {
      const byte = packed[from + Math.floor(i / perByte)];
      out[to + i] = (byte >> (8 - depth - (i % perByte) * depth)) & mask;
    }
  }
  return out;
}

/** The full image of an interlaced PNG from its unfiltered passes. */
export function deinterlace(
  buf: Uint8Array,
  passes: PngPass[],
  width: number,
  height: number,
  channels: number,
  depth: number,
): Uint8Array | Uint16Array {
  const out = depth === 16 ? new Uint16Array(width * height * channels) : new Uint8Array(width * height * channels);
  for (const pass of passes) {
    for (let j = 0; j < pass.height; j++) {
      const row = pass.start + j * pass.rowBytes;
      const y = pass.y + j * pass.dy;
      for (let i = 0; i < pass.width; i++) {
        const target = (y * width + pass.x + i * pass.dx) * channels;
        for (let c = 0; c < channels; c++) {
          const s = i * channels + c; // sample index within the pass row
          out[target + c] =
            depth === 16
              ? (buf[row + 2 * s] << 8) | buf[row + 2 * s + 1]
              : depth === 8
                ? buf[row + s]
                : (buf[row + ((s * depth) >> 3)] >> (8 - depth - ((s * depth) & 7))) & ((1 << depth) - 1);
        }
      }
    }
  }
  return out;
}
