/**
 * Instances flattened into one map of instance numbers, for formats that give each pixel one object
 * (VOC's SegmentationObject, Cityscapes' instanceIds). Which instance keeps a pixel that several claim
 * is the overlap policy:
 *
 *   last            later annotations are drawn over earlier ones (as cityscapesScripts draws)
 *   first           earlier annotations keep their pixels
 *   smaller-on-top  larger instances are drawn first, so a small object is never wiped out by a large
 *                   one drawn after it (ties keep file order: the later one on top)
 *
 * The map holds 1 + the instance's position in `masks` (0 = no instance). For the loss report, each
 * instance's kept pixels and the pixels it shares with another instance are counted.
 * Cost: one pass over each mask's runs to paint, one to count the shared pixels.
 */
import { area, type Rle } from '@segkit/core';
import type { OverlapPolicy } from '../registry/types.js';
import { forEachColumnRun } from './class-rles.js';

export interface InstanceMap {
  height: number;
  width: number;
  /** Row-major; 1 + instance index, 0 where no instance is. */
  map: Uint32Array;
  /** Pixels each instance keeps. */
  kept: Uint32Array;
  /** Pixels of each instance that another instance claims too. */
  shared: Uint32Array;
}

/** The order instances are painted in (each painted over the ones before), for a policy. */
export function paintOrder(masks: readonly Rle[], policy: OverlapPolicy): number[] {
  const order = masks.map((_, i) => i);
  if (policy === 'first') return order.reverse();
  if (policy === 'smaller-on-top') {
    const areas = masks.map(area);
    return order.sort((a, b) => areas[b] - areas[a] || a - b);
  }
  return order;
}

export function paintInstances(
  height: number,
  width: number,
  masks: readonly Rle[],
  policy: OverlapPolicy,
): InstanceMap {
  const map = new Uint32Array(height * width);
  // How many instances claim each pixel, saturating at 2 (all the report needs).
  const claims = new Uint8Array(height * width);
  for (const i of paintOrder(masks, policy)) {
    const value = i + 1;
    forEachColumnRun(masks[i], (x, y0, y1) => {
      for (let y = y0, p = y0 * width + x; y < y1; y++, p += width) {
        map[p] = value;
        if (claims[p] < 2) claims[p]++;
      }
    });
  }
  const kept = new Uint32Array(masks.length);
  for (let p = 0; p < map.length; p++) if (map[p] !== 0) kept[map[p] - 1]++;
  const shared = new Uint32Array(masks.length);
  masks.forEach((mask, i) => {
    let n = 0;
    forEachColumnRun(mask, (x, y0, y1) => {
      for (let y = y0, p = y0 * width + x; y < y1; y++, p += width) if (claims[p] === 2) n++;
    });
    shared[i] = n;
  });
  return { height, width, map, kept, shared };
}
