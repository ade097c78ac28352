/**
 * Loads ../fixtures/cityscapes_raster.json, copied from ../shared/fixtures/reference: 40 polygons
 * documents rendered by cityscapesScripts @ 0bcc4a7 with Pillow 12.3.0 (see that folder's README,
 * section "cityscapes_raster.json").
 */
import { readFileSync } from 'node:fs';
import { labelById } from '../../src/cityscapes/labels.js';

/** `{dtype, b64, sha256}`: base64 of the raw row-major little-endian array. */
interface RawArray {
  dtype: 'uint8' | 'int32';
  b64: string;
  sha256: string;
}

export interface RasterCase {
  id: number;
  family: string;
  notes: string[];
  name: string;
  h: number;
  w: number;
  doc: { imgHeight: number; imgWidth: number; objects: { label: string; polygon: number[][]; deleted?: unknown }[] };
  labelIds: RawArray;
  trainIds: RawArray;
  instanceIds: RawArray;
  instanceTrainIds_sha256: string;
  labelIds_hist: [number, number][];
  instance_values: number[];
}

export const rasterCases: RasterCase[] = (
  JSON.parse(readFileSync(new URL('../fixtures/cityscapes_raster.json', import.meta.url), 'utf8')) as {
    cases: RasterCase[];
  }
).cases;

export function decodeRaw(raw: RawArray): Uint8Array | Int32Array {
  const bytes = Buffer.from(raw.b64, 'base64');
  if (raw.dtype === 'uint8') return new Uint8Array(bytes);
  const copy = new Uint8Array(bytes); // aligned copy for the Int32Array view
  return new Int32Array(copy.buffer, 0, copy.length / 4);
}

/** The colour image json2labelImg(…, 'color') gives for these label ids: label colour, alpha 255. */
export function colorOfLabelIds(labelIds: ArrayLike<number>): Uint8Array {
  const rgba = new Uint8Array(labelIds.length * 4);
  for (let i = 0; i < labelIds.length; i++) rgba.set([...labelById(labelIds[i])!.color, 255], i * 4);
  return rgba;
}

/**
 * Compares two images of `width` columns; on a difference, throws with the number of differing
 * pixels and the first few as (x, y): actual vs expected, which is what one needs to find the rule.
 */
export function expectSameImage(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  width: number,
  what: string,
): void {
  if (actual.length !== expected.length) {
    throw new Error(`${what}: ${actual.length} pixels, expected ${expected.length}`);
  }
  const differences: string[] = [];
  let count = 0;
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] === expected[i]) continue;
    count++;
    if (differences.length < 8)
      differences.push(`(${i % width}, ${Math.floor(i / width)}): ${actual[i]} vs ${expected[i]}`);
  }
  if (count > 0) throw new Error(`${what}: ${count} pixels differ, e.g. ${differences.join('; ')}`);
}
