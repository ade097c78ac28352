/**
 * How a document keeps its pixels: one interface, two implementations.
 * - `LabelMapStore` (semantic, panoptic): one Uint32Array of segment ids, which is also the view.
 * - `TiledInstanceStore` (instance): one sparse set of 256 × 256 byte tiles per instance, allocated
 *   on first write and freed when empty, plus the view (top-most visible instance per pixel), kept
 *   up to date over the rectangles that changed.
 * Both keep their history in tiles: `snapshot` before the first write to a tile in an action, `diff`
 * when the action ends.
 */
import type { Rle } from '@segkit/core';
import type { RunCollector } from './history.js';
import type { Rect } from './types.js';

/** Bits of the per-id flag table. */
export const LOCKED = 1;
export const HIDDEN = 2;

/** What a store reads from its document. */
export interface StoreHost {
  /** Flag bits (LOCKED, HIDDEN) indexed by segment id, at least as long as the largest id + 1. */
  readonly flags: Uint8Array;
  /** Segment ids, bottom first. */
  readonly order: readonly number[];
  /** z + 1 indexed by segment id (0: no such segment), as long as `flags`. */
  readonly rank: Int32Array;
  /** Called before the first write to (layer, tile) in the current action, so its old content is kept. */
  touch(layer: number, tile: number): void;
}

/** A segment's pixels inside its bounding box: `data` is row-major `width` × `height`, 1 = in. */
export interface MaskRegion {
  x: number;
  y: number;
  width: number;
  height: number;
  data: Uint8Array;
}

export type TileSnapshot = Uint32Array | Uint8Array | null;

export interface PixelStore {
  readonly view: Uint32Array;
  /** Paints [x0, x1) of row y (clipped by the caller) into segment `id`; `behind`: only unlabeled pixels. */
  paintRow(y: number, x0: number, x1: number, id: number, behind: boolean): void;
  /** Erases [x0, x1) of row y: from segment `id`, or (id 0, label maps only) from every unlocked segment. */
  eraseRow(y: number, x0: number, x1: number, id: number): void;
  snapshot(layer: number, tile: number): TileSnapshot;
  /** Adds the quads of what changed since `snapshot` to `out`; frees tiles left empty. */
  diff(layer: number, tile: number, snapshot: TileSnapshot, out: RunCollector): void;
  restore(layer: number, tile: number, snapshot: TileSnapshot): void;
  /**
   * Writes back the snapshot's pixels of [x0, x1) of row y, which lie in `tile` (the snapshot is
   * kept), keeping the view up to date.
   */
  restoreRow(layer: number, tile: number, snapshot: TileSnapshot, y: number, x0: number, x1: number): void;
  /** Writes quads' `before` (field 2) or `after` (field 3) values back, keeping the view up to date. */
  applyRuns(layer: number, tile: number, runs: Uint32Array, field: 2 | 3): void;
  /**
   * Recomputes `view` over `rect` (clipped), after changes to the z-order, to flags or to whole
   * tiles. `paintRow` and `eraseRow` keep the view up to date themselves.
   */
  refreshView(rect: Rect): void;
  /**
   * The test of the region a fill at (x, y) covers: pixels with the label of (x, y) (label maps), or
   * pixels covered by no instance (instances); null when a fill there paints nothing.
   */
  regionAt(x: number, y: number): ((x: number, y: number) => boolean) | null;
  /** The segment's pixels in their bounding box, or null when it has none. */
  segmentMask(id: number): MaskRegion | null;
  /** Canonical COCO counts of every non-empty segment among `ids`. */
  segmentCounts(ids: readonly number[]): Map<number, Uint32Array>;
  /**
   * Adds an RLE's pixels to segment `id` while loading a document (no history). Returns the first
   * pixel that already belonged to another segment, for stores where segments cannot overlap.
   */
  load(id: number, rle: Rle): { x: number; y: number; other: number } | null;
  /** Bytes of pixel storage held (view included). */
  readonly byteSize: number;
}

/** Calls fn(x, y0, y1) for every foreground run of a column-major RLE, split at column ends. */
export function forEachColumnRun(rle: Rle, fn: (x: number, y0: number, y1: number) => void): void {
  const h = rle.height;
  const counts = rle.counts;
  let p = 0;
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i];
    if (i & 1) {
      let start = p;
      const end = p + n;
      while (start < end) {
        const x = Math.floor(start / h);
        const y = start - x * h;
        const len = Math.min(end - start, h - y);
        fn(x, y, y + len);
        start += len;
      }
    }
    p += n;
  }
}

/**
 * Builds canonical column-major counts from foreground runs given in increasing order
 * (runs that touch are joined): [2, 5) and [6, 7) of 8 pixels → counts [2, 3, 1, 1, 1].
 */
export class CountsBuilder {
  private counts: number[] = [];
  private end = 0;

  push(start: number, end: number): void {
    if (start === this.end && this.counts.length > 0) {
      this.counts[this.counts.length - 1] += end - start;
    } else {
      this.counts.push(start - this.end, end - start);
    }
    this.end = end;
  }

  get empty(): boolean {
    return this.counts.length === 0;
  }

  finish(total: number): Uint32Array {
    if (this.end < total) this.counts.push(total - this.end);
    return Uint32Array.from(this.counts);
  }
}
