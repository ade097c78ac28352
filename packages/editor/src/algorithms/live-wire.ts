/**
 * The edge-following lasso (intelligent scissors / live-wire, Mortensen & Barrett 1995): the
 * 8-connected path from a seed pixel to the pointer that is shortest under an image-gradient cost
 * (live-wire-cost.ts), recomputed as the pointer moves.
 *
 * How it stays live on a 4096×3072 image:
 * - `setImage` keeps the image and takes the cost's gradient reference from a grid of sample pixels
 *   (`gradientReference`, 64k samples, ~12 ms); the local costs are computed in 64 × 64 blocks the
 *   first time the search reaches a block (`liveWireCostBlock`), each exactly as the whole image's
 *   `liveWireCost` would. The search grows from the seed, so a first click and a short path cost a
 *   few blocks (12 for a 50-pixel path: the first click ~20 ms, against ~0.8 s for the costs of
 *   the whole 12.6 Mpx); a block is computed once per image, and a long search pays for the blocks
 *   it reaches as it goes.
 * - `setSeed` only resets: Dijkstra runs lazily from the seed, with Dial's bucket queue (link costs
 *   are small integers, 36..360, so a circular array of 361 buckets, each a growing Int32Array stack,
 *   replaces the heap: O(1) per push and pop). Settled pixels stay settled, so `pathTo` expands only
 *   until the target is settled and every later target nearer than the furthest one seen costs only
 *   the trace back.
 * - The search is confined to a square window of `window` pixels a side (default 1024) centred on the
 *   seed and clipped to the image; a target outside it is clamped to the window's nearest pixel, so
 *   the path ends on the window's edge (the lasso places a new seed long before). This bounds a
 *   `pathTo` by about a million settled pixels and the search's memory by ~10 bytes a window pixel,
 *   whatever the image size. `window: Infinity` searches the whole image.
 * Stamps (one uint32 a window pixel) mark which entries belong to the current seed, so `setSeed`
 * never clears arrays.
 *
 * Example: on a light image with a dark square, `setSeed` at one corner of the square and
 * `pathTo` the next corner gives the pixels along the square's side.
 */
import { type Bbox, SegkitError } from '@segkit/core';
import { checkBufferLength, checkImageSize, checkPixel } from './check.js';
import { type CostTables, gradientReference, liveWireCostBlock } from './live-wire-cost.js';

export interface LiveWireOptions {
  /** Side of the square search window centred on the seed, in pixels (default 1024; Infinity: all). */
  window?: number;
}

// Neighbour k: (DX[k], DY[k]); even k are 4-neighbours, odd k diagonals.
const DX = Int32Array.of(1, 1, 0, -1, -1, -1, 0, 1);
const DY = Int32Array.of(0, 1, 1, 1, 0, -1, -1, -1);
const SETTLED = 0x80;
const NO_PARENT = 8;
const BUCKETS = 362; // > the largest link cost, diagonalStepCost(255) = 361
// Cost blocks are BLOCK × BLOCK image pixels, aligned on multiples of BLOCK.
const BLOCK_SHIFT = 6;
const BLOCK = 1 << BLOCK_SHIFT;
const NO_TABLES: CostTables = { reference: 0, off: new Uint8Array(1), on: new Uint8Array(1) };

export class LiveWire {
  readonly #window: number;
  #width = 0;
  #height = 0;
  #cost = new Uint8Array(0);
  #hasImage = false;
  // The image (kept, not copied), its cost tables, and which cost blocks are computed (1 a block).
  #rgba: Uint8Array | Uint8ClampedArray = new Uint8Array(0);
  #tables = NO_TABLES;
  #ready = new Uint8Array(0);
  #blocksX = 0;
  #blocksY = 0;
  #computed = 0;
  // The search window (image coordinates) and the current seed, local to it.
  #ox = 0;
  #oy = 0;
  #ww = 0;
  #wh = 0;
  #seed = -1;
  #seedX = 0;
  #seedY = 0;
  // Per window pixel: distance from the seed, parent direction | SETTLED, and the seed's stamp.
  #dist = new Int32Array(0);
  #dir = new Uint8Array(0);
  #stamp = new Uint32Array(0);
  #epoch = 0;
  // Dial's buckets: bucket (d mod BUCKETS) holds the pixels queued at distance d.
  #buckets: Int32Array[] = Array.from({ length: BUCKETS }, () => new Int32Array(64));
  #lengths = new Int32Array(BUCKETS);
  #queued = 0;
  #current = 0;

  constructor(options: LiveWireOptions = {}) {
    const window = options.window ?? 1024;
    if (typeof window !== 'number' || !(window >= 2)) {
      throw new SegkitError('INVALID_SIZE', `window must be a number ≥ 2 (or Infinity), got ${window}`, ['live wire']);
    }
    this.#window = window;
  }

  /**
   * Takes the image (row-major RGBA) whose edges the paths follow, and forgets the seed. The array
   * is kept, not copied, and read as the search reaches new blocks: leave it unchanged until the
   * next `setImage`.
   */
  setImage(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): void {
    const what = 'live wire: image';
    checkImageSize(what, width, height);
    checkBufferLength(what, 'rgba', rgba, width, height, 4);
    if (this.#cost.length < width * height) this.#cost = new Uint8Array(width * height);
    this.#width = width;
    this.#height = height;
    this.#rgba = rgba;
    this.#tables = gradientReference(rgba, width, height);
    this.#blocksX = (width + BLOCK - 1) >> BLOCK_SHIFT;
    this.#blocksY = (height + BLOCK - 1) >> BLOCK_SHIFT;
    const blocks = this.#blocksX * this.#blocksY;
    if (this.#ready.length < blocks) this.#ready = new Uint8Array(blocks);
    else this.#ready.fill(0, 0, blocks);
    this.#computed = 0;
    this.#hasImage = true;
    this.#seed = -1;
  }

  /**
   * The local cost of each image pixel (row-major, 36..255), after `setImage`; reading it computes
   * every block not computed yet.
   */
  get costs(): Uint8Array {
    for (let by = 0; by < this.#blocksY; by++) for (let bx = 0; bx < this.#blocksX; bx++) this.#block(bx, by);
    return this.#cost.subarray(0, this.#width * this.#height);
  }

  /** How many of the image's 64 × 64 cost blocks are computed so far, and how many it has. */
  get costBlocks(): { computed: number; total: number } {
    return { computed: this.#computed, total: this.#blocksX * this.#blocksY };
  }

  /** The current search window `[x, y, width, height]`, `[0, 0, 0, 0]` before `setSeed`. */
  get searchWindow(): Bbox {
    return this.#seed < 0 ? [0, 0, 0, 0] : [this.#ox, this.#oy, this.#ww, this.#wh];
  }

  /** The current seed pixel [x, y], undefined before `setSeed` (and after `setImage`). */
  get seed(): readonly [x: number, y: number] | undefined {
    return this.#seed < 0 ? undefined : [this.#seedX, this.#seedY];
  }

  /** Starts paths at pixel (x, y); the search window is centred here. */
  setSeed(x: number, y: number): void {
    if (!this.#hasImage) throw new SegkitError('INVALID_SIZE', 'setSeed before setImage', ['live wire']);
    checkPixel('live wire: seed', x, y, this.#width, this.#height);
    const half = Math.floor(Math.min(this.#window, 2 ** 30) / 2);
    this.#ox = Math.max(0, x - half);
    this.#oy = Math.max(0, y - half);
    this.#ww = Math.min(this.#width, x + half) - this.#ox;
    this.#wh = Math.min(this.#height, y + half) - this.#oy;
    const size = this.#ww * this.#wh;
    if (this.#dist.length < size) {
      this.#dist = new Int32Array(size);
      this.#dir = new Uint8Array(size);
      this.#stamp = new Uint32Array(size);
      this.#epoch = 0;
    }
    this.#epoch++;
    if (this.#epoch === 0xffffffff) {
      this.#stamp.fill(0);
      this.#epoch = 1;
    }
    this.#lengths.fill(0);
    this.#queued = 0;
    this.#current = 0;
    this.#seedX = x;
    this.#seedY = y;
    const seed = (y - this.#oy) * this.#ww + (x - this.#ox);
    this.#seed = seed;
    this.#stamp[seed] = this.#epoch;
    this.#dist[seed] = 0;
    this.#dir[seed] = NO_PARENT;
    this.#push(seed, 0);
    this.#blocksAround(x, y);
  }

  /**
   * The shortest 8-connected path from the seed to pixel (x, y) (clamped into the search window), as
   * interleaved coordinates [x0, y0, x1, y1, …]: the seed first, the target last.
   */
  pathTo(x: number, y: number): Int32Array {
    if (this.#seed < 0) throw new SegkitError('INVALID_SIZE', 'pathTo before setSeed', ['live wire']);
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      throw new SegkitError('INVALID_SIZE', `target (${x}, ${y}) is not a pixel`, ['live wire']);
    }
    const lx = Math.min(Math.max(Math.round(x) - this.#ox, 0), this.#ww - 1);
    const ly = Math.min(Math.max(Math.round(y) - this.#oy, 0), this.#wh - 1);
    const target = ly * this.#ww + lx;
    this.#expandUntil(target);
    let steps = 1;
    for (let p = target; this.#dir[p] !== (NO_PARENT | SETTLED); p = this.#parent(p)) steps++;
    const path = new Int32Array(2 * steps);
    let k = 2 * steps;
    for (let p = target; ; p = this.#parent(p)) {
      const py = (p / this.#ww) | 0;
      path[--k] = py + this.#oy;
      path[--k] = p - py * this.#ww + this.#ox;
      if (this.#dir[p] === (NO_PARENT | SETTLED)) break;
    }
    return path;
  }

  /** The distance of the shortest path from the seed to (x, y) in cost units (settles it if needed). */
  distanceTo(x: number, y: number): number {
    const path = this.pathTo(x, y);
    const n = path.length;
    return this.#dist[(path[n - 1] - this.#oy) * this.#ww + (path[n - 2] - this.#ox)];
  }

  /** Computes cost block (bx, by) unless it is computed. */
  #block(bx: number, by: number): void {
    const k = by * this.#blocksX + bx;
    if (this.#ready[k] !== 0) return;
    const x0 = bx << BLOCK_SHIFT;
    const y0 = by << BLOCK_SHIFT;
    const x1 = Math.min(x0 + BLOCK, this.#width);
    const y1 = Math.min(y0 + BLOCK, this.#height);
    liveWireCostBlock(this.#rgba, this.#width, this.#height, this.#tables, x0, y0, x1, y1, this.#cost);
    this.#ready[k] = 1;
    this.#computed++;
  }

  /** Computes the blocks of image pixel (x, y) and of its 8 neighbours. */
  #blocksAround(x: number, y: number): void {
    const bx0 = Math.max(x - 1, 0) >> BLOCK_SHIFT;
    const bx1 = Math.min(x + 1, this.#width - 1) >> BLOCK_SHIFT;
    const by0 = Math.max(y - 1, 0) >> BLOCK_SHIFT;
    const by1 = Math.min(y + 1, this.#height - 1) >> BLOCK_SHIFT;
    for (let by = by0; by <= by1; by++) for (let bx = bx0; bx <= bx1; bx++) this.#block(bx, by);
  }

  #parent(p: number): number {
    const k = this.#dir[p] & 7;
    return p - DY[k] * this.#ww - DX[k];
  }

  #push(p: number, d: number): void {
    const b = d % BUCKETS;
    let bucket = this.#buckets[b];
    const n = this.#lengths[b];
    if (n === bucket.length) {
      const bigger = new Int32Array(n * 2);
      bigger.set(bucket);
      this.#buckets[b] = bucket = bigger;
    }
    bucket[n] = p;
    this.#lengths[b] = n + 1;
    this.#queued++;
  }

  /** Runs Dijkstra until `target` is settled (every window pixel is reachable, so it terminates). */
  #expandUntil(target: number): void {
    const dist = this.#dist;
    const dir = this.#dir;
    const stamp = this.#stamp;
    const epoch = this.#epoch;
    const cost = this.#cost;
    const buckets = this.#buckets;
    const lengths = this.#lengths;
    const ww = this.#ww;
    const wh = this.#wh;
    const width = this.#width;
    const ox = this.#ox;
    const oy = this.#oy;
    let current = this.#current;
    let queued = this.#queued;
    while (((dir[target] & SETTLED) === 0 || stamp[target] !== epoch) && queued > 0) {
      let b = current % BUCKETS;
      while (lengths[b] === 0) {
        current++;
        b = b + 1 === BUCKETS ? 0 : b + 1;
      }
      const p = buckets[b][--lengths[b]];
      queued--;
      if (dist[p] !== current || (dir[p] & SETTLED) !== 0) continue; // a stale entry
      dir[p] |= SETTLED;
      const py = (p / ww) | 0;
      const px = p - py * ww;
      const gx = px + ox;
      const gy = py + oy;
      const g = gy * width + gx;
      // The costs read below are p's neighbours'. p's own block is computed (its cost was read when
      // it was queued; the seed's in setSeed), so only a pixel on its block's edge needs a look at
      // the neighbouring blocks.
      if (((gx + 1) & (BLOCK - 1)) <= 1 || ((gy + 1) & (BLOCK - 1)) <= 1) this.#blocksAround(gx, gy);
      const inner = px > 0 && py > 0 && px < ww - 1 && py < wh - 1;
      for (let k = 0; k < 8; k++) {
        const dx = DX[k];
        const dy = DY[k];
        if (!inner) {
          const qx = px + dx;
          const qy = py + dy;
          if (qx < 0 || qy < 0 || qx >= ww || qy >= wh) continue;
        }
        const q = p + dy * ww + dx;
        const local = cost[g + dy * width + dx];
        const d = current + ((k & 1) === 0 ? local : (local * 181 + 64) >> 7); // diagonalStepCost
        if (stamp[q] !== epoch) {
          stamp[q] = epoch;
        } else if ((dir[q] & SETTLED) !== 0 || d >= dist[q]) {
          continue;
        }
        dist[q] = d;
        dir[q] = k;
        const bq = d % BUCKETS;
        let bucket = buckets[bq];
        const length = lengths[bq];
        if (length === bucket.length) {
          const bigger = new Int32Array(length * 2);
          bigger.set(bucket);
          buckets[bq] = bucket = bigger;
        }
        bucket[length] = q;
        lengths[bq] = length + 1;
        queued++;
      }
    }
    this.#current = current;
    this.#queued = queued;
  }
}
