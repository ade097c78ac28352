import { SegkitError } from '@segkit/core';

/** The parts of a COCO instances file that segkit reads; every other field is carried through untouched. */
export interface CocoImage {
  id: number | string;
  width: number;
  height: number;
  file_name?: string;
  [field: string]: unknown;
}

export interface CocoAnnotation {
  id?: number | string;
  image_id: number | string;
  category_id?: number;
  segmentation?: unknown;
  iscrowd?: number;
  [field: string]: unknown;
}

export interface CocoDataset {
  images: CocoImage[];
  annotations: CocoAnnotation[];
  categories?: unknown[];
  [field: string]: unknown;
}

/** Checks the shape of a parsed COCO instances document (not each segmentation) and indexes image sizes. */
export function checkCocoDataset(value: unknown): { dataset: CocoDataset; sizes: Map<unknown, [number, number]> } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SegkitError('INVALID_DATASET', 'a COCO instances file is a JSON object with "images" and "annotations"');
  }
  const dataset = value as CocoDataset;
  if (!Array.isArray(dataset.images)) throw new SegkitError('INVALID_DATASET', '"images" is missing or not a list');
  if (!Array.isArray(dataset.annotations)) {
    throw new SegkitError('INVALID_DATASET', '"annotations" is missing or not a list');
  }
  const sizes = new Map<unknown, [number, number]>();
  dataset.images.forEach((image, i) => {
    const where = `image ${i}${image && typeof image === 'object' && 'id' in image ? ` (id ${image.id})` : ''}`;
    if (image === null || typeof image !== 'object') throw new SegkitError('INVALID_DATASET', 'not an object', [where]);
    const { height, width } = image;
    if (!Number.isInteger(height) || height < 0 || !Number.isInteger(width) || width < 0) {
      throw new SegkitError(
        'INVALID_DATASET',
        `"height" and "width" must be non-negative integers, got ${JSON.stringify(height)} and ${JSON.stringify(width)}`,
        [where],
      );
    }
    if (sizes.has(image.id)) throw new SegkitError('INVALID_DATASET', `duplicate image id ${image.id}`, [where]);
    sizes.set(image.id, [height, width]);
  });
  return { dataset, sizes };
}

/** "annotation 17 (id 4021)", or with the file a mask came from: how errors name an annotation. */
export function annotationLabel(annotation: unknown, index: number): string {
  if (annotation === null || typeof annotation !== 'object') return `annotation ${index}`;
  const { id, mask_file: maskFile } = annotation as CocoAnnotation;
  const parts = [id !== undefined ? `id ${id}` : '', typeof maskFile === 'string' ? `mask ${maskFile}` : ''].filter(
    Boolean,
  );
  return parts.length > 0 ? `annotation ${index} (${parts.join(', ')})` : `annotation ${index}`;
}

/** The name of category `id` in a COCO `categories` list, or `class_<id>`. */
export function categoryName(categories: readonly unknown[], id: number): string {
  const found = categories.find((c) => (c as { id?: unknown }).id === id) as { name?: unknown } | undefined;
  return typeof found?.name === 'string' ? found.name : `class_${id}`;
}
