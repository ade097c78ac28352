import { readFile } from 'node:fs/promises';
import { SegkitError } from '@segkit/core';
import { decode, encode } from 'fast-png';
import { writeFileAtomic } from './atomic-write.js';
import { decodePngNative } from './png-inflate.js';

/**
 * A decoded PNG, samples as stored: class indices stay indices (palette PNGs are not expanded to
 * colours), 16-bit samples stay 16-bit. Row-major, `channels` samples per pixel.
 */
export interface PngImage {
  width: number;
  height: number;
  /** 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA; 1 for a palette image (data holds indices). */
  channels: number;
  /** Bits per sample: 1, 2, 4, 8 or 16 (sub-byte samples are unpacked to one per byte). */
  depth: number;
  data: Uint8Array | Uint16Array;
  /** Colour table of an indexed PNG, `[r, g, b]` or `[r, g, b, a]` per index. */
  palette?: number[][];
}

/** Decodes PNG bytes; a truncated or corrupt file is a SegkitError naming `name`. */
export function decodePng(bytes: Uint8Array, name: string): PngImage {
  return decodePngNative(bytes) ?? decodePngPortable(bytes, name);
}

/** fast-png: every PNG, and the errors for damaged ones. */
export function decodePngPortable(bytes: Uint8Array, name: string): PngImage {
  let decoded: ReturnType<typeof decode>;
  try {
    decoded = decode(bytes, { checkCrc: true });
  } catch (error) {
    throw new SegkitError('INVALID_PNG', `not a readable PNG: ${(error as Error).message}`, [name]);
  }
  const { width, height, channels, depth, palette } = decoded;
  let data = decoded.data as Uint8Array | Uint16Array;
  if (depth < 8) data = unpackBits(data as Uint8Array, width, height, channels, depth);
  if (data.length !== width * height * channels) {
    throw new SegkitError(
      'INVALID_PNG',
      `decoded ${data.length} samples, expected ${width}×${height}×${channels}; the file is damaged`,
      [name],
    );
  }
  const image: PngImage = { width, height, channels, depth, data };
  if (palette !== undefined) image.palette = palette as number[][];
  return image;
}

/** Sub-byte samples (1, 2, 4 bits; rows padded to a byte) → one byte each. */
function unpackBits(packed: Uint8Array, width: number, height: number, channels: number, depth: number): Uint8Array {
  const perRow = width * channels;
  const rowBytes = Math.ceil((perRow * depth) / 8);
  if (packed.length === perRow * height) return packed; // already one sample per byte
  const out = new Uint8Array(perRow * height);
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < perRow; i++) {
      const bit = i * depth;
      const byte = packed[y * rowBytes + (bit >> 3)];
      out[y * perRow + i] = (byte >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}

export async function readPng(path: string): Promise<PngImage> {
  return decodePng(await readPngBytes(path), path);
}

/** The bytes of a file, or a SegkitError naming it. */
export async function readPngBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new SegkitError('IO', `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, [
      path,
    ]);
  }
}

/** Encodes 8- or 16-bit samples (with a palette for an indexed image). */
export function encodePng(image: PngImage): Uint8Array {
  return encode({
    width: image.width,
    height: image.height,
    data: image.data,
    depth: image.depth as 8 | 16,
    channels: image.channels,
    ...(image.palette ? { palette: image.palette } : {}),
  });
}

/** Writes a PNG atomically (temporary file, then rename). */
export async function writePng(path: string, image: PngImage): Promise<void> {
  await writeFileAtomic(path, [encodePng(image)]);
}
