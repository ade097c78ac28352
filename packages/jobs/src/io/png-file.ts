import { crc32, inflateSync } from 'node:zlib';
import type { Limits } from '@segkit/core';
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
import { readFileBytes, readFileText } from './read-json.js';

/**
 * The fast PNG path's inflate and CRC from node:zlib (both native; crc32 is hardware-assisted),
 * handed to every decoder the Node layer calls: about ten times faster than fast-png's inflate.
 */
export const nodePngCodec: Required<PngCodec> = {
  // node:zlib's own functions, not wrappers: called once per PNG on the hot path.
  inflate: inflateSync,
  crc32,
};

/** Reads and decodes a PNG file; errors name it. Its size and header are held to `limits` before anything is allocated. */
export async function readPng(path: string, limits?: Partial<Limits>): Promise<PngImage> {
  return decodePng(await readFileBytes(path, limits), path, { ...nodePngCodec, limits });
}

/** Writes a PNG atomically (temporary file, then rename). */
export async function writePng(path: string, image: PngImage): Promise<void> {
  await writeFileAtomic(path, [encodePng(image)]);
}

/** A panoptic PNG's segment ids (R + 256·G + 256²·B), held to `limits` as readPng is. */
export async function readSegmentIds(path: string, limits?: Partial<Limits>): Promise<LabelMap> {
  return decodeSegmentIds(await readFileBytes(path, limits), path, { ...nodePngCodec, limits });
}

/** `--classes FILE`: class names by index (see parseClassNames); ids at or past `limits.maxClasses` are refused. */
export async function readClassNames(path: string, limits?: Partial<Limits>): Promise<Map<number, string>> {
  const text = await readFileText(path, limits);
  // A byte-order mark goes, as TextDecoder drops it.
  return parseClassNames(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, path, limits);
}

/** `--colors FILE`: a colour table (see parseColorTable), held to `limits.maxClasses`. */
export async function readColorTable(path: string, limits?: Partial<Limits>): Promise<ColorTable> {
  return parseColorTable(await readFileBytes(path, limits), path, { ...nodePngCodec, limits });
}
