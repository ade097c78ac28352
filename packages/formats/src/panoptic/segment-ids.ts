import { SegkitError } from '@segkit/core';
import { decodePng, type PngDecodeOptions, type PngImage } from '../io/png.js';
import { locate } from '../io/source-files.js';
import type { FileSource } from '../registry/types.js';
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

/** Segment ids of PNG bytes (decoded whole, then converted: converting rows as they are unfiltered measured slower). */
export function decodeSegmentIds(bytes: Uint8Array, name: string, codec: PngDecodeOptions = {}): LabelMap {
  return segmentIdsFromPng(decodePng(bytes, name, codec), name);
}

/** Reads a panoptic PNG's segment ids from a source (see decodeSegmentIds). */
export async function readSegmentIdsFrom(
  source: FileSource,
  path: string,
  codec: PngDecodeOptions = {},
): Promise<LabelMap> {
  const name = locate(source, path);
  return decodeSegmentIds(await source.read(path), name, codec);
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
