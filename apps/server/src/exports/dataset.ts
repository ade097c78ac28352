import type { CocoDataset } from '@segkit/core';
import type { QaSegment } from '../qa/compute.js';
import type { ProjectClass } from '../services/projects.js';

export interface ExportImage {
  id: number;
  fileName: string;
  width: number;
  height: number;
  /** The document exported for the image; empty when it has none (exported with no labels). */
  segments: QaSegment[];
}

/**
 * The COCO model of the exported labels, what every registry writer takes: one image record per
 * image, one annotation per segment (masks as stored, compressed RLE; area and bbox from the mask
 * by the writer's own checks), the taxonomy as categories (with `isthing` and `color`). A part of a
 * streamed export carries the whole export's `info` and numbers its annotations on from the parts
 * before it, so the parts together are the dataset of all their images.
 */
export function exportDataset(
  classes: readonly ProjectClass[],
  images: readonly ExportImage[],
  part: { info: Record<string, unknown>; annotationsBefore: number } = { info: exportInfo(), annotationsBefore: 0 },
): CocoDataset {
  let annotationId = part.annotationsBefore;
  return {
    info: part.info,
    images: images.map((image) => ({
      id: image.id,
      file_name: image.fileName,
      width: image.width,
      height: image.height,
    })),
    annotations: images.flatMap((image) =>
      image.segments.map((segment) => ({
        id: ++annotationId,
        image_id: image.id,
        category_id: segment.categoryId,
        segmentation: { size: segment.segmentation.size, counts: segment.segmentation.counts },
        iscrowd: segment.iscrowd ?? 0,
      })),
    ),
    categories: classes.map((c) => ({ id: c.id, name: c.name, isthing: c.isthing ? 1 : 0, color: hexToRgb(c.color) })),
  };
}

function hexToRgb(color: string): [number, number, number] {
  const value = Number.parseInt(color.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** The `info` of an export's dataset. */
export function exportInfo(): Record<string, unknown> {
  return { description: 'exported by segkit', date_created: new Date().toISOString() };
}
