import { type Limits, SegkitError } from '@segkit/core';
import {
  type CvatImageInput,
  type CvatImageMasks,
  type CvatReadOptions,
  formatCvatImagesXml,
  type LabelStudioTaskMasks,
  parseCvatImagesXml,
  parseLabelStudioExport,
} from '@segkit/formats';
import { writeFileAtomic } from './atomic-write.js';
import { readFileText, readJsonFile } from './read-json.js';

const located = (error: unknown, path: string): unknown =>
  error instanceof SegkitError ? error.withContext(path) : error;

/** Reads and parses a CVAT for images 1.1 XML file, held to `options.limits`; errors name the file. */
export async function readCvatImagesXml(path: string, options: CvatReadOptions = {}): Promise<CvatImageMasks[]> {
  const read = await readFileText(path, options.limits);
  // A byte-order mark goes, as TextDecoder drops it.
  const text = read.charCodeAt(0) === 0xfeff ? read.slice(1) : read;
  try {
    return parseCvatImagesXml(text, options);
  } catch (error) {
    throw located(error, path);
  }
}

/** Writes `formatCvatImagesXml(images)` to `path` atomically. */
export async function writeCvatImagesXml(path: string, images: readonly CvatImageInput[]): Promise<void> {
  await writeFileAtomic(path, [formatCvatImagesXml(images)]);
}

/** Reads and parses a Label Studio JSON export file, held to `limits`; errors name the file. */
export async function readLabelStudioExport(path: string, limits?: Partial<Limits>): Promise<LabelStudioTaskMasks[]> {
  const document = await readJsonFile(path, limits);
  try {
    return parseLabelStudioExport(document, limits);
  } catch (error) {
    throw located(error, path);
  }
}
