import { SegkitError, showValue } from '@segkit/core';
import { type CityscapesObject, type CityscapesPolygons, objectLabel } from './document.js';
import { type CityscapesLabel, resolveLabelName } from './labels.js';

/**
 * Which objects of a polygons document the cityscapesScripts converters draw, in which order, and
 * with which value in each image (json2labelImg.createLabelImage, json2instanceImg.createInstanceImage):
 *
 * - objects are drawn in list order, later ones over earlier ones;
 * - `deleted` truthy (in Python's sense) → skipped, and it takes no instance number;
 * - a label ending in `group` that is not itself in the table is its base class, drawn with the
 *   plain class id (`cargroup` → 26, never 26000 + k);
 * - `license plate` (id −1) is never drawn;
 * - instance images number the objects of each instance class: id·1000 + k, k = 0, 1, … in list
 *   order, whether or not any pixel of the object survives. With trainIds, classes whose trainId is
 *   255 (caravan, trailer) are not numbered, and take no number.
 *
 * All four images draw the same objects, so one rasterization serves them all (see render.ts).
 */

export interface DrawnObject {
  /** Position in `document.objects`. */
  index: number;
  label: CityscapesLabel;
  /** Written as `<name>group`: drawn with the plain class id. */
  isGroup: boolean;
  polygon: CityscapesObject['polygon'];
  /** Values drawn in `_labelIds`, `_labelTrainIds`, `_instanceIds` and instance trainIds images. */
  labelId: number;
  trainId: number;
  instanceId: number;
  instanceTrainId: number;
}

export interface SkippedObject {
  index: number;
  label: string;
  reason: 'deleted' | 'license plate (id -1) is never drawn';
}

export interface DrawPlan {
  drawn: DrawnObject[];
  skipped: SkippedObject[];
}

/** Plans the drawing of a checked document (`checkPolygonsDocument`); errors name the object. */
export function planObjects(document: CityscapesPolygons): DrawPlan {
  const drawn: DrawnObject[] = [];
  const skipped: SkippedObject[] = [];
  const instancesById = new Map<string, number>();
  const instancesByTrainId = new Map<string, number>();
  const nextInstance = (counters: Map<string, number>, name: string): number => {
    const k = counters.get(name) ?? 0;
    counters.set(name, k + 1);
    return k;
  };

  document.objects.forEach((object, index) => {
    if (isTruthy(object.deleted)) {
      skipped.push({ index, label: object.label, reason: 'deleted' });
      return;
    }
    const resolved = resolveLabelName(object.label);
    if (resolved === undefined) {
      throw new SegkitError(
        'INVALID_DATASET',
        `unknown label ${showValue(object.label)}: not in the Cityscapes label table, nor a label of it followed by "group"`,
        [objectLabel(object, index)],
      );
    }
    const { label, isGroup } = resolved;
    // The table gives id -1 and trainId -1 together (license plate only), so one test serves all images.
    if (label.id < 0) {
      skipped.push({ index, label: object.label, reason: 'license plate (id -1) is never drawn' });
      return;
    }
    if (object.polygon.length < 2) {
      throw new SegkitError(
        'INVALID_POLYGON',
        `polygon has ${object.polygon.length} vertices; Pillow, and so cityscapesScripts, needs at least 2`,
        [objectLabel(object, index)],
      );
    }
    const numbered = label.hasInstances && !isGroup;
    const { id, trainId } = label;
    drawn.push({
      index,
      label,
      isGroup,
      polygon: object.polygon,
      labelId: id,
      trainId,
      instanceId: numbered && id !== 255 ? id * 1000 + nextInstance(instancesById, label.name) : id,
      instanceTrainId:
        numbered && trainId !== 255 ? trainId * 1000 + nextInstance(instancesByTrainId, label.name) : trainId,
    });
  });
  return { drawn, skipped };
}

/** Python's truth value of a JSON value: false, 0, "", null, [] and {} are false. */
function isTruthy(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}
