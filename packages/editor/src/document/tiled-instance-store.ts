/**
 * Instance pixels: each instance is its own mask (overlaps allowed, later on top), kept as 256 × 256
 * byte tiles allocated on first write and freed when they become empty, so an instance costs 64 KiB
 * per tile it touches, not the image. `view` (Uint32, top-most visible instance per pixel) is
 * recomputed only over changed rectangles, from the few instances that own a tile there.
 * 4096 × 3072 with 300 instances of about four tiles each: 48 MiB of view + ~75 MiB of tiles.
 */
import type { Rle } from '@segkit/core';
import { type RunCollector, TILE_SHIFT, TILE_SIZE } from './history.js';
import {
  CountsBuilder,
  forEachColumnRun,
  HIDDEN,
  type MaskRegion,
  type PixelStore,
  type StoreHost,
  type TileSnapshot,
} from './store.js';
import type { Rect } from './types.js';

const TILE_PIXELS = TILE_SIZE * TILE_SIZE;
const MASK = TILE_SIZE - 1;

type Tiles = (Uint8Array | undefined)[];

function isZero(tile: Uint8Array): boolean {
  // Eight bytes at a time through a float view would misread NaN patterns; 32-bit words are exact.
  const words = new Uint32Array(tile.buffer, tile.byteOffset, tile.byteLength >> 2);
  for (let i = 0; i < words.length; i++) if (words[i] !== 0) return false;
  return true;
}

/** The same mask in the bounding box of its pixels (tiles give a box up to 255 pixels too wide). */
function cropToPixels(m: MaskRegion): MaskRegion | null {
  let x0 = m.width;
  let y0 = m.height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < m.height; y++) {
    const row = y * m.width;
    for (let x = 0; x < m.width; x++) {
      if (m.data[row + x]) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        y1 = y;
      }
    }
  }
  if (x1 < 0) return null;
  if (x0 === 0 && y0 === 0 && x1 === m.width - 1 && y1 === m.height - 1) return m;
  const width = x1 - x0 + 1;
  const height = y1 - y0 + 1;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const from = (y0 + y) * m.width + x0;
    data.set(m.data.subarray(from, from + width), y * width);
  }
  return { x: m.x + x0, y: m.y + y0, width, height, data };
}

export class TiledInstanceStore implements PixelStore {
  readonly view: Uint32Array;
  private readonly tilesX: number;
  private readonly tileCount: number;
  private readonly layers = new Map<number, Tiles>();

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly host: StoreHost,
  ) {
    this.view = new Uint32Array(width * height);
    this.tilesX = Math.ceil(width / TILE_SIZE);
    this.tileCount = this.tilesX * Math.ceil(height / TILE_SIZE);
  }

  get byteSize(): number {
    let bytes = this.view.byteLength;
    for (const tiles of this.layers.values()) for (const t of tiles) if (t) bytes += t.byteLength;
    return bytes;
  }

  /** Tiles allocated for an instance (for tests and the bench). */
  tileCountOf(id: number): number {
    const tiles = this.layers.get(id);
    return tiles ? tiles.filter(Boolean).length : 0;
  }

  private layer(id: number): Tiles {
    let tiles = this.layers.get(id);
    if (!tiles) {
      tiles = new Array(this.tileCount);
      this.layers.set(id, tiles);
    }
    return tiles;
  }

  private ensureTile(tiles: Tiles, tile: number): Uint8Array {
    let t = tiles[tile];
    if (!t) {
      t = new Uint8Array(TILE_PIXELS);
      tiles[tile] = t;
    }
    return t;
  }

  /** Tiles of every instance except `except` allocated at `tile`. */
  private owners(tile: number, except: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const [id, tiles] of this.layers) {
      const t = tiles[tile];
      if (t && id !== except) out.push(t);
    }
    return out;
  }

  paintRow(y: number, x0: number, x1: number, id: number, behind: boolean): void {
    const tiles = this.layer(id);
    const { view, host } = this;
    const rank = host.rank;
    const visible = (host.flags[id] & HIDDEN) === 0;
    const myRank = rank[id];
    const rowBase = (y >> TILE_SHIFT) * this.tilesX;
    const ly = (y & MASK) << TILE_SHIFT;
    const row = y * this.width;
    for (let x = x0; x < x1; ) {
      const tx = x >> TILE_SHIFT;
      const end = Math.min(x1, (tx + 1) << TILE_SHIFT);
      const index = rowBase + tx;
      host.touch(id, index);
      const tile = this.ensureTile(tiles, index);
      const others = behind ? this.owners(index, id) : null;
      for (let px = x; px < end; px++) {
        const local = ly + (px & MASK);
        if (tile[local]) continue;
        if (others) {
          let covered = false;
          for (let k = 0; k < others.length && !covered; k++) covered = others[k][local] !== 0;
          if (covered) continue;
        }
        tile[local] = 1;
        // The view changes only where this instance is now the top-most visible one.
        if (visible) {
          const shown = view[row + px];
          if (shown === 0 || rank[shown] < myRank) view[row + px] = id;
        }
      }
      x = end;
    }
  }

  eraseRow(y: number, x0: number, x1: number, id: number): void {
    const tiles = this.layers.get(id);
    if (!tiles) return;
    const view = this.view;
    const rowBase = (y >> TILE_SHIFT) * this.tilesX;
    const ly = (y & MASK) << TILE_SHIFT;
    const row = y * this.width;
    for (let x = x0; x < x1; ) {
      const tx = x >> TILE_SHIFT;
      const end = Math.min(x1, (tx + 1) << TILE_SHIFT);
      const index = rowBase + tx;
      const tile = tiles[index];
      if (tile) {
        this.host.touch(id, index);
        let below: [number, Uint8Array][] | null = null;
        for (let px = x; px < end; px++) {
          const local = ly + (px & MASK);
          if (!tile[local]) continue;
          tile[local] = 0;
          if (view[row + px] !== id) continue;
          // It was on top here: the next visible instance down shows through.
          below ??= this.visibleOwnersTopFirst(index, id);
          let shown = 0;
          for (let k = 0; k < below.length; k++) {
            if (below[k][1][local]) {
              shown = below[k][0];
              break;
            }
          }
          view[row + px] = shown;
        }
      }
      x = end;
    }
  }

  /** Visible instances other than `except` with a tile at `tile`, top first. */
  private visibleOwnersTopFirst(tile: number, except: number): [number, Uint8Array][] {
    const out: [number, Uint8Array][] = [];
    const order = this.host.order;
    const flags = this.host.flags;
    for (let k = order.length - 1; k >= 0; k--) {
      const id = order[k];
      if (id === except || flags[id] & HIDDEN) continue;
      const t = this.layers.get(id)?.[tile];
      if (t) out.push([id, t]);
    }
    return out;
  }

  snapshot(layer: number, tile: number): TileSnapshot {
    const t = this.layers.get(layer)?.[tile];
    return t ? t.slice() : null;
  }

  private tileExtent(tile: number): [w: number, h: number] {
    const tx = tile % this.tilesX;
    const ty = (tile - tx) / this.tilesX;
    return [Math.min(TILE_SIZE, this.width - tx * TILE_SIZE), Math.min(TILE_SIZE, this.height - ty * TILE_SIZE)];
  }

  diff(layer: number, tile: number, snapshot: TileSnapshot, out: RunCollector): void {
    const before = snapshot as Uint8Array | null;
    const tiles = this.layers.get(layer);
    const after = tiles?.[tile];
    const [tw, th] = this.tileExtent(tile);
    for (let ly = 0; ly < th; ly++) {
      const local = ly * TILE_SIZE;
      for (let lx = 0; lx < tw; lx++) {
        const a = before ? before[local + lx] : 0;
        const b = after ? after[local + lx] : 0;
        if (a !== b) out.add(local + lx, a, b);
      }
    }
    if (after && isZero(after)) this.free(layer, tile);
  }

  private free(layer: number, tile: number): void {
    const tiles = this.layers.get(layer);
    if (!tiles) return;
    tiles[tile] = undefined;
    if (!tiles.some(Boolean)) this.layers.delete(layer);
  }

  restore(layer: number, tile: number, snapshot: TileSnapshot): void {
    if (snapshot) this.layer(layer)[tile] = snapshot as Uint8Array;
    else this.free(layer, tile);
  }

  restoreRow(layer: number, tile: number, snapshot: TileSnapshot, y: number, x0: number, x1: number): void {
    const before = snapshot as Uint8Array | null;
    const current = this.layers.get(layer)?.[tile];
    if (!current && !before) return;
    // A tile left empty stays allocated until the action's diff frees it.
    const t = current ?? this.ensureTile(this.layer(layer), tile);
    const local = (y & MASK) << TILE_SHIFT;
    const a = local + (x0 & MASK);
    const b = a + x1 - x0;
    if (before) t.set(before.subarray(a, b), a);
    else t.fill(0, a, b);
    this.refreshView({ x: x0, y, width: x1 - x0, height: 1 });
  }

  applyRuns(layer: number, tile: number, runs: Uint32Array, field: 2 | 3): void {
    const t = this.ensureTile(this.layer(layer), tile);
    const { view, host, width } = this;
    const rank = host.rank;
    const visible = rank[layer] > 0 && (host.flags[layer] & HIDDEN) === 0;
    const tx = tile % this.tilesX;
    const x0 = tx * TILE_SIZE;
    const y0 = ((tile - tx) / this.tilesX) * TILE_SIZE;
    let owners: [number, Uint8Array][] | null = null;
    // The view follows pixel by pixel, as in paintRow and eraseRow: cost follows the diff. The
    // bookkeeping is already that of the step's end, so an id shown that no longer exists (rank 0)
    // is stale: that pixel is recomputed from the instances present.
    for (let q = 0; q < runs.length; q += 4) {
      const start = runs[q];
      const value = runs[q + field];
      t.fill(value, start, start + runs[q + 1]);
      const at = (y0 + (start >> TILE_SHIFT)) * width + x0 + (start & MASK);
      for (let i = at, end = at + runs[q + 1], local = start; i < end; i++, local++) {
        const shown = view[i];
        const stale = shown !== 0 && rank[shown] === 0;
        if (!stale) {
          if (value) {
            if (!visible || (shown !== 0 && rank[shown] >= rank[layer])) continue;
            view[i] = layer;
            continue;
          }
          if (shown !== layer) continue;
        }
        owners ??= this.visibleOwnersTopFirst(tile, -1);
        let top = 0;
        for (let k = 0; k < owners.length; k++) {
          if (owners[k][1][local]) {
            top = owners[k][0];
            break;
          }
        }
        view[i] = top;
      }
    }
    if (isZero(t)) this.free(layer, tile);
  }

  refreshView(rect: Rect): void {
    const x0 = Math.max(0, rect.x);
    const y0 = Math.max(0, rect.y);
    const x1 = Math.min(this.width, rect.x + rect.width);
    const y1 = Math.min(this.height, rect.y + rect.height);
    if (x0 >= x1 || y0 >= y1) return;
    const { view, width: w } = this;
    const flags = this.host.flags;
    const order = this.host.order;
    for (let ty = y0 >> TILE_SHIFT; ty <= (y1 - 1) >> TILE_SHIFT; ty++) {
      for (let tx = x0 >> TILE_SHIFT; tx <= (x1 - 1) >> TILE_SHIFT; tx++) {
        const index = ty * this.tilesX + tx;
        const ax = Math.max(x0, tx << TILE_SHIFT);
        const bx = Math.min(x1, (tx + 1) << TILE_SHIFT);
        const ay = Math.max(y0, ty << TILE_SHIFT);
        const by = Math.min(y1, (ty + 1) << TILE_SHIFT);
        for (let y = ay; y < by; y++) view.fill(0, y * w + ax, y * w + bx);
        // Bottom to top, so the last visible owner of a pixel wins.
        for (let k = 0; k < order.length; k++) {
          const id = order[k];
          if (flags[id] & HIDDEN) continue;
          const tile = this.layers.get(id)?.[index];
          if (!tile) continue;
          for (let y = ay; y < by; y++) {
            const local = (y & MASK) << TILE_SHIFT;
            const row = y * w;
            for (let x = ax; x < bx; x++) if (tile[local + (x & MASK)]) view[row + x] = id;
          }
        }
      }
    }
  }

  regionAt(x: number, y: number): ((x: number, y: number) => boolean) | null {
    const cache = new Map<number, Uint8Array[]>();
    const tilesX = this.tilesX;
    const inside = (px: number, py: number): boolean => {
      const index = (py >> TILE_SHIFT) * tilesX + (px >> TILE_SHIFT);
      let owners = cache.get(index);
      if (!owners) {
        owners = this.owners(index, 0);
        cache.set(index, owners);
      }
      const local = ((py & MASK) << TILE_SHIFT) + (px & MASK);
      for (let k = 0; k < owners.length; k++) if (owners[k][local]) return false;
      return true;
    };
    return inside(x, y) ? inside : null;
  }

  /** Bounding box of the tiles an instance owns, in tile units, or null. */
  private tileBounds(tiles: Tiles): [tx0: number, ty0: number, tx1: number, ty1: number] | null {
    let tx0 = Infinity;
    let ty0 = Infinity;
    let tx1 = -1;
    let ty1 = -1;
    for (let i = 0; i < tiles.length; i++) {
      if (!tiles[i]) continue;
      const tx = i % this.tilesX;
      const ty = (i - tx) / this.tilesX;
      if (tx < tx0) tx0 = tx;
      if (tx > tx1) tx1 = tx;
      if (ty < ty0) ty0 = ty;
      if (ty > ty1) ty1 = ty;
    }
    return tx1 < 0 ? null : [tx0, ty0, tx1, ty1];
  }

  segmentMask(id: number): MaskRegion | null {
    const tiles = this.layers.get(id);
    if (!tiles) return null;
    const bounds = this.tileBounds(tiles);
    if (!bounds) return null;
    const [tx0, ty0, tx1, ty1] = bounds;
    const x0 = tx0 * TILE_SIZE;
    const y0 = ty0 * TILE_SIZE;
    const width = Math.min(this.width, (tx1 + 1) * TILE_SIZE) - x0;
    const height = Math.min(this.height, (ty1 + 1) * TILE_SIZE) - y0;
    const data = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) {
      const gy = y0 + y;
      for (let x = 0; x < width; ) {
        const gx = x0 + x;
        const index = (gy >> TILE_SHIFT) * this.tilesX + (gx >> TILE_SHIFT);
        const span = Math.min(width - x, TILE_SIZE - (gx & MASK));
        const tile = tiles[index];
        if (tile) {
          const local = ((gy & MASK) << TILE_SHIFT) + (gx & MASK);
          data.set(tile.subarray(local, local + span), y * width + x);
        }
        x += span;
      }
    }
    return cropToPixels({ x: x0, y: y0, width, height, data });
  }

  segmentCounts(ids: readonly number[]): Map<number, Uint32Array> {
    const out = new Map<number, Uint32Array>();
    const h = this.height;
    for (const id of ids) {
      const tiles = this.layers.get(id);
      const bounds = tiles && this.tileBounds(tiles);
      if (!tiles || !bounds) continue;
      const [tx0, , tx1] = bounds;
      const builder = new CountsBuilder();
      const xEnd = Math.min(this.width, (tx1 + 1) * TILE_SIZE);
      for (let x = tx0 * TILE_SIZE; x < xEnd; x++) {
        const tx = x >> TILE_SHIFT;
        const lx = x & MASK;
        let runStart = -1;
        for (let ty = 0; ty * TILE_SIZE < h; ty++) {
          const tile = tiles[ty * this.tilesX + tx];
          const yEnd = Math.min(h, (ty + 1) * TILE_SIZE);
          if (!tile) {
            if (runStart >= 0) builder.push(runStart, x * h + ty * TILE_SIZE);
            runStart = -1;
            continue;
          }
          for (let y = ty * TILE_SIZE; y < yEnd; y++) {
            const on = tile[((y & MASK) << TILE_SHIFT) + lx] !== 0;
            if (on && runStart < 0) runStart = x * h + y;
            else if (!on && runStart >= 0) {
              builder.push(runStart, x * h + y);
              runStart = -1;
            }
          }
        }
        if (runStart >= 0) builder.push(runStart, x * h + h);
      }
      if (!builder.empty) out.set(id, builder.finish(this.width * h));
    }
    return out;
  }

  load(id: number, rle: Rle): null {
    const tiles = this.layer(id);
    forEachColumnRun(rle, (x, y0, y1) => {
      const tx = x >> TILE_SHIFT;
      const lx = x & MASK;
      for (let y = y0; y < y1; y++) {
        const tile = this.ensureTile(tiles, (y >> TILE_SHIFT) * this.tilesX + tx);
        tile[((y & MASK) << TILE_SHIFT) + lx] = 1;
      }
    });
    if (!tiles.some(Boolean)) this.layers.delete(id);
    return null;
  }
}
