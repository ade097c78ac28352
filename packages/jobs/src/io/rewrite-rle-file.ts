import { type Limits, SegkitError } from '@segkit/core';
import { type CocoDataset, type RleRewriteStats, rewriteSegmentationsAsRle } from '@segkit/formats';
import { readJsonFile } from './read-json.js';

/**
 * A COCO instances file with every segmentation rewritten as compressed RLE (see
 * `rewriteSegmentationsAsRle`); errors are located in the file ("in.json: annotation 3 (id 7): ...").
 *
 * One thread on purpose: on the 2-vCPU machines we measured, a second thread (parsing the file
 * itself and rewriting half the annotations) made the whole conversion no faster, as both threads
 * slowed each other down on allocation-heavy work.
 */
export async function rewriteCocoFileAsRle(
  path: string,
  limits?: Partial<Limits>,
): Promise<{ dataset: CocoDataset; stats: RleRewriteStats }> {
  const document = await readJsonFile(path, limits);
  try {
    return rewriteSegmentationsAsRle(document, limits);
  } catch (error) {
    throw error instanceof SegkitError ? error.withContext(path) : error;
  }
}
