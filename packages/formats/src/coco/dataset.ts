/*
 * The COCO document model lives in @segkit/core (metrics and scope read it too); formats re-exports
 * it under the names its callers know.
 */
export {
  annotationLabel,
  type CocoAnnotation,
  type CocoCategory,
  type CocoDataset,
  type CocoDocument,
  type CocoImage,
  type CocoResult,
  checkCocoDataset,
} from '@segkit/core';

/** The name of category `id` in a COCO `categories` list, or `class_<id>`. */
export function categoryName(categories: readonly unknown[], id: number): string {
  for (const category of categories) {
    if (category === null || typeof category !== 'object' || !('id' in category) || category.id !== id) continue;
    return 'name' in category && typeof category.name === 'string' ? category.name : `class_${id}`;
  }
  return `class_${id}`;
}
