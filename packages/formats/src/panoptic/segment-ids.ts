import { SegkitError } from '@segkit/core';
import { decodePng, type PngImage, readPngBytes } from '../io/png.js';
import { inflatePng, unfilterRows } from '../io/png-inflate.js';
import type { LabelMap } from '../semantic/label-map.js';

/** Segment ids of a COCO panoptic PNG: id = R + 256·G + 256²·B per pixel (0 is void). */
export function segmentIdsFromPng(image: PngImage, name: string): LabelMap {
  if (image.depth !== 8 || (image.channels !== 3 && image.channels !== 4)) {
    throw new SegkitError(
      'INVALID_PNG',
      `a panoptic PNG is 8-bit RGB, this one has ${image.channels} channel(s) of ${image.depth} bits`,
      [name],
    );
  }
  const { width, height, channels } = image;
  const data = image.data as Uint8Array; // 8-bit, checked above
  const ids = new Uint32Array(width * height);
  for (let i = 0, p = 0; i < ids.length; i++, p += channels)
    ids[i] = data[p] | (data[p + 1] << 8) | (data[p + 2] << 16);
  return { height, width, data: ids };
}

/**
 * Segment ids straight from PNG bytes: the rows are unfiltered into a two-row ring and turned into
 * ids as they come, so the RGB image is never held whole (panoptic evaluation reads two PNGs per
 * image). The same ids as segmentIdsFromPng(decodePng(...)); anything the native path leaves to
 * fast-png goes that way.
 */
export function decodeSegmentIds(bytes: Uint8Array, name: string): LabelMap {
  const png = inflatePng(bytes);
  if (png !== undefined && png.depth === 8 && (png.channels === 3 || png.channels === 4)) {
    const { width, height, rowBytes, channels } = png;
    const ids = new Uint32Array(width * height);
    const rows = new Uint8Array(2 * rowBytes);
    const decoded = unfilterRows(png, rows, rowBytes, (offset, y) => {
      for (let i = y * width, p = offset, end = offset + rowBytes; p < end; i++, p += channels) {
        ids[i] = rows[p] | (rows[p + 1] << 8) | (rows[p + 2] << 16);
      }
    });
    if (decoded) return { height, width, data: ids };
  }
  return segmentIdsFromPng(decodePng(bytes, name), name);
}

/** Reads a panoptic PNG's segment ids (see decodeSegmentIds). */
export async function readSegmentIds(path: string): Promise<LabelMap> {
  return decodeSegmentIds(await readPngBytes(path), path);
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
