/**
 * PASCAL VOC segmentation folders → COCO instances:
 *
 *   SegmentationObject/<id>.png   palette PNG, value k = object k (1..254), 0 background, 255 void
 *   SegmentationClass/<id>.png    palette PNG, value = class (1..20 in VOC), 0 background, 255 void
 *   JPEGImages/<id>.jpg           the photo (named in file_name; sizes come from the PNGs)
 *
 * Object k is the pixels of value k in the object PNG; its class is read from the class PNG at those
 * pixels. The void border (255 in the object PNG) belongs to no mask; its pixels are counted and
 * reported.
 *
 * When an object's pixels carry several classes, the object takes the majority class and a warning
 * names the file, the object and the counts. Why not an error: in VOC's own files the two PNGs are
 * painted from the same polygons, so a mix means a few stray pixels of annotation noise (or two
 * converters disagreeing on an edge), and refusing a whole dataset for them helps no one; the object
 * PNG alone defines the object's extent, so no pixel is dropped, and the warning lets a human look.
 * An object with no class pixel at all (only background or void under it) cannot be labelled and is
 * left out, reported.
 *
 * Class names: `--classes` (entry i names class i), else a `class_names.txt` beside the folders
 * (labelme writes one; line i is class i), else VOC 2012's 20 classes.
 */

import { area, bbox, type Limits, SegkitError, toCocoRle } from '@segkit/core';
import type { CocoDataset } from '../coco/dataset.js';
import { basenamePath, stripExtension } from '../io/paths.js';
import { decodePng } from '../io/png.js';
import { readText, where } from '../io/source-files.js';
import type { FileSource, ReadOptions, ReadResult } from '../registry/types.js';
import { throwIfAborted } from '../report/progress.js';
import { WarningList } from '../report/tally.js';
import { classRles } from '../semantic/class-rles.js';
import { type LabelMap, labelMapFromPng } from '../semantic/label-map.js';

/** VOC 2012's classes, as the devkit spells them (VOCinit.m); 0 is the background. */
export const VOC_CLASSES = [
  'background',
  'aeroplane',
  'bicycle',
  'bird',
  'boat',
  'bottle',
  'bus',
  'car',
  'cat',
  'chair',
  'cow',
  'diningtable',
  'dog',
  'horse',
  'motorbike',
  'person',
  'pottedplant',
  'sheep',
  'sofa',
  'train',
  'tvmonitor',
] as const;

/** The void label of both PNGs (object borders, ambiguous regions). */
export const VOC_VOID = 255;

const OBJECT_PNG = /(^|\/)SegmentationObject\/([^/]+)\.png$/i;

/** Per-object class votes: votes[object·256 + class], grown never (256 × 256 fits every 8-bit pair). */
const votes = new Uint32Array(256 * 256);

export async function readVoc(source: FileSource, options: ReadOptions = {}): Promise<ReadResult> {
  const files = await source.list();
  const present = new Set(files);
  const objects = files.filter((path) => OBJECT_PNG.test(path));
  if (objects.length === 0) {
    throw new SegkitError(
      files.some((path) => /(^|\/)SegmentationClass\//.test(path)) ? 'UNSUPPORTED' : 'INVALID_DATASET',
      'no SegmentationObject/*.png: VOC is read as instances from SegmentationObject + SegmentationClass (a class folder alone reads with --from png)',
      [source.name],
    );
  }
  const names = await classNames(source, objects[0], present, options);
  const dataset: CocoDataset = { images: [], annotations: [], categories: [] };
  const warnings = new WarningList();
  const used = new Set<number>();
  let voidPixels = 0;
  let voidImages = 0;
  let unowned = 0;

  for (const [done, objectPath] of objects.entries()) {
    throwIfAborted(options.signal);
    options.onProgress?.(done, objects.length);
    const match = OBJECT_PNG.exec(objectPath) as RegExpExecArray;
    const root = objectPath.slice(0, match.index + match[1].length);
    const stem = match[2];
    const classPath = `${root}SegmentationClass/${stem}.png`;
    const objectFile = where(source, objectPath);
    if (!present.has(classPath)) {
      throw new SegkitError('INVALID_DATASET', `no ${classPath} for this object PNG`, [objectFile]);
    }
    const objectMap = await readIndexPng(source, objectPath, options.limits);
    const classMap = await readIndexPng(source, classPath, options.limits);
    if (objectMap.height !== classMap.height || objectMap.width !== classMap.width) {
      throw new SegkitError(
        'SIZE_MISMATCH',
        `is ${objectMap.width}×${objectMap.height} but ${classPath} is ${classMap.width}×${classMap.height}`,
        [objectFile],
      );
    }
    const { height, width } = objectMap;
    const imageId = dataset.images.length + 1;
    const photo = files.find((path) => stripExtension(path) === `${root}JPEGImages/${stem}`);
    dataset.images.push({ id: imageId, file_name: photo ?? `${root}JPEGImages/${stem}.jpg`, height, width });

    // One pass: count void, pixels of a class that no object owns, and each object's class votes.
    const o = objectMap.data;
    const c = classMap.data;
    let imageVoid = 0;
    const seen = new Uint8Array(256);
    for (let p = 0; p < o.length; p++) {
      const object = o[p];
      const cls = c[p];
      if (object === VOC_VOID) imageVoid++;
      else if (object === 0) {
        if (cls !== 0 && cls !== VOC_VOID) unowned++;
      } else if (cls !== VOC_VOID && cls !== 0) {
        if (seen[object] === 0) {
          seen[object] = 1;
          votes.fill(0, object * 256, object * 256 + 256);
        }
        votes[object * 256 + cls]++;
      }
    }
    if (imageVoid > 0) {
      voidPixels += imageVoid;
      voidImages++;
    }
    for (const [object, rle] of classRles(objectMap, 0)) {
      if (object === VOC_VOID) continue;
      const tally: [number, number][] = [];
      if (seen[object] === 1) {
        for (let cls = 1; cls < 255; cls++) {
          const n = votes[object * 256 + cls];
          if (n > 0) tally.push([cls, n]);
        }
      }
      if (tally.length === 0) {
        warnings.add(
          'object without class',
          `${objectFile}: object ${object} has no class under it (only background or void); left out`,
        );
        continue;
      }
      tally.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      const category = tally[0][0];
      if (tally.length > 1) {
        warnings.add(
          'object over several classes',
          `${objectFile}: object ${object} covers classes ${tally.map(([k, n]) => `${k} (${n} px)`).join(', ')}; given the majority, ${category}`,
        );
      }
      used.add(category);
      dataset.annotations.push({
        id: dataset.annotations.length + 1,
        image_id: imageId,
        category_id: category,
        segmentation: toCocoRle(rle),
        area: area(rle),
        bbox: bbox(rle),
        iscrowd: 0,
        voc_object: object,
      });
    }
  }
  options.onProgress?.(objects.length, objects.length);
  if (voidPixels > 0) {
    warnings.add('summary', `void border (255): ${voidPixels} pixels in ${voidImages} image(s) belong to no mask`);
  }
  if (unowned > 0)
    warnings.add('summary', `${unowned} class pixels lie under no object (value 0 in SegmentationObject); left out`);
  const ids = new Set([...names.keys()].filter((id) => id > 0 && id < VOC_VOID));
  for (const id of used) ids.add(id);
  dataset.categories = [...ids]
    .sort((a, b) => a - b)
    .map((id) => ({ id, name: names.get(id) ?? `class_${id}`, supercategory: 'voc' }));
  return { dataset, semantic: false, warnings: warnings.lines() };
}

async function readIndexPng(source: FileSource, path: string, limits: Partial<Limits> | undefined): Promise<LabelMap> {
  const name = where(source, path);
  // Decoded with the pure PNG decoder; the Node layer's faster inflate is wired in where decodePng takes one.
  const image = decodePng(await source.read(path), name, { limits });
  if (image.depth !== 8) {
    throw new SegkitError('INVALID_PNG', `is a ${image.depth}-bit PNG; VOC masks are 8-bit palette images`, [name]);
  }
  return labelMapFromPng(image, name);
}

/** Names by class id: the caller's, else class_names.txt beside the folders, else VOC 2012's. */
async function classNames(
  source: FileSource,
  firstObject: string,
  present: ReadonlySet<string>,
  options: ReadOptions,
): Promise<Map<number, string>> {
  if (options.classNames !== undefined) return new Map(options.classNames.map((name, i) => [i, name]));
  const root = firstObject.slice(
    0,
    firstObject.length - basenamePath(firstObject).length - 'SegmentationObject/'.length,
  );
  const sidecar = `${root}class_names.txt`;
  if (present.has(sidecar)) {
    const lines = (await readText(source, sidecar)).split(/\r?\n/).map((line) => line.trim());
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return new Map(lines.map((name, i) => [i, name]));
  }
  return new Map(VOC_CLASSES.map((name, i) => [i, name]));
}
