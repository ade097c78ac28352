/*
 * How errors name the items of a COCO file: by position (what an editor's search finds in any file)
 * and by id (what the user knows), e.g. `annotation 17 (id 4021)`.
 */

const field = (item: unknown, key: string): unknown =>
  item !== null && typeof item === 'object' ? Reflect.get(item, key) : undefined;

/** "image 3 (id 42)". */
export function imageLabel(image: unknown, index: number): string {
  const id = field(image, 'id');
  return id === undefined ? `image ${index}` : `image ${index} (id ${String(id)})`;
}

/** "category 2 (id 7)". */
export function categoryLabel(category: unknown, index: number): string {
  const id = field(category, 'id');
  return id === undefined ? `category ${index}` : `category ${index} (id ${String(id)})`;
}

/** "annotation 17 (id 4021)", with the mask file a binary-mask dataset gave it: "annotation 2 (id 3, mask a.png)". */
export function annotationLabel(annotation: unknown, index: number): string {
  const id = field(annotation, 'id');
  const maskFile = field(annotation, 'mask_file');
  const parts: string[] = [];
  if (id !== undefined) parts.push(`id ${String(id)}`);
  if (typeof maskFile === 'string') parts.push(`mask ${maskFile}`);
  return parts.length > 0 ? `annotation ${index} (${parts.join(', ')})` : `annotation ${index}`;
}
