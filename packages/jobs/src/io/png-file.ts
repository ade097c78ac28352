import { readFileSync } from 'node:fs';
import { constants, crc32, inflateSync } from 'node:zlib';
import { SegkitError } from '@segkit/core';
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
  type SegmentIdOptions,
} from '@segkit/formats';
import { writeFileAtomic } from './atomic-write.js';
import { readFileBytes } from './read-json.js';

/**
 * node:zlib's inflate and CRC-32 (both native; crc32 is hardware-assisted), handed to every PNG
 * decode the Node layer makes: about three times faster than the portable inflate. The inflate
 * keeps formats' contract (`Inflate`): its one output buffer is the size the PNG header promises
 * (`chunkSize`), a stream that holds more fails as it passes that size (`maxOutputLength`: node
 * checks it before growing), and a stream cut short returns what it holds (Z_SYNC_FLUSH), so the
 * decoder can say which row the data ends in.
 */
export const nodePngCodec: Required<PngCodec> = {
  inflate: (data, maxLength) => {
    const out = inflateSync(data, {
      chunkSize: Math.max(64, maxLength + 1),
      maxOutputLength: Math.max(1, maxLength),
      finishFlush: constants.Z_SYNC_FLUSH,
    });
    // Buffers under 4 KiB are slices of Node's shared pool: image data gets a buffer of its own.
    return maxLength < 4095 ? new Uint8Array(out) : out;
  },
  crc32,
};

/**
 * The bytes of a label PNG, read synchronously: the eval jobs decode one small file after another,
 * and fs/promises' open-stat-read-close round trips cost more than the read itself (200 PNGs of
 * 5 KB: 45-80 ms against 8 ms here). A missing file is a SegkitError naming it.
 */
function readPngBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new SegkitError('IO', `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, [
      path,
    ]);
  }
}

/** Reads and decodes a PNG file; errors name it. */
export async function readPng(path: string): Promise<PngImage> {
  return decodePng(readPngBytes(path), path, nodePngCodec);
}

/** Writes a PNG atomically (temporary file, then rename). */
export async function writePng(path: string, image: PngImage): Promise<void> {
  await writeFileAtomic(path, [encodePng(image)]);
}

/** A panoptic PNG's segment ids (R + 256·G + 256²·B); `options.into` is an id array to reuse. */
export async function readSegmentIds(path: string, options: SegmentIdOptions = {}): Promise<LabelMap> {
  return decodeSegmentIds(readPngBytes(path), path, { ...nodePngCodec, ...options });
}

/** `--classes FILE`: class names by index (see parseClassNames). */
export async function readClassNames(path: string): Promise<Map<number, string>> {
  return parseClassNames(new TextDecoder().decode(await readFileBytes(path)), path);
}

/** `--colors FILE`: a colour table (see parseColorTable). */
export async function readColorTable(path: string): Promise<ColorTable> {
  return parseColorTable(await readFileBytes(path), path, nodePngCodec);
}
