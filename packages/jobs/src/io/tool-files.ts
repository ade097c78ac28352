import { SegkitError } from '@segkit/core';
import {
  type CvatImageInput,
  type CvatImageMasks,
  type CvatMaskOptions,
  formatCvatImagesXml,
  type LabelStudioTaskMasks,
  parseCvatImagesXml,
  parseLabelStudioExport,
} from '@segkit/formats';
import { writeFileAtomic } from './atomic-write.js';
import { readFileBytes, readJsonFile } from './read-json.js';

const located = (error: unknown, path: string): unknown =>
  error instanceof SegkitError ? error.withContext(path) : error;

/** Reads and parses a CVAT for images 1.1 XML file; errors name the file. */
export async function readCvatImagesXml(path: string, options: CvatMaskOptions = {}): Promise<CvatImageMasks[]> {
  const text = new TextDecoder().decode(await readFileBytes(path));
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

/** Reads and parses a Label Studio JSON export file; errors name the file. */
export async function readLabelStudioExport(path: string): Promise<LabelStudioTaskMasks[]> {
  const document = await readJsonFile(path);
  try {
    return parseLabelStudioExport(document);
  } catch (error) {
    throw located(error, path);
  }
}
