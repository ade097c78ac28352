import { checkPixelLimit, type Limits, SegkitError } from '@segkit/core';
import { decode, encode } from 'fast-png';
import type { FileSink, FileSource, Inflate } from '../registry/types.js';
import { imageSize } from './image-size.js';
import { decodePngNative, type PngInflater } from './png-inflate.js';
import { locate } from './source-files.js';

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

/** How PNGs are decoded: with an inflate (and CRC) the fast path, else fast-png for every image. */
export type PngCodec = Partial<PngInflater>;

/** The codec and the limits a decode is held to (`limits.maxPixels`, checked from the header). */
export interface PngDecodeOptions extends PngCodec {
  limits?: Partial<Limits>;
}

/**
 * Decodes PNG bytes; a truncated or corrupt file is a SegkitError naming `name`. With
 * `codec.inflate` the common PNGs take the fast path (png-inflate.ts), the rest go to fast-png.
 */
export function decodePng(bytes: Uint8Array, name: string, codec: PngDecodeOptions = {}): PngImage {
  checkHeaderPixels(bytes, name, codec.limits);
  const inflate: Inflate | undefined = codec.inflate;
  const fast =
    inflate === undefined
      ? undefined
      : decodePngNative(bytes, codec.crc32 === undefined ? { inflate } : { inflate, crc32: codec.crc32 });
  return fast ?? decodePngPortable(bytes, name);
}

/** Refuses, from the IHDR chunk alone, a PNG whose pixels pass the limit: nothing is inflated first. */
function checkHeaderPixels(bytes: Uint8Array, name: string, limits: Partial<Limits> | undefined): void {
  const size = imageSize(bytes);
  if (size === undefined) return; // not a PNG header: the decoder says what is wrong
  try {
    checkPixelLimit(size.width, size.height, limits, 'the PNG header');
  } catch (error) {
    throw (error as SegkitError).withContext(name);
  }
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

/** Reads and decodes a PNG of a source; errors name the file. */
export async function readPngFrom(source: FileSource, path: string, codec: PngDecodeOptions = {}): Promise<PngImage> {
  return decodePng(await source.read(path), locate(source, path), codec);
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

/** Encodes and writes a PNG into a sink. */
export async function writePngTo(sink: FileSink, path: string, image: PngImage): Promise<void> {
  await sink.write(path, encodePng(image));
}
