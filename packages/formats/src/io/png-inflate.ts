import type { Crc32, Inflate } from '../registry/types.js';
import { crc32 as portableCrc32 } from './crc32.js';
import type { PngImage } from './png.js';

/*
 * The common PNGs of segmentation data (8- or 16-bit grey, grey+alpha, RGB, RGBA, and 8-bit palette
 * images without transparency, not interlaced) decoded with an inflate the caller hands in (the Node
 * layer passes node:zlib's inflateSync and crc32, a browser may pass fflate's): inflating in C is
 * about ten times faster than fast-png's JavaScript inflate, which dominated reading label maps and
 * panoptic PNGs. Without a crc32 the chunk CRCs are checked in JavaScript (crc32.ts). Only the container (chunks, CRCs) and the five PNG row filters are done here
 * (PNG spec, sections 5 and 9). Anything else (interlacing, sub-byte depths, palette transparency,
 * anything malformed) returns undefined and goes to fast-png, which decodes it or reports the damage,
 * so both paths give the same image or the same error. The equivalence is tested on every PNG of
 * ../shared/datasets and on random and damaged images.
 */

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** A PNG this path decodes: its header and its inflated, still filtered, rows. */
interface InflatedPng {
  width: number;
  height: number;
  depth: number;
  channels: number;
  palette?: number[][];
  /** Bytes per pixel and per row (without the filter byte). */
  bytesPerPixel: number;
  rowBytes: number;
  raw: Uint8Array;
}

/** What the fast path needs: an inflate, and optionally a native CRC-32. */
export interface PngInflater {
  inflate: Inflate;
  crc32?: Crc32;
}

/** Checks the container and inflates the image data; undefined for anything left to fast-png. */
function inflatePng(bytes: Uint8Array, inflater: PngInflater): InflatedPng | undefined {
  const crc32 = inflater.crc32 ?? portableCrc32;
  if (bytes.length < 8 + 25 || SIGNATURE.some((b, i) => bytes[i] !== b)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width = 0;
  let height = 0;
  let depth = 0;
  let colorType = -1;
  let palette: number[][] | undefined;
  const data: Uint8Array[] = [];
  let ended = false;
  for (let p = 8; p < bytes.length; ) {
    if (p + 12 > bytes.length) return undefined;
    const length = view.getUint32(p);
    if (p + 12 + length > bytes.length) return undefined;
    const type = String.fromCharCode(bytes[p + 4], bytes[p + 5], bytes[p + 6], bytes[p + 7]);
    const body = bytes.subarray(p + 8, p + 8 + length);
    if (crc32(bytes.subarray(p + 4, p + 8 + length)) !== view.getUint32(p + 8 + length)) return undefined;
    if (p === 8 && type !== 'IHDR') return undefined;
    if (type === 'IHDR') {
      if (length !== 13 || p !== 8) return undefined;
      width = view.getUint32(p + 8);
      height = view.getUint32(p + 12);
      depth = body[8];
      colorType = body[9];
      // Compression 0, filter method 0, no interlacing.
      if (body[10] !== 0 || body[11] !== 0 || body[12] !== 0) return undefined;
    } else if (type === 'PLTE') {
      if (length % 3 !== 0) return undefined;
      palette = [];
      for (let i = 0; i < length; i += 3) palette.push([body[i], body[i + 1], body[i + 2]]);
    } else if (type === 'tRNS') {
      return undefined;
    } else if (type === 'IDAT') {
      data.push(body);
    } else if (type === 'IEND') {
      ended = true;
      break;
    } else if ((bytes[p + 4] & 0x20) === 0) {
      return undefined; // an unknown critical chunk
    }
    p += 12 + length;
  }
  const channels = CHANNELS[colorType];
  if (!ended || channels === undefined || width === 0 || height === 0 || data.length === 0) return undefined;
  if (colorType === 3 ? depth !== 8 || palette === undefined : depth !== 8 && depth !== 16) return undefined;
  const bytesPerPixel = (channels * depth) >> 3;
  const rowBytes = width * bytesPerPixel;
  let raw: Uint8Array;
  try {
    const inflated = inflater.inflate(data.length === 1 ? data[0] : concat(data));
    // A plain Uint8Array view: the filter loops stay monomorphic (Node's Buffer is a subclass).
    raw = new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength);
  } catch {
    return undefined;
  }
  if (raw.length < height * (rowBytes + 1)) return undefined;
  const inflated: InflatedPng = { width, height, depth, channels, bytesPerPixel, rowBytes, raw };
  if (palette !== undefined && colorType === 3) inflated.palette = palette;
  return inflated;
}

function concat(parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Decodes the common PNGs with `inflater`; undefined for anything it leaves to fast-png. */
export function decodePngNative(bytes: Uint8Array, inflater: PngInflater): PngImage | undefined {
  const png = inflatePng(bytes, inflater);
  if (png === undefined) return undefined;
  const { width, height, channels, depth, rowBytes } = png;
  const pixels = new Uint8Array(height * rowBytes);
  if (!unfilterRows(png, pixels)) return undefined;
  const image: PngImage = {
    width,
    height,
    channels,
    depth,
    data: depth === 16 ? bigEndianSamples(pixels) : pixels,
  };
  if (png.palette !== undefined) image.palette = png.palette;
  return image;
}

/**
 * Unfilters the rows into `out` (rows without their filter byte); false on an unknown filter.
 * One small function per filter, each a flat loop: the first `bpp` bytes of a row (no left
 * neighbour) and the first row (no row above) are handled apart, so no loop tests per byte.
 */
function unfilterRows(png: InflatedPng, out: Uint8Array): boolean {
  const { raw, height, rowBytes, bytesPerPixel: bpp } = png;
  const first = Math.min(bpp, rowBytes);
  const rawView = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const outView = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (rowBytes + 1)];
    const src = y * (rowBytes + 1) + 1;
    const row = y * rowBytes;
    const above = row - rowBytes;
    // With no row above, Up is None, Average halves the left byte and Paeth takes the left byte.
    const kind = y > 0 ? filter : filter === 2 ? 0 : filter === 4 ? 1 : filter === 3 ? 5 : filter;
    if (kind === 0) out.set(raw.subarray(src, src + rowBytes), row);
    else if (kind === 1) sub(raw, src, out, row, rowBytes, bpp, first);
    else if (kind === 2) up(rawView, src, outView, row, above, rowBytes, out, raw);
    else if (kind === 3) average(raw, src, out, row, above, rowBytes, bpp, first);
    else if (kind === 4 && bpp === 3) paethRgb(raw, src, out, row, above, rowBytes);
    else if (kind === 4) paeth(raw, src, out, row, above, rowBytes, bpp, first);
    else if (kind === 5) averageFirstRow(raw, src, out, row, rowBytes, bpp, first);
    else return false;
  }
  return true;
}

function sub(raw: Uint8Array, src: number, out: Uint8Array, row: number, n: number, bpp: number, first: number): void {
  for (let i = 0; i < first; i++) out[row + i] = raw[src + i];
  for (let i = first; i < n; i++) out[row + i] = raw[src + i] + out[row + i - bpp];
}

function up(
  r: DataView,
  src: number,
  o: DataView,
  row: number,
  above: number,
  n: number,
  out: Uint8Array,
  raw: Uint8Array,
) {
  // Four bytes at a time: a bytewise add without carries between the lanes (SWAR).
  const whole = n & ~3;
  for (let i = 0; i < whole; i += 4) {
    const x = r.getUint32(src + i, true);
    const y = o.getUint32(above + i, true);
    o.setUint32(row + i, ((x & 0x7f7f7f7f) + (y & 0x7f7f7f7f)) ^ ((x ^ y) & 0x80808080), true);
  }
  for (let i = whole; i < n; i++) out[row + i] = raw[src + i] + out[above + i];
}

function average(
  raw: Uint8Array,
  src: number,
  out: Uint8Array,
  row: number,
  above: number,
  n: number,
  bpp: number,
  first: number,
) {
  for (let i = 0; i < first; i++) out[row + i] = raw[src + i] + (out[above + i] >> 1);
  for (let i = first; i < n; i++) out[row + i] = raw[src + i] + ((out[row + i - bpp] + out[above + i]) >> 1);
}

function averageFirstRow(
  raw: Uint8Array,
  src: number,
  out: Uint8Array,
  row: number,
  n: number,
  bpp: number,
  first: number,
) {
  for (let i = 0; i < first; i++) out[row + i] = raw[src + i];
  for (let i = first; i < n; i++) out[row + i] = raw[src + i] + (out[row + i - bpp] >> 1);
}

/** Paeth's predictor (PNG spec 9.4): whichever of left, above, upper-left is nearest a + b - c. */
function predict(a: number, b: number, c: number): number {
  const pa = b > c ? b - c : c - b;
  const pb = a > c ? a - c : c - a;
  const d = a + b - 2 * c;
  const pc = d < 0 ? -d : d;
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Paeth for 8-bit RGB (panoptic PNGs): left and upper-left bytes kept in locals, one load per byte above. */
function paethRgb(raw: Uint8Array, src: number, out: Uint8Array, row: number, above: number, n: number): void {
  let c0 = out[above];
  let c1 = out[above + 1];
  let c2 = out[above + 2];
  let a0 = (raw[src] + c0) & 255;
  let a1 = (raw[src + 1] + c1) & 255;
  let a2 = (raw[src + 2] + c2) & 255;
  out[row] = a0;
  out[row + 1] = a1;
  out[row + 2] = a2;
  for (let i = 3; i < n; i += 3) {
    const b0 = out[above + i];
    const b1 = out[above + i + 1];
    const b2 = out[above + i + 2];
    a0 = (raw[src + i] + predict(a0, b0, c0)) & 255;
    a1 = (raw[src + i + 1] + predict(a1, b1, c1)) & 255;
    a2 = (raw[src + i + 2] + predict(a2, b2, c2)) & 255;
    out[row + i] = a0;
    out[row + i + 1] = a1;
    out[row + i + 2] = a2;
    c0 = b0;
    c1 = b1;
    c2 = b2;
  }
}

function paeth(
  raw: Uint8Array,
  src: number,
  out: Uint8Array,
  row: number,
  above: number,
  n: number,
  bpp: number,
  first: number,
) {
  for (let i = 0; i < first; i++) out[row + i] = raw[src + i] + out[above + i];
  for (let i = first; i < n; i++) {
    const a = out[row + i - bpp];
    const b = out[above + i];
    const c = out[above + i - bpp];
    const p = a + b - c;
    const pa = p > a ? p - a : a - p;
    const pb = p > b ? p - b : b - p;
    const pc = p > c ? p - c : c - p;
    out[row + i] = raw[src + i] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
  }
}

function bigEndianSamples(bytes: Uint8Array): Uint16Array {
  const out = new Uint16Array(bytes.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = (bytes[2 * i] << 8) | bytes[2 * i + 1];
  return out;
}
