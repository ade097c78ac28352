import { type CocoAnnotation, type CocoCategory, SegkitError, showValue } from '@segkit/core';

/*
 * What scope, sample and estimate ask of each COCO annotation before measuring it, in one place so
 * the three verbs accept and refuse the same datasets. The records and their checker are core's
 * (`checkCocoDataset`); errors name annotations with core's `annotationLabel`.
 */

/** Class names by id from a checked `categories` index (`class_<id>` where a name is missing). */
export function categoryNames(categories: ReadonlyMap<number, CocoCategory>): Map<number, string> {
  const names = new Map<number, string>();
  for (const [id, category] of categories) names.set(id, category.name ?? `class_${id}`);
  return names;
}

/**
 * The class of an annotation: an integer `category_id`, listed in `categories` when the dataset has
 * such a list (an empty one, as class-index folders give, accepts any id). Errors name the annotation.
 */
export function annotationClass(annotation: CocoAnnotation, where: string, names: ReadonlyMap<number, string>): number {
  const classId = annotation.category_id;
  if (typeof classId !== 'number' || !Number.isInteger(classId)) {
    throw new SegkitError('INVALID_DATASET', `category_id must be an integer, got ${showValue(classId)}`, [where]);
  }
  if (names.size > 0 && !names.has(classId)) {
    throw new SegkitError('INVALID_DATASET', `category_id ${classId} is not in "categories"`, [where]);
  }
  return classId;
}
