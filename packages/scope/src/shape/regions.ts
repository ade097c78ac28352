import type { Contours } from '@segkit/core';

/*
 * Regions of a traced mask. A component is one outer ring and the holes directly in it; a region is
 * what scope measures as one object: every component of an instance mask (an instance may come in
 * parts), or a single component of a semantic class map (a connected region of the class).
 */

export interface Component {
  /** Ring index of the outer boundary. */
  readonly outer: number;
  /** Ring indices of its holes. */
  readonly holes: readonly number[];
}

export interface Region {
  readonly contours: Contours;
  readonly components: readonly Component[];
}

/** Components of traced contours, in discovery order. */
export function componentsOf(contours: Contours): Component[] {
  const rings = contours.parent.length;
  const holes = new Map<number, number[]>();
  const components: Component[] = [];
  for (let r = 0; r < rings; r++) {
    const parent = contours.parent[r];
    if (parent < 0) continue;
    let list = holes.get(parent);
    if (list === undefined) {
      list = [];
      holes.set(parent, list);
    }
    list.push(r);
  }
  for (let r = 0; r < rings; r++) {
    if (contours.parent[r] < 0) components.push({ outer: r, holes: holes.get(r) ?? [] });
  }
  return components;
}

/** One region per component (`perComponent`), or one region holding them all; none for an empty mask. */
export function regionsOf(contours: Contours, perComponent: boolean): Region[] {
  const components = componentsOf(contours);
  if (components.length === 0) return [];
  return perComponent ? components.map((c) => ({ contours, components: [c] })) : [{ contours, components }];
}

/** First vertex and vertex count of ring r. */
export function ringSpan(contours: Contours, r: number): [first: number, count: number] {
  return [contours.ringStart[r], contours.ringStart[r + 1] - contours.ringStart[r]];
}

/** |Shoelace area| of ring r: the pixels it encloses (its own holes not subtracted). */
export function ringArea(contours: Contours, r: number): number {
  const [first, n] = ringSpan(contours, r);
  const xy = contours.xy;
  let twice = 0;
  for (let i = 0; i < n; i++) {
    const a = first + i;
    const b = i + 1 === n ? first : a + 1;
    twice += xy[2 * a] * xy[2 * b + 1] - xy[2 * b] * xy[2 * a + 1];
  }
  return Math.abs(twice) / 2;
}

/** Length of ring r along pixel edges. */
export function ringLength(contours: Contours, r: number): number {
  const [first, n] = ringSpan(contours, r);
  const xy = contours.xy;
  let length = 0;
  for (let i = 0; i < n; i++) {
    const a = first + i;
    const b = i + 1 === n ? first : a + 1;
    length += Math.abs(xy[2 * b] - xy[2 * a]) + Math.abs(xy[2 * b + 1] - xy[2 * a + 1]);
  }
  return length;
}

/** The rings of a region, outer rings first within each component. */
export function regionRings(region: Region): number[] {
  const rings: number[] = [];
  for (const c of region.components) rings.push(c.outer, ...c.holes);
  return rings;
}
