/**
 * The PNG container (PNG spec, sections 5 and 11): the signature, the chunks with their CRCs, the
 * header (IHDR), the palette (PLTE, tRNS) and the compressed image data (IDAT), checked before
 * anything the size of the image is allocated. The pixel limit is checked as soon as IHDR is read.
 *
 * Every defect is one `INVALID_PNG` SegkitError naming the file, worded for a person:
 *   "a.png: not a readable PNG: the file ends inside chunk IDAT (byte 9,210 of 9,000)"
 *   "a.png: not a readable PNG: chunk IHDR has a wrong CRC (the file is damaged)"
 *   "a.png: not a readable PNG: bit depth 4 is not allowed for RGB (8 or 16)"
 * Ancillary chunks other than tRNS are skipped (after their CRC); an unknown critical chunk is an
 * error, as the spec asks of decoders.
 */
import { checkPixelLimit, type Limits, SegkitError } from '@segkit/core';
import type { Crc32 } from '../registry/types.js';

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

/** Samples per pixel of each colour type (a palette image has one index per pixel). */
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Bit depths each colour type allows (PNG spec, table 11.1). */
const DEPTHS: Readonly<Record<number, readonly number[]>> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};
const COLOUR_NAMES: Readonly<Record<number, string>> = {
  0: 'grey',
  2: 'RGB',
  3: 'a palette image',
  4: 'grey with alpha',
  6: 'RGBA',
};

/** A PNG's header, palette and compressed image data, as its chunks give them. */
export interface PngChunks {
  width: number;
  height: number;
  /** Bits per sample: 1, 2, 4, 8 or 16. */
  depth: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA. */
  colorType: number;
  channels: number;
  /** Adam7 interlacing. */
  interlaced: boolean;
  /** `[r, g, b]` per index, `[r, g, b, a]` when a tRNS chunk gives alphas (as fast-png gives them). */
  palette?: number[][];
  /** The zlib stream: the IDAT chunks' data, joined. */
  compressed: Uint8Array;
}

/** The INVALID_PNG error of a damaged or malformed PNG. */
export function unreadable(name: string, reason: string): SegkitError {
  return new SegkitError('INVALID_PNG', `not a readable PNG: ${reason}`, [name]);
}

const bytesText = (n: number) => n.toLocaleString('en-US');

/** Reads the chunks of `bytes`; `crc32` checks each chunk, `limits.maxPixels` the header's size. */
export function readPngChunks(
  bytes: Uint8Array,
  name: string,
  crc32: Crc32,
  limits: Partial<Limits> | undefined,
): PngChunks {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) {
    // "\x89PNG" first: a PNG cut short or damaged in its signature; anything else is another kind of file.
    if (bytes.length >= 4 && SIGNATURE.slice(0, 4).every((b, i) => bytes[i] === b)) {
      const cut = bytes.length < 8 && SIGNATURE.slice(4, bytes.length).every((b, i) => bytes[4 + i] === b);
      throw unreadable(
        name,
        cut ? `the file ends inside the PNG signature (${bytes.length} bytes)` : 'its signature is damaged',
      );
    }
    throw new SegkitError('INVALID_PNG', 'not a PNG: the file does not start with the PNG signature', [name]);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let header: Omit<PngChunks, 'compressed' | 'palette'> | undefined;
  let palette: number[][] | undefined;
  let alphas: Uint8Array | undefined;
  const data: Uint8Array[] = [];
  let dataLength = 0;
  let p = 8;
  for (;;) {
    if (p === bytes.length) throw unreadable(name, 'the file ends before its IEND chunk');
    if (p + 8 > bytes.length) throw unreadable(name, `the file ends inside a chunk header (byte ${bytesText(p)})`);
    const length = view.getUint32(p);
    const type = String.fromCharCode(bytes[p + 4], bytes[p + 5], bytes[p + 6], bytes[p + 7]);
    if (!/^[A-Za-z]{4}$/.test(type))
      throw unreadable(name, `bytes ${bytesText(p)}-${bytesText(p + 7)} are not a chunk header`);
    const end = p + 12 + length;
    if (end > bytes.length) {
      throw unreadable(
        name,
        `the file ends inside chunk ${type} (it needs ${bytesText(end)} bytes, the file has ${bytesText(bytes.length)})`,
      );
    }
    if (crc32(bytes.subarray(p + 4, p + 8 + length)) !== view.getUint32(p + 8 + length)) {
      throw unreadable(name, `chunk ${type} has a wrong CRC (the file is damaged)`);
    }
    const body = bytes.subarray(p + 8, p + 8 + length);
    if (header === undefined) {
      if (type !== 'IHDR') throw unreadable(name, `the first chunk is ${type}, not IHDR`);
      header = readHeader(body, name);
      try {
        checkPixelLimit(header.width, header.height, limits, 'the PNG header');
      } catch (error) {
        throw (error as SegkitError).withContext(name);
      }
    } else if (type === 'IHDR') {
      throw unreadable(name, 'it has two IHDR chunks');
    } else if (type === 'PLTE') {
      if (length === 0 || length % 3 !== 0 || length > 768) {
        throw unreadable(name, `its PLTE chunk has ${length} bytes; a palette is 1-256 entries of 3 bytes`);
      }
      palette = [];
      for (let i = 0; i < length; i += 3) palette.push([body[i], body[i + 1], body[i + 2]]);
    } else if (type === 'tRNS') {
      // Alphas matter here only for palettes (grey and RGB transparency keys are not kept).
      if (header.colorType === 3) alphas = body;
    } else if (type === 'IDAT') {
      data.push(body);
      dataLength += length;
    } else if (type === 'IEND') {
      break;
    } else if ((bytes[p + 4] & 0x20) === 0) {
      throw unreadable(name, `it has a critical chunk ${type} this decoder does not know`);
    }
    p = end;
  }
  if (header === undefined) throw unreadable(name, 'it has no IHDR chunk'); // unreachable: IEND comes after it
  if (data.length === 0) throw unreadable(name, 'it has no image data (IDAT chunk)');
  const chunks: PngChunks = { ...header, compressed: data.length === 1 ? data[0] : join(data, dataLength) };
  if (header.colorType === 3) {
    if (palette === undefined) throw unreadable(name, 'it is a palette image without a PLTE chunk');
    if (alphas !== undefined) {
      if (alphas.length > palette.length) {
        throw unreadable(name, `its tRNS chunk has ${alphas.length} alphas for ${palette.length} palette entries`);
      }
      for (let i = 0; i < palette.length; i++) palette[i].push(i < alphas.length ? alphas[i] : 255);
    }
    chunks.palette = palette;
  }
  return chunks;
}

function readHeader(body: Uint8Array, name: string): Omit<PngChunks, 'compressed' | 'palette'> {
  if (body.length !== 13) throw unreadable(name, `its IHDR chunk has ${body.length} bytes, not 13`);
  const view = new DataView(body.buffer, body.byteOffset, 13);
  const width = view.getUint32(0);
  const height = view.getUint32(4);
  const [depth, colorType, compression, filter, interlace] = body.subarray(8);
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) {
    throw unreadable(name, `its header gives a size of ${width}×${height}; PNG sizes are 1 to 2^31-1`);
  }
  const depths = DEPTHS[colorType];
  if (depths === undefined) throw unreadable(name, `colour type ${colorType} is not a PNG colour type (0, 2, 3, 4, 6)`);
  if (!depths.includes(depth)) {
    throw unreadable(name, `bit depth ${depth} is not allowed for ${COLOUR_NAMES[colorType]} (${depths.join(', ')})`);
  }
  if (compression !== 0) throw unreadable(name, `compression method ${compression} is not PNG's (0, deflate)`);
  if (filter !== 0) throw unreadable(name, `filter method ${filter} is not PNG's (0)`);
  if (interlace > 1) throw unreadable(name, `interlace method ${interlace} is not PNG's (0 none, 1 Adam7)`);
  return { width, height, depth, colorType, channels: CHANNELS[colorType], interlaced: interlace === 1 };
}

function join(parts: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
