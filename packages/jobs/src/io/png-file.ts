import { crc32, inflateSync } from 'node:zlib';
import {
  type ColorTable,
  decodePng,
  decodeSegmentIds,
  encodePng,
  type LabelMap,
  type PngCodec,
  type PngImage,
  parseClassNames,
  parseColorTable,
} from '@segkit/formats';
import { writeFileAtomic } from './atomic-write.js';
import { readFileBytes } from './read-json.js';

/**
 * The fast PNG path's inflate and CRC from node:zlib (both native; crc32 is hardware-assisted),
 * handed to every decoder the Node layer calls: about ten times faster than fast-png's inflate.
 */
export const nodePngCodec: Required<PngCodec> = {
  // node:zlib's own functions, not wrappers: called once per PNG on the hot path.
  inflate: inflateSync,
  crc32,
};

/** Reads and decodes a PNG file; errors name it. */
export async function readPng(path: string): Promise<PngImage> {
  return decodePng(await readFileBytes(path), path, nodePngCodec);
}

/** Writes a PNG atomically (temporary file, then rename). */
export async function writePng(path: string, image: PngImage): Promise<void> {
  await writeFileAtomic(path, [encodePng(image)]);
}

/** A panoptic PNG's segment ids (R + 256·G + 256²·B). */
export async function readSegmentIds(path: string): Promise<LabelMap> {
  return decodeSegmentIds(await readFileBytes(path), path, nodePngCodec);
}

/** `--classes FILE`: class names by index (see parseClassNames). */
export async function readClassNames(path: string): Promise<Map<number, string>> {
  return parseClassNames(new TextDecoder().decode(await readFileBytes(path)), path);
}

/** `--colors FILE`: a colour table (see parseColorTable). */
export async function readColorTable(path: string): Promise<ColorTable> {
  return parseColorTable(await readFileBytes(path), path, nodePngCodec);
}
