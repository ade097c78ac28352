import type { Limits } from '@segkit/core';
import { checkPolygonsDocument } from './document.js';
import { type DrawnObject, type DrawPlan, planObjects } from './draw-plan.js';
import { UNLABELED } from './labels.js';
import { fillPolygon } from './pillow-polygon.js';

/*
 * Cityscapes ground-truth images from a `*_gtFine_polygons.json` document, pixel-identical to
 * cityscapesScripts json2labelImg (`ids`, `trainIds`, `color`) and json2instanceImg (`ids`,
 * `trainIds`) run with Pillow 12.3.0. All arrays are row-major, imgWidth × imgHeight.
 *
 * Every image draws the same objects in the same order (draw-plan.ts), so each pixel's value is a
 * function of the last object drawn over it. We rasterize once into a map of object numbers and read
 * each image out of it through a small table: one polygon pass, then one pass per image.
 */

export interface CityscapesImages {
  width: number;
  height: number;
  /** `_gtFine_labelIds.png`: label ids, 0 (unlabeled) where no object is drawn. */
  labelIds: Uint8Array;
  /** `_gtFine_labelTrainIds.png`: trainIds, 255 where no object is drawn. */
  trainIds: Uint8Array;
  /** `_gtFine_instanceIds.png`: id·1000 + k for instances, the plain id otherwise. */
  instanceIds: Int32Array;
  /** `_gtFine_instanceTrainIds.png`: trainId·1000 + k, the plain trainId otherwise. */
  instanceTrainIds: Int32Array;
  /** `_gtFine_color.png`: RGBA, 4 bytes a pixel, alpha always 255; black where no object is drawn. */
  color: Uint8Array;
}

export type InstanceEncoding = 'ids' | 'trainIds';

/**
 * For each pixel, 0 where no object is drawn, else 1 + the position in `drawn` of the last object
 * drawn over it.
 */
export function rasterizeObjects(
  width: number,
  height: number,
  drawn: readonly DrawnObject[],
): Uint16Array | Uint32Array {
  const map = drawn.length < 0xffff ? new Uint16Array(width * height) : new Uint32Array(width * height);
  drawn.forEach((object, k) => {
    fillPolygon(map, width, height, object.polygon, k + 1);
  });
  return map;
}

/** Checks (sizes within `limits` first) and plans a parsed document, then rasterizes it once. */
function prepare(
  document: unknown,
  limits: Partial<Limits> | undefined,
): { width: number; height: number; plan: DrawPlan; map: Uint16Array | Uint32Array } {
  const checked = checkPolygonsDocument(document, limits);
  const plan = planObjects(checked);
  const { imgWidth: width, imgHeight: height } = checked;
  return { width, height, plan, map: rasterizeObjects(width, height, plan.drawn) };
}

/*
 * Read an image out of the object map: `table[0]` is the background, `table[k + 1]` object k's value.
 * One loop per output type, so each loop stays monomorphic for V8.
 */
function lookUp8(map: Uint16Array | Uint32Array, table: Uint8Array): Uint8Array {
  const out = new Uint8Array(map.length);
  for (let i = 0; i < map.length; i++) out[i] = table[map[i]];
  return out;
}

function lookUp32(map: Uint16Array | Uint32Array, table: Int32Array | Uint32Array): Int32Array {
  const out = new Int32Array(map.length);
  for (let i = 0; i < map.length; i++) out[i] = table[map[i]];
  return out;
}

function valueTable<T extends Uint8Array | Int32Array>(
  plan: DrawPlan,
  table: T,
  background: number,
  value: (object: DrawnObject) => number,
): T {
  table[0] = background;
  plan.drawn.forEach((object, k) => {
    table[k + 1] = value(object);
  });
  return table;
}

function labelIdsOf(plan: DrawPlan, map: Uint16Array | Uint32Array): Uint8Array {
  const table = valueTable(plan, new Uint8Array(plan.drawn.length + 1), UNLABELED.id, (o) => o.labelId);
  return lookUp8(map, table);
}

function trainIdsOf(plan: DrawPlan, map: Uint16Array | Uint32Array): Uint8Array {
  const table = valueTable(plan, new Uint8Array(plan.drawn.length + 1), UNLABELED.trainId, (o) => o.trainId);
  return lookUp8(map, table);
}

function instanceIdsOf(plan: DrawPlan, map: Uint16Array | Uint32Array, encoding: InstanceEncoding): Int32Array {
  const table =
    encoding === 'ids'
      ? valueTable(plan, new Int32Array(plan.drawn.length + 1), UNLABELED.id, (o) => o.instanceId)
      : valueTable(plan, new Int32Array(plan.drawn.length + 1), UNLABELED.trainId, (o) => o.instanceTrainId);
  return lookUp32(map, table);
}

function colorOf(plan: DrawPlan, map: Uint16Array | Uint32Array): Uint8Array {
  const colors = [UNLABELED.color, ...plan.drawn.map((o) => o.label.color)];
  const table = new Uint8Array(colors.length * 4);
  colors.forEach(([r, g, b], k) => {
    table.set([r, g, b, 255], k * 4);
  });
  // Copy whole pixels as 32-bit words: the table's bytes land in the same order whatever the endianness.
  return new Uint8Array(lookUp32(map, new Uint32Array(table.buffer)).buffer);
}

/**
 * All five images of a parsed polygons document, and which objects were drawn or skipped. A size or
 * polygon over `limits` is a LimitError before anything is allocated.
 */
export function renderCityscapes(
  document: unknown,
  limits?: Partial<Limits>,
): { images: CityscapesImages; plan: DrawPlan } {
  const { width, height, plan, map } = prepare(document, limits);
  const images: CityscapesImages = {
    width,
    height,
    labelIds: labelIdsOf(plan, map),
    trainIds: trainIdsOf(plan, map),
    instanceIds: instanceIdsOf(plan, map, 'ids'),
    instanceTrainIds: instanceIdsOf(plan, map, 'trainIds'),
    color: colorOf(plan, map),
  };
  return { images, plan };
}

/** json2labelImg(…, 'ids'). */
export function renderLabelIds(document: unknown, limits?: Partial<Limits>): Uint8Array {
  const { plan, map } = prepare(document, limits);
  return labelIdsOf(plan, map);
}

/** json2labelImg(…, 'trainIds'). */
export function renderTrainIds(document: unknown, limits?: Partial<Limits>): Uint8Array {
  const { plan, map } = prepare(document, limits);
  return trainIdsOf(plan, map);
}

/** json2instanceImg(…, encoding), as the int32 values of Pillow's mode-I image. */
export function renderInstanceIds(
  document: unknown,
  encoding: InstanceEncoding = 'ids',
  limits?: Partial<Limits>,
): Int32Array {
  const { plan, map } = prepare(document, limits);
  return instanceIdsOf(plan, map, encoding);
}

/** json2labelImg(…, 'color'): RGBA bytes. */
export function renderColor(document: unknown, limits?: Partial<Limits>): Uint8Array {
  const { plan, map } = prepare(document, limits);
  return colorOf(plan, map);
}
