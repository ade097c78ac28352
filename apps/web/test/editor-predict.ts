/**
 * What the editor must paint, computed from the words of docs/editor.md alone (no editor code):
 * the brush footprint rule, the error-form Bresenham, the fill, and each mode's painting rules over
 * plain per-segment bitmaps. Polygons go through @segkit/core's polygonToRle, which matches
 * pycocotools' frPyObjects bit for bit (its own reference tests).
 */
import { decode, polygonToRle } from '@segkit/core';

export type Mode = 'semantic' | 'instance' | 'panoptic';

/** Pixels (x, y) of a brush of diameter d and shape at pointer pixel (cx, cy), per editor.md. */
export function footprintPixels(d: number, shape: 'round' | 'square', cx: number, cy: number): Array<[number, number]> {
  // Odd d: centred on the pixel centre, distances between pixel positions; even d: centred on the
  // top-left corner of (cx, cy), distances from pixel centres (x + 0.5).
  const shift = d % 2 === 0 ? 0.5 : 0;
  const r = d / 2;
  const out: Array<[number, number]> = [];
  for (let y = cy - d; y <= cy + d; y++) {
    for (let x = cx - d; x <= cx + d; x++) {
      const dx = x + shift - cx;
      const dy = y + shift - cy;
      const inside = shape === 'round' ? dx * dx + dy * dy <= r * r : Math.abs(dx) <= r && Math.abs(dy) <= r;
      if (inside) out.push([x, y]);
    }
  }
  return out;
}

/** The contract's integer Bresenham, error form, both ends included. */
export function line(x0: number, y0: number, x1: number, y1: number): Array<[number, number]> {
  const dx = Math.abs(x1 - x0);
  const dy = -Math.abs(y1 - y0);
  const sx = x0 < x1 ? 1 : -1;
  const sy = y0 < y1 ? 1 : -1;
  let err = dx + dy;
  let x = x0;
  let y = y0;
  const out: Array<[number, number]> = [[x, y]];
  while (x !== x1 || y !== y1) {
    const e2 = 2 * err;
    if (e2 >= dy) {
      err += dy;
      x += sx;
    }
    if (e2 <= dx) {
      err += dx;
      y += sy;
    }
    out.push([x, y]);
  }
  return out;
}

/** The pixels a drag through pointer pixels `points` paints: footprints at every pixel of each line. */
export function strokePixels(points: ReadonlyArray<readonly [number, number]>, d: number, shape: 'round' | 'square') {
  const centres: Array<[number, number]> = [[points[0][0], points[0][1]]];
  for (let i = 1; i < points.length; i++) {
    centres.push(...line(points[i - 1][0], points[i - 1][1], points[i][0], points[i][1]));
  }
  return centres.flatMap(([x, y]) => footprintPixels(d, shape, x, y));
}

interface Segment {
  classId: number;
  mask: Uint8Array;
}

/** A document of one image as plain per-segment bitmaps (row-major), in z-order, bottom first. */
export class Model {
  readonly segments: Segment[] = [];
  classId: number;
  selected: Segment | null = null;

  constructor(
    readonly mode: Mode,
    readonly width: number,
    readonly height: number,
    readonly things: ReadonlySet<number>,
    classId: number,
  ) {
    this.classId = classId;
  }

  /** Choosing a class: the next instance stroke starts a new instance. */
  setClass(classId: number): void {
    if (classId !== this.classId) this.selected = null;
    this.classId = classId;
  }

  newInstance(): void {
    this.selected = null;
  }

  private instanceClass(classId: number): boolean {
    return this.mode === 'instance' || (this.mode === 'panoptic' && this.things.has(classId));
  }

  private inside(x: number, y: number): boolean {
    return x >= 0 && y >= 0 && x < this.width && y < this.height;
  }

  /** Paints `pixels` in the current class, into the segment the contract names. */
  paint(pixels: Iterable<readonly [number, number]>): void {
    let target: Segment | undefined;
    if (!this.instanceClass(this.classId)) {
      target = this.segments.find((s) => s.classId === this.classId);
    } else if (this.selected !== null && this.selected.classId === this.classId) {
      target = this.selected;
    }
    const fresh = target === undefined;
    target ??= { classId: this.classId, mask: new Uint8Array(this.width * this.height) };
    let painted = 0;
    for (const [x, y] of pixels) {
      if (!this.inside(x, y)) continue;
      const at = y * this.width + x;
      if (this.mode !== 'instance') for (const s of this.segments) if (s !== target) s.mask[at] = 0;
      if (target.mask[at] === 0) painted++;
      target.mask[at] = 1;
    }
    if (fresh && painted > 0) this.segments.push(target);
    if (fresh && painted > 0 && this.instanceClass(this.classId)) this.selected = target;
  }

  /** Erases `pixels`: from every segment (semantic, panoptic) or the selected instance (instance). */
  erase(pixels: Iterable<readonly [number, number]>): void {
    const targets = this.mode === 'instance' ? (this.selected ? [this.selected] : []) : this.segments;
    for (const [x, y] of pixels) {
      if (!this.inside(x, y)) continue;
      for (const s of targets) s.mask[y * this.width + x] = 0;
    }
  }

  /** The closed polygon's pixels as pycocotools rasterizes them. */
  polygonPixels(vertices: readonly number[]): Array<[number, number]> {
    const bitmap = decode(polygonToRle(vertices, this.height, this.width));
    const out: Array<[number, number]> = [];
    for (let i = 0; i < bitmap.data.length; i++)
      if (bitmap.data[i]) out.push([i % this.width, Math.floor(i / this.width)]);
    return out;
  }

  /** Label of a pixel for the fill: the segment covering it (semantic, panoptic), or covered-or-not (instance). */
  private fillKey(at: number): number {
    if (this.mode === 'instance') return this.segments.some((s) => s.mask[at]) ? 1 : 0;
    const index = this.segments.findIndex((s) => s.mask[at] === 1);
    return index + 1;
  }

  /** The 4-connected region the fill at (x, y) paints (empty in instance projects on a covered pixel). */
  fillPixels(x: number, y: number): Array<[number, number]> {
    const start = y * this.width + x;
    const key = this.fillKey(start);
    if (this.mode === 'instance' && key !== 0) return [];
    const seen = new Uint8Array(this.width * this.height);
    const stack = [start];
    seen[start] = 1;
    const out: Array<[number, number]> = [];
    while (stack.length > 0) {
      const at = stack.pop()!;
      const px = at % this.width;
      const py = (at - px) / this.width;
      out.push([px, py]);
      for (const [nx, ny] of [
        [px + 1, py],
        [px - 1, py],
        [px, py + 1],
        [px, py - 1],
      ]) {
        if (!this.inside(nx, ny)) continue;
        const next = ny * this.width + nx;
        if (seen[next] === 0 && this.fillKey(next) === key) {
          seen[next] = 1;
          stack.push(next);
        }
      }
    }
    return out;
  }

  copy(): Model {
    const other = new Model(this.mode, this.width, this.height, this.things, this.classId);
    for (const s of this.segments) {
      const clone = { classId: s.classId, mask: s.mask.slice() };
      other.segments.push(clone);
      if (s === this.selected) other.selected = clone;
    }
    return other;
  }

  /** Non-empty segments as `class:pixel indices` strings, sorted: equal for equal documents whatever the ids. */
  signature(): string[] {
    return this.segments
      .filter((s) => s.mask.some((v) => v === 1))
      .map((s) => signatureOf(s.classId, s.mask))
      .sort();
  }
}

export function signatureOf(classId: number, mask: ArrayLike<number>): string {
  const on: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]) on.push(i);
  return `${classId}:${on.join(',')}`;
}
