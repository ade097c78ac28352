import { SegkitError } from '@segkit/core';
import { crc32 as portableCrc32 } from '../io/crc32.js';
import { decodePngChunks, decodeRows, type PngDecodeOptions, type PngImage } from '../io/png.js';
import { readPngChunks } from '../io/png-chunks.js';
import { locate } from '../io/source-files.js';
import type { FileSource } from '../registry/types.js';
import type { LabelMap } from '../semantic/label-map.js';

/*
 * COCO panoptic PNGs: 8-bit RGB(A), segment id = R + 256·G + 256²·B per pixel, 0 is void.
 * decodeSegmentIds turns the unfiltered rows straight into ids (no RGB image is built), four pixels
 * from three 32-bit words, into an array the caller may hand back for the next image.
 */

/** Options of decodeSegmentIds: the PNG codec and limits, and an id array to reuse. */
export interface SegmentIdOptions extends PngDecodeOptions {
  /**
   * Filled and returned as the map's data (a view of its first width × height ids) when it is that
   * long: a caller reading many PNGs reuses one per side instead of allocating an array per image.
   * The map is then only valid until the next decode into the same array.
   */
  into?: Uint32Array;
}

/** Segment ids of a COCO panoptic PNG: id = R + 256·G + 256²·B per pixel (0 is void). */
export function segmentIdsFromPng(image: PngImage, name: string): LabelMap {
  checkPanopticPng(image.channels, image.depth, name);
  const { width, height, channels } = image;
  const ids = new Uint32Array(width * height);
  rgbToIds(image.data as Uint8Array, channels, ids); // 8-bit, checked above
  return { height, width, data: ids };
}

function checkPanopticPng(channels: number, depth: number, name: string): void {
  if (depth !== 8 || (channels !== 3 && channels !== 4)) {
    throw new SegkitError(
      'INVALID_PNG',
      `a panoptic PNG is 8-bit RGB, this one has ${channels} channel(s) of ${depth} bits`,
      [name],
    );
  }
}

/** Segment ids of PNG bytes (as segmentIdsFromPng(decodePng(...)), without the RGB image). */
export function decodeSegmentIds(bytes: Uint8Array, name: string, options: SegmentIdOptions = {}): LabelMap {
  const png = readPngChunks(bytes, name, options.crc32 ?? portableCrc32, options.limits);
  // A palette image has one channel: refused here, before its data is inflated.
  checkPanopticPng(png.channels, png.depth, name);
  const { width, height, channels } = png;
  const n = width * height;
  const ids = options.into !== undefined && options.into.length >= n ? options.into.subarray(0, n) : new Uint32Array(n);
  // Interlaced (rare): the passes are put together as an RGB image first.
  const rgb = png.interlaced
    ? (decodePngChunks(png, name, options.inflate).data as Uint8Array)
    : decodeRows(png, name, options.inflate).buf;
  rgbToIds(rgb, channels, ids);
  return { height, width, data: ids };
}

/** Reads a panoptic PNG's segment ids from a source (see decodeSegmentIds). */
export async function readSegmentIdsFrom(
  source: FileSource,
  path: string,
  options: SegmentIdOptions = {},
): Promise<LabelMap> {
  const name = locate(source, path);
  return decodeSegmentIds(await source.read(path), name, options);
}

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** ids[i] = R + 256·G + 256²·B of the i-th pixel of packed 8-bit RGB or RGBA samples. */
function rgbToIds(data: Uint8Array, channels: number, ids: Uint32Array): void {
  const n = ids.length;
  let i = 0;
  if (LITTLE_ENDIAN && data.byteOffset % 4 === 0) {
    // Whole 32-bit words: RGBA is one word a pixel; RGB four pixels in three words,
    // [R0 G0 B0 R1] [G1 B1 R2 G2] [B2 R3 G3 B3] (little-endian: R0 is the low byte).
    if (channels === 4) {
      const words = new Uint32Array(data.buffer, data.byteOffset, n);
      for (; i < n; i++) ids[i] = words[i] & 0xffffff;
    } else {
      const quads = n & ~3;
      const words = new Uint32Array(data.buffer, data.byteOffset, (quads * 3) >> 2);
      for (let k = 0; i < quads; i += 4, k += 3) {
        const a = words[k];
        const b = words[k + 1];
        const c = words[k + 2];
        ids[i] = a & 0xffffff;
        ids[i + 1] = (a >>> 24) | ((b & 0xffff) << 8);
        ids[i + 2] = (b >>> 16) | ((c & 0xff) << 16);
        ids[i + 3] = c >>> 8;
      }
    }
  }
  for (let p = i * channels; i < n; i++, p += channels) ids[i] = data[p] | (data[p + 1] << 8) | (data[p + 2] << 16);
}

/** The RGB PNG of a segment id map (the inverse of segmentIdsFromPng). */
export function segmentIdsToPng(map: LabelMap): PngImage {
  const { width, height, data } = map;
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, p = 0; i < data.length; i++, p += 3) {
    const id = data[i];
    rgb[p] = id & 0xff;
    rgb[p + 1] = (id >>> 8) & 0xff;
    rgb[p + 2] = (id >>> 16) & 0xff;
  }
  return { width, height, channels: 3, depth: 8, data: rgb };
}
