import { area, bbox, polygonToRle, type Rle, SegkitError, showValue, toCocoRle } from '@segkit/core';
import type { CvatImageMasks } from '../cvat/images-xml.js';
import type { LabelStudioTaskMasks } from '../label-studio/json-export.js';
import { WarningList } from '../report/tally.js';
import type { CocoDataset } from './dataset.js';

/** Assigns category ids to label names in order of first appearance. */
class Categories {
  private readonly ids = new Map<string, number>();

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.ids.size + 1;
      this.ids.set(name, id);
    }
    return id;
  }

  list(): { id: number; name: string; supercategory: string }[] {
    return [...this.ids].map(([name, id]) => ({ id, name, supercategory: name }));
  }
}

function maskAnnotation(
  id: number,
  imageId: number,
  categoryId: number,
  rle: Rle,
  extra: Record<string, unknown> = {},
) {
  return {
    id,
    image_id: imageId,
    category_id: categoryId,
    segmentation: toCocoRle(rle),
    area: area(rle),
    bbox: bbox(rle),
    iscrowd: 0,
    ...extra,
  };
}

/**
 * CVAT for images 1.1 → COCO instances, nothing lost: one compressed-RLE annotation per `<mask>`, one
 * polygon annotation per `<polygon>` (its points as they are; `area` and `bbox` of the pixels
 * pycocotools rasterizes, as labelme2coco measures), in document order. Label names become
 * categories in order of first appearance.
 */
export function cvatImagesToCoco(images: CvatImageMasks[]): CocoDataset {
  const categories = new Categories();
  const dataset: CocoDataset = { images: [], annotations: [], categories: [] };
  images.forEach((image, i) => {
    dataset.images.push({
      id: i + 1,
      file_name: image.name,
      height: image.height,
      width: image.width,
      cvat_id: image.id,
    });
    const order = image.order ?? image.masks.map((_, j) => ['mask', j] as const);
    for (const [kind, j] of order) {
      const shape = kind === 'mask' ? image.masks[j] : image.polygons[j];
      const zOrder = Number(shape.attributes.z_order);
      const extra = Number.isFinite(zOrder) ? { z_order: zOrder } : {};
      const id = dataset.annotations.length + 1;
      if (kind === 'mask') {
        dataset.annotations.push(maskAnnotation(id, i + 1, categories.id(shape.label), image.masks[j].rle, extra));
        continue;
      }
      const { points } = image.polygons[j];
      let rle: Rle;
      try {
        rle = polygonToRle(points, image.height, image.width);
      } catch (error) {
        throw error instanceof SegkitError
          ? error.withContext(`image ${i} (name ${showValue(image.name)}): polygon ${j}`)
          : error;
      }
      dataset.annotations.push({
        id,
        image_id: i + 1,
        category_id: categories.id(shape.label),
        segmentation: [points],
        area: area(rle),
        bbox: bbox(rle),
        iscrowd: 0,
        ...extra,
      });
    }
  });
  dataset.categories = categories.list();
  return dataset;
}

/**
 * Label Studio brush masks and polygons → COCO instances: per task, the regions of its last
 * annotation that was not cancelled (predictions are not ground truth), in result order, one
 * annotation per region and label (RLE for a brush, its points for a polygon). The image size is the
 * results' `original_width` × `original_height`; results of one task that disagree on it are an
 * error naming the task. Tasks without a region have no known image size and are reported, not
 * written.
 */
export function labelStudioTasksToCoco(tasks: LabelStudioTaskMasks[]): { dataset: CocoDataset; warnings: string[] } {
  const categories = new Categories();
  const dataset: CocoDataset = { images: [], annotations: [], categories: [] };
  const warnings = new WarningList();
  tasks.forEach((task, t) => {
    const where = `task ${t}${task.id !== undefined ? ` (id ${task.id})` : ''}`;
    const annotation = [...task.annotations].reverse().find((a) => !a.wasCancelled);
    const masks = annotation?.masks ?? [];
    const polygons = annotation?.polygons ?? [];
    const order = annotation?.order ?? masks.map((_, j) => ['mask', j] as ['mask', number]);
    if (order.length === 0) {
      warnings.add(
        'task without regions',
        `${where}: no brush mask or polygon, image left out (Label Studio keeps the size only in results)`,
      );
      return;
    }
    const sizeOf = ([kind, j]: ['mask' | 'polygon', number]) =>
      kind === 'mask' ? [masks[j].rle.height, masks[j].rle.width] : [polygons[j].height, polygons[j].width];
    const [height, width] = sizeOf(order[0]);
    order.forEach((region, k) => {
      const [h, w] = sizeOf(region);
      if (h !== height || w !== width) {
        throw new SegkitError(
          'SIZE_MISMATCH',
          `result ${k} is on a ${w}×${h} image but the first region is on ${width}×${height}`,
          [where],
        );
      }
    });
    const imageId = dataset.images.length + 1;
    const image = typeof task.data.image === 'string' ? task.data.image : `task_${task.id ?? t}`;
    dataset.images.push({ id: imageId, file_name: image, height, width, ls_task: task.id });
    for (const [kind, j] of order) {
      const region = kind === 'mask' ? masks[j] : polygons[j];
      const labels = region.labels.length > 0 ? region.labels : ['unlabeled'];
      if (kind === 'mask') {
        for (const label of labels) {
          dataset.annotations.push(
            maskAnnotation(dataset.annotations.length + 1, imageId, categories.id(label), masks[j].rle),
          );
        }
        continue;
      }
      const { points } = polygons[j];
      let rle: Rle;
      try {
        rle = polygonToRle(points, height, width);
      } catch (error) {
        throw error instanceof SegkitError ? error.withContext(`${where}: polygon ${j}`) : error;
      }
      for (const label of labels) {
        dataset.annotations.push({
          id: dataset.annotations.length + 1,
          image_id: imageId,
          category_id: categories.id(label),
          segmentation: [points],
          area: area(rle),
          bbox: bbox(rle),
          iscrowd: 0,
        });
      }
    }
  });
  dataset.categories = categories.list();
  return { dataset, warnings: warnings.lines() };
}
