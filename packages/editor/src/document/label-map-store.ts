/**
 * Semantic and panoptic pixels: one Uint32Array of segment ids (0 = unlabeled), which is also the
 * view. Every pixel has at most one segment, so painting replaces. 4096 × 3072 costs 48 MiB.
 * History snapshots copy whole 256 × 256 tiles (256 KiB) while an action runs; the kept diff is
 * only the quads of the pixels that changed.
 */
import type { Rle } from '@segkit/core';
import { type RunCollector, TILE_SHIFT, TILE_SIZE } from './history.js';
import {
  CountsBuilder,
  forEachColumnRun,
  LOCKED,
  type MaskRegion,
  type PixelStore,
  type StoreHost,
  type TileSnapshot,
} from './store.js';
import type { Rect } from './types.js';

export class LabelMapStore implements PixelStore {
  readonly labels: Uint32Array;
  readonly view: Uint32Array;
  private readonly tilesX: number;
  // Snapshots are returned here when an action ends, so strokes do not churn 256 KiB buffers.
  private pool: Uint32Array[] = [];

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly host: StoreHost,
  ) {
    this.labels = new Uint32Array(width * height);
    this.view = this.labels;
    this.tilesX = Math.ceil(width / TILE_SIZE);
  }

  get byteSize(): number {
    return this.labels.byteLength;
  }

  private touchRow(y: number, x0: number, x1: number): void {
    const base = (y >> TILE_SHIFT) * this.tilesX;
    const last = (x1 - 1) >> TILE_SHIFT;
    for (let t = x0 >> TILE_SHIFT; t <= last; t++) this.host.touch(0, base + t);
  }

  paintRow(y: number, x0: number, x1: number, id: number, behind: boolean): void {
    this.touchRow(y, x0, x1);
    const labels = this.labels;
    const flags = this.host.flags;
    const row = y * this.width;
    for (let i = row + x0, end = row + x1; i < end; i++) {
      const v = labels[i];
      if (v === id) continue;
      if (v !== 0 && (behind || flags[v] & LOCKED)) continue;
      labels[i] = id;
    }
  }

  eraseRow(y: number, x0: number, x1: number, id: number): void {
    this.touchRow(y, x0, x1);
    const labels = this.labels;
    const flags = this.host.flags;
    const row = y * this.width;
    for (let i = row + x0, end = row + x1; i < end; i++) {
      const v = labels[i];
      if (v === 0) continue;
      if (id === 0 ? (flags[v] & LOCKED) === 0 : v === id) labels[i] = 0;
    }
  }

  private tileBox(tile: number): [x0: number, y0: number, w: number, h: number] {
    const tx = tile % this.tilesX;
    const ty = (tile - tx) / this.tilesX;
    const x0 = tx * TILE_SIZE;
    const y0 = ty * TILE_SIZE;
    return [x0, y0, Math.min(TILE_SIZE, this.width - x0), Math.min(TILE_SIZE, this.height - y0)];
  }

  snapshot(_layer: number, tile: number): TileSnapshot {
    const copy = this.pool.pop() ?? new Uint32Array(TILE_SIZE * TILE_SIZE);
    const [x0, y0, tw, th] = this.tileBox(tile);
    for (let ly = 0; ly < th; ly++) {
      const from = (y0 + ly) * this.width + x0;
      copy.set(this.labels.subarray(from, from + tw), ly * TILE_SIZE);
    }
    return copy;
  }

  diff(_layer: number, tile: number, snapshot: TileSnapshot, out: RunCollector): void {
    const before = snapshot as Uint32Array;
    const [x0, y0, tw, th] = this.tileBox(tile);
    const labels = this.labels;
    for (let ly = 0; ly < th; ly++) {
      const from = (y0 + ly) * this.width + x0;
      const local = ly * TILE_SIZE;
      for (let lx = 0; lx < tw; lx++) {
        const a = before[local + lx];
        const b = labels[from + lx];
        if (a !== b) out.add(local + lx, a, b);
      }
    }
    this.pool.push(before);
  }

  restore(_layer: number, tile: number, snapshot: TileSnapshot): void {
    const before = snapshot as Uint32Array;
    const [x0, y0, tw, th] = this.tileBox(tile);
    for (let ly = 0; ly < th; ly++) {
      this.labels.set(before.subarray(ly * TILE_SIZE, ly * TILE_SIZE + tw), (y0 + ly) * this.width + x0);
    }
    this.pool.push(before);
  }

  restoreRow(_layer: number, tile: number, snapshot: TileSnapshot, y: number, x0: number, x1: number): void {
    const before = snapshot as Uint32Array;
    const [tx0, ty0] = this.tileBox(tile);
    const from = (y - ty0) * TILE_SIZE + x0 - tx0;
    this.labels.set(before.subarray(from, from + x1 - x0), y * this.width + x0);
  }

  applyRuns(_layer: number, tile: number, runs: Uint32Array, field: 2 | 3): void {
    const [x0, y0] = this.tileBox(tile);
    for (let q = 0; q < runs.length; q += 4) {
      const start = runs[q];
      const ly = start >> TILE_SHIFT;
      const at = (y0 + ly) * this.width + x0 + (start & (TILE_SIZE - 1));
      this.labels.fill(runs[q + field], at, at + runs[q + 1]);
    }
  }

  refreshView(_rect: Rect): void {
    // The label map is the view.
  }

  regionAt(x: number, y: number): ((x: number, y: number) => boolean) | null {
    const labels = this.labels;
    const w = this.width;
    const label = labels[y * w + x];
    if (label !== 0 && this.host.flags[label] & LOCKED) return null;
    return (px, py) => labels[py * w + px] === label;
  }

  segmentMask(id: number): MaskRegion | null {
    // One pass for the box, one over the box: a label map does not know where a segment is.
    const { labels, width: w, height: h } = this;
    let x0 = w;
    let y0 = h;
    let x1 = -1;
    let y1 = -1;
    for (let y = 0; y < h; y++) {
      const row = y * w;
      for (let x = 0; x < w; x++) {
        if (labels[row + x] === id) {
          if (x < x0) x0 = x;
          if (x > x1) x1 = x;
          if (y < y0) y0 = y;
          y1 = y;
        }
      }
    }
    if (x1 < 0) return null;
    const width = x1 - x0 + 1;
    const height = y1 - y0 + 1;
    const data = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) {
      const row = (y0 + y) * w + x0;
      for (let x = 0; x < width; x++) if (labels[row + x] === id) data[y * width + x] = 1;
    }
    return { x: x0, y: y0, width, height, data };
  }

  segmentCounts(ids: readonly number[]): Map<number, Uint32Array> {
    // One column-major walk of the whole map; each run is appended to its segment's counts.
    const { labels, width: w, height: h } = this;
    const wanted = new Set(ids);
    const builders = new Map<number, CountsBuilder>();
    let runId = 0;
    let runStart = 0;
    const close = (end: number) => {
      if (runId === 0 || !wanted.has(runId)) return;
      let b = builders.get(runId);
      if (!b) {
        b = new CountsBuilder();
        builders.set(runId, b);
      }
      b.push(runStart, end);
    };
    let p = 0;
    for (let x = 0; x < w; x++) {
      for (let i = x, y = 0; y < h; y++, i += w, p++) {
        const v = labels[i];
        if (v !== runId) {
          close(p);
          runId = v;
          runStart = p;
        }
      }
    }
    close(p);
    const out = new Map<number, Uint32Array>();
    for (const id of ids) {
      const b = builders.get(id);
      if (b) out.set(id, b.finish(w * h));
    }
    return out;
  }

  load(id: number, rle: Rle): { x: number; y: number; other: number } | null {
    const { labels, width: w } = this;
    let overlap: { x: number; y: number; other: number } | null = null;
    forEachColumnRun(rle, (x, y0, y1) => {
      if (overlap) return;
      for (let y = y0; y < y1; y++) {
        const i = y * w + x;
        if (labels[i] !== 0) {
          overlap = { x, y, other: labels[i] };
          return;
        }
        labels[i] = id;
      }
    });
    return overlap;
  }
}
