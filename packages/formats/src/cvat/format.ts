/**
 * "CVAT for images 1.1" (annotations.xml) as a DatasetFormat: masks and polygons read to COCO
 * instances, and written back. What CVAT cannot hold is reported: a multi-part polygon becomes one
 * `<polygon>` per part sharing a `group_id` (CVAT's grouping; read back, each part is its own
 * instance), and crowd regions are written as ordinary masks.
 */

import { area, SegkitError } from '@segkit/core';
import {
  annotationClass,
  annotationRle,
  categoryNames,
  imagesWithAnnotations,
  isPolygons,
} from '../coco/dataset-walk.js';
import { cvatImagesToCoco } from '../coco/from-tools.js';
import { basenamePath } from '../io/paths.js';
import { readText, where } from '../io/source-files.js';
import { headText } from '../registry/sniff.js';
import type { DatasetFormat, FileSource } from '../registry/types.js';
import { type ClassLoss, emptyClassLoss, finishReport } from '../report/loss-report.js';
import { type CvatImageInput, formatCvatImagesXml, parseCvatImagesXml } from './images-xml.js';

/** The XML file of a source: its entry, else `annotations.xml` (CVAT's export name), else its only .xml. */
async function xmlFile(source: FileSource): Promise<string | undefined> {
  if (source.entry !== undefined) return source.entry;
  const xml = (await source.list()).filter((path) => path.toLowerCase().endsWith('.xml'));
  return xml.find((path) => basenamePath(path) === 'annotations.xml') ?? (xml.length === 1 ? xml[0] : undefined);
}

export const cvatFormat: DatasetFormat = {
  name: 'cvat',
  description: 'CVAT for images 1.1 XML (annotations.xml): masks and polygons',
  holds: { instances: true, overlaps: true, crowd: false, classNames: true, scores: false },

  async detect(source) {
    const path = await xmlFile(source);
    if (path === undefined || !path.toLowerCase().endsWith('.xml')) return false;
    return /<annotations[\s>]/.test((await headText(source, path)).text.slice(0, 4096));
  },

  async read(source, options = {}) {
    const path = await xmlFile(source);
    if (path === undefined) {
      throw new SegkitError('INVALID_DATASET', 'no annotations.xml (nor a single .xml file) to read as CVAT', [
        source.name,
      ]);
    }
    const file = where(source, path);
    try {
      const images = parseCvatImagesXml(await readText(source, path), { limits: options.limits });
      const dataset = cvatImagesToCoco(images);
      const skipped = new Map<string, number>();
      for (const image of images) {
        for (const [kind, n] of Object.entries(image.skipped)) skipped.set(kind, (skipped.get(kind) ?? 0) + n);
      }
      const warnings = [...skipped].map(([kind, n]) => `${file}: ${n} <${kind}> shape(s) left out: not a region`);
      return { dataset, semantic: false, warnings };
    } catch (error) {
      throw error instanceof SegkitError && !error.message.startsWith(file) ? error.withContext(file) : error;
    }
  },

  async write(dataset, sink, options = {}) {
    const images = imagesWithAnnotations(dataset, options.limits);
    const names = categoryNames(dataset);
    const losses = new Map<number, ClassLoss>();
    const warnings: string[] = [];
    let split = 0;
    let crowd = 0;
    const inputs: CvatImageInput[] = images.map(({ image, height, width, annotations }, i) => {
      const masks: CvatImageInput['masks'] = [];
      const polygons: NonNullable<CvatImageInput['polygons']> = [];
      const order: ['mask' | 'polygon', number][] = [];
      let group = 1;
      for (const { annotation, where: at } of annotations) {
        const label = annotationClass(annotation, names, at);
        const id = annotation.category_id as number;
        const rle = annotationRle(annotation, height, width, at);
        let loss = losses.get(id);
        if (loss === undefined) {
          loss = emptyClassLoss(id, label);
          losses.set(id, loss);
        }
        // Masks are stored run for run and polygons vertex for vertex: every pixel comes back.
        loss.sourcePixels += area(rle);
        loss.convertedPixels += area(rle);
        if (annotation.iscrowd === 1) crowd++;
        const attributes: Record<string, string> = {};
        if (typeof annotation.z_order === 'number') attributes.z_order = String(annotation.z_order);
        if (isPolygons(annotation.segmentation)) {
          const parts = annotation.segmentation;
          if (parts.length > 1) {
            split++;
            attributes.group_id = String(group++);
          }
          for (const points of parts) {
            order.push(['polygon', polygons.length]);
            polygons.push({ label, points, attributes });
          }
        } else {
          order.push(['mask', masks.length]);
          masks.push({ label, rle, attributes });
        }
      }
      return {
        id: typeof image.cvat_id === 'string' || typeof image.cvat_id === 'number' ? image.cvat_id : i,
        name: typeof image.file_name === 'string' ? image.file_name : `image_${String(image.id)}`,
        width,
        height,
        masks,
        polygons,
        order,
      };
    });
    const entry = options.entry ?? 'annotations.xml';
    await sink.write(entry, formatCvatImagesXml(inputs));
    if (split > 0) {
      warnings.push(
        `${split} multi-part polygon annotation(s) written as one <polygon> per part sharing a group_id: read back, each part is an instance`,
      );
    }
    if (crowd > 0) warnings.push(`${crowd} crowd region(s) written as ordinary shapes: CVAT has no iscrowd`);
    const report = finishReport({
      from: 'coco',
      to: 'cvat',
      images: images.length,
      annotations: dataset.annotations.length,
      lossless: true,
      perClass: [...losses.values()].sort((a, b) => a.id - b.id),
      warnings,
    });
    if (split > 0 || crowd > 0) report.lossless = false;
    return {
      files: 1,
      report,
      summary: `wrote ${dataset.annotations.length} annotations of ${images.length} images to ${entry}`,
    };
  },
};
