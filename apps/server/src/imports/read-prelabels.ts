import { area, combine, type Rle, rleToString, SegkitError, segmentationToRle } from '@segkit/core';
import { detectFormat, type FileSource, formatByName } from '@segkit/formats';
import type { QaSegment } from '../qa/compute.js';

export interface PrelabelImage {
  id: number;
  fileName: string;
  width: number;
  height: number;
}

export interface PrelabelInput {
  /** The uploaded files: one annotation file, or a dataset folder's files (from a zip). */
  files: Array<{ path: string; bytes: Uint8Array }>;
  /** The file the user named when the upload is one file (a COCO JSON, a CVAT XML). */
  entry?: string | undefined;
  /** Format name; detected when absent. */
  from?: string | undefined;
  images: PrelabelImage[];
  type: 'semantic' | 'instance' | 'panoptic';
  classIds: number[];
  thingIds: number[];
  limits: { maxPixels: number };
}

export interface PrelabelResult {
  format: string;
  /** Per matched project image, its segments (compressed RLE of the image's size). */
  matched: Array<{ imageId: number; segments: QaSegment[] }>;
  /** Images of the dataset no project image has the file name of. */
  unmatched: string[];
  /** Annotations left out, one line each (class not in the taxonomy, size mismatch). */
  skipped: string[];
  warnings: string[];
}

/**
 * Reads pre-labels from any format the registry reads (the same readers as `segkit convert`) and
 * matches them to the project's images by file name (then by base name). Each matched image's
 * annotations become the document's segments as the project type wants them: semantic, one per
 * class (united); panoptic, stuff classes united and overlaps cut (later ones lose the shared
 * pixels); instance, as they are.
 */
export async function readPrelabels(input: PrelabelInput): Promise<PrelabelResult> {
  const byPath = new Map(input.files.map((file) => [file.path, file.bytes]));
  const source: FileSource = {
    name: input.entry ?? 'upload',
    ...(input.entry === undefined ? {} : { entry: input.entry }),
    list: async () => [...byPath.keys()].sort(),
    read: async (path) => {
      const bytes = byPath.get(path);
      if (bytes === undefined) throw new SegkitError('IO', 'is not in the upload', [path]);
      return bytes;
    },
  };
  const format = input.from === undefined ? await detectFormat(source) : formatByName(input.from);
  const { dataset, warnings } = await format.read(source, { limits: input.limits });
  const byName = new Map(input.images.map((image) => [image.fileName, image]));
  const byBase = new Map(input.images.map((image) => [basename(image.fileName), image]));
  const classes = new Set(input.classIds);
  const things = new Set(input.thingIds);
  const perImage = new Map<
    number,
    { image: PrelabelImage; masks: Array<{ categoryId: number; mask: Rle; iscrowd: 0 | 1 }> }
  >();
  const imageOf = new Map<unknown, PrelabelImage>();
  const unmatched: string[] = [];
  for (const record of dataset.images) {
    const name = String(record.file_name ?? record.id);
    const image = byName.get(name) ?? byBase.get(basename(name));
    if (image === undefined) unmatched.push(name);
    else imageOf.set(record.id, image);
  }
  const skipped: string[] = [];
  for (const annotation of dataset.annotations) {
    const image = imageOf.get(annotation.image_id);
    if (image === undefined) continue;
    const at = `${image.fileName}: annotation ${String(annotation.id ?? '?')}`;
    if (annotation.category_id === undefined || !classes.has(annotation.category_id)) {
      skipped.push(`${at}: class ${String(annotation.category_id)} is not in the project's taxonomy`);
      continue;
    }
    let mask: Rle;
    try {
      mask = segmentationToRle(annotation.segmentation, image.height, image.width);
    } catch (error) {
      skipped.push(`${at}: ${(error as Error).message}`);
      continue;
    }
    const entry = perImage.get(image.id) ?? { image, masks: [] };
    entry.masks.push({ categoryId: annotation.category_id, mask, iscrowd: annotation.iscrowd ? 1 : 0 });
    perImage.set(image.id, entry);
  }
  const matched = [...perImage.values()].map(({ image, masks }) => ({
    imageId: image.id,
    segments: asDocument(masks, input.type, things),
  }));
  return { format: format.name, matched, unmatched, skipped, warnings };
}

function asDocument(
  masks: Array<{ categoryId: number; mask: Rle; iscrowd: 0 | 1 }>,
  type: PrelabelInput['type'],
  things: Set<number>,
): QaSegment[] {
  const united = new Map<number, Rle>();
  const kept: Array<{ categoryId: number; mask: Rle; iscrowd: 0 | 1 }> = [];
  for (const item of masks) {
    if (type === 'instance' || (type === 'panoptic' && things.has(item.categoryId))) {
      kept.push(item);
      continue;
    }
    const before = united.get(item.categoryId);
    united.set(item.categoryId, before === undefined ? item.mask : combine(before, item.mask, 'union'));
  }
  const all = [...kept, ...[...united].map(([categoryId, mask]) => ({ categoryId, mask, iscrowd: 0 as const }))];
  const out: QaSegment[] = [];
  let taken: Rle | undefined;
  for (const item of all) {
    let mask = item.mask;
    // Semantic and panoptic documents hold no overlaps: a later segment loses the pixels already taken.
    if (type !== 'instance' && taken !== undefined) mask = combine(mask, taken, 'difference');
    if (area(mask) === 0) continue;
    if (type !== 'instance') taken = taken === undefined ? mask : combine(taken, mask, 'union');
    out.push({
      id: out.length + 1,
      categoryId: item.categoryId,
      segmentation: { size: [mask.height, mask.width], counts: rleToString(mask) },
      ...(item.iscrowd === 1 ? { iscrowd: 1 as const } : {}),
    });
  }
  return out;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
