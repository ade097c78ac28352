import { SegkitError } from '@segkit/core';

/*
 * What scope, sample and estimate ask of each COCO annotation before measuring it, in one place so
 * the three verbs accept and refuse the same datasets.
 */

/** Class names by id from a COCO `categories` list (`class_<id>` where a name is missing). */
export function categoryNames(categories: readonly unknown[] | undefined): Map<number, string> {
  const names = new Map<number, string>();
  for (const category of categories ?? []) {
    if (category === null || typeof category !== 'object') continue;
    const { id, name } = category as { id?: unknown; name?: unknown };
    if (typeof id === 'number') names.set(id, typeof name === 'string' ? name : `class_${id}`);
  }
  return names;
}

/** "annotation 3 (id 17)": how errors name an annotation. */
export function annotationWhere(annotation: unknown, index: number): string {
  const id = annotation !== null && typeof annotation === 'object' ? (annotation as { id?: unknown }).id : undefined;
  return `annotation ${index}${id === undefined ? '' : ` (id ${String(id)})`}`;
}

/**
 * The class of an annotation: an integer `category_id`, listed in `categories` when the dataset has
 * such a list (an empty one, as class-index folders give, accepts any id). Errors name the annotation.
 */
export function annotationClass(annotation: unknown, where: string, names: ReadonlyMap<number, string>): number {
  if (annotation === null || typeof annotation !== 'object') {
    throw new SegkitError('INVALID_DATASET', 'not an object', [where]);
  }
  const classId = (annotation as { category_id?: unknown }).category_id;
  if (typeof classId !== 'number' || !Number.isInteger(classId)) {
    throw new SegkitError('INVALID_DATASET', `category_id must be an integer, got ${JSON.stringify(classId)}`, [where]);
  }
  if (names.size > 0 && !names.has(classId)) {
    throw new SegkitError('INVALID_DATASET', `category_id ${classId} is not in "categories"`, [where]);
  }
  return classId;
}
