import { type Limits, SegkitError } from '@segkit/core';
import { encode } from 'fast-png';
import type { Crc32, FileSink, FileSource, Inflate } from '../registry/types.js';
import { crc32 as portableCrc32 } from './crc32.js';
import { inflateBounded } from './inflate.js';
import { type PngChunks, readPngChunks, unreadable } from './png-chunks.js';
import { adam7Passes, deinterlace, type PngPass, swapBytePairs, unpackSubByte } from './png-samples.js';
import { unfilterInPlace } from './png-unfilter.js';
import { locate } from './source-files.js';

/*
 * PNG decoding, bounded first: the header is read and the pixel limit checked before anything is
 * inflated, then the image data inflates into ONE buffer of exactly the size the header promises
 * (rows plus their filter bytes), and the rows are unfiltered in that buffer. A stream that holds
 * more than the header says is an error when it passes that size, never a bigger allocation.
 *
 * Every PNG kind goes through this one decoder: grey, grey + alpha, RGB, RGBA at 8 or 16 bits,
 * palette images at 1-8 bits (indices kept, not expanded to colours), sub-byte grey, Adam7
 * interlacing. Only the inflate differs: the Node layer hands in node:zlib's (native, about three
 * times faster, same contract: see `Inflate`), anything else uses the portable one (inflate.ts).
 */

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

/** How PNGs are decoded: a native inflate and CRC-32 where the platform has them. */
export interface PngCodec {
  /** A native inflate with `Inflate`'s contract (default: formats' portable one, io/inflate.ts). */
  inflate?: Inflate;
  /** A native CRC-32 (default: crc32.ts, in JavaScript). */
  crc32?: Crc32;
}

/** The codec and the limits a decode is held to (`limits.maxPixels`, checked from the header). */
export interface PngDecodeOptions extends PngCodec {
  limits?: Partial<Limits>;
}

/**
 * Decodes PNG bytes. A file that is not a PNG, or is damaged or cut short, is an `INVALID_PNG`
 * SegkitError naming `name`; a header over `limits.maxPixels` a `LIMIT` error, before any pixel
 * buffer exists.
 */
export function decodePng(bytes: Uint8Array, name: string, options: PngDecodeOptions = {}): PngImage {
  return decodePngChunks(
    readPngChunks(bytes, name, options.crc32 ?? portableCrc32, options.limits),
    name,
    options.inflate,
  );
}

/** The image of chunks read by readPngChunks (decodePng's second half). */
export function decodePngChunks(png: PngChunks, name: string, inflate?: Inflate): PngImage {
  const rows = decodeRows(png, name, inflate);
  const { width, height, channels, depth } = png;
  let data: Uint8Array | Uint16Array;
  if (png.interlaced) data = deinterlace(rows.buf, rows.passes, width, height, channels, depth);
  else if (depth === 16) data = swapBytePairs(rows.buf, height * rows.passes[0].rowBytes);
  else if (depth < 8) data = unpackSubByte(rows.buf, width, height, channels, depth);
  else data = rows.buf.subarray(0, height * rows.passes[0].rowBytes);
  const image: PngImage = { width, height, channels, depth, data };
  if (png.palette !== undefined) image.palette = png.palette;
  return image;
}

/** The largest buffer the inflates are asked for (2^32 - 1 bytes: typed arrays and Node's buffers hold that much). */
const MAX_BUFFER = 2 ** 32 - 1;

/** The unfiltered rows of every pass, each pass's rows packed at its `start` of `buf`. */
export interface PngRows {
  buf: Uint8Array;
  passes: PngPass[];
}

/**
 * Inflates the image data into one buffer of the size the header gives and unfilters it in place.
 * Exported for decoders that read the rows themselves (panoptic segment ids).
 */
export function decodeRows(png: PngChunks, name: string, inflate: Inflate = inflateBounded): PngRows {
  const { width, height, channels, depth } = png;
  const passes = png.interlaced ? adam7Passes(width, height, channels * depth) : [wholeImage(png)];
  const last = passes[passes.length - 1];
  const size = last.start + last.height * (last.rowBytes + 1);
  const bytes = size.toLocaleString('en-US');
  if (size > MAX_BUFFER) {
    // Only with the pixel limit raised: a 16-bit RGBA image of 2^28 pixels needs 2 GiB.
    throw new SegkitError(
      'UNSUPPORTED',
      `its ${width}×${height} image data needs ${bytes} bytes, more than one buffer holds`,
      [name],
    );
  }
  let inflated: Uint8Array;
  try {
    inflated = inflate(png.compressed, size);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw unreadable(
        name,
        `the image data inflates to more than the ${width}×${height} image needs (${bytes} bytes)`,
      );
    }
    if (error instanceof RangeError) {
      // The buffer itself could not be had (out of memory): not a fault of the file.
      throw new SegkitError('IO', `cannot hold its ${width}×${height} image data (${bytes} bytes): ${error.message}`, [
        name,
      ]);
    }
    throw unreadable(name, `the compressed image data is damaged (${(error as Error).message})`);
  }
  // A plain Uint8Array view: the filter loops stay monomorphic (Node's Buffer is a subclass).
  const buf = new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength);
  if (buf.length < size) throw unreadable(name, endsEarly(passes, buf.length, height));
  passes.forEach((pass, p) => {
    const bpp = Math.max(1, (channels * depth) >> 3);
    const bad = unfilterInPlace(buf, pass.start, pass.height, pass.rowBytes, bpp);
    if (bad >= 0) {
      const filter = buf[pass.start + bad * (pass.rowBytes + 1)];
      const where = png.interlaced ? `row ${bad + 1} of interlace pass ${p + 1}` : `row ${bad + 1}`;
      throw unreadable(name, `${where} has filter type ${filter}; PNG defines 0-4`);
    }
  });
  return { buf, passes };
}

function wholeImage(png: PngChunks): PngPass {
  const rowBytes = Math.ceil((png.width * png.channels * png.depth) / 8);
  return { x: 0, y: 0, dx: 1, dy: 1, width: png.width, height: png.height, rowBytes, start: 0 };
}

/** "the image data ends after row 17 of 480" (or inside which interlace pass). */
function endsEarly(passes: PngPass[], length: number, height: number): string {
  if (passes.length === 1) {
    const rows = Math.floor(length / (passes[0].rowBytes + 1));
    return `the image data ends after row ${rows} of ${height}`;
  }
  const p = passes.findIndex((pass) => length < pass.start + pass.height * (pass.rowBytes + 1));
  return `the image data ends in interlace pass ${p + 1} of 7`;
}

/** Reads and decodes a PNG of a source; errors name the file. */
export async function readPngFrom(source: FileSource, path: string, options: PngDecodeOptions = {}): Promise<PngImage> {
  return decodePng(await source.read(path), locate(source, path), options);
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
