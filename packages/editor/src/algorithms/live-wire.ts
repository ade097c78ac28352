/**
 * The edge-following lasso (intelligent scissors / live-wire, Mortensen & Barrett 1995): the
 * 8-connected path from a seed pixel to the pointer that is shortest under an image-gradient cost
 * (live-wire-cost.ts), recomputed as the pointer moves.
 *
 * How it stays live on a 4096×3072 image:
 * - `setImage` computes the local cost of every pixel once (a few passes over the image).
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
import { liveWireCost } from './live-wire-cost.js';

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

export class LiveWire {
  readonly #window: number;
  #width = 0;
  #height = 0;
  #cost = new Uint8Array(0);
  #hasImage = false;
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

  /** Computes the local cost of every pixel of the image (row-major RGBA) and forgets the seed. */
  setImage(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): void {
    const what = 'live wire: image';
    checkImageSize(what, width, height);
    checkBufferLength(what, 'rgba', rgba, width, height, 4);
    if (this.#cost.length < width * height) this.#cost = new Uint8Array(width * height);
    this.#width = width;
    this.#height = height;
    liveWireCost(rgba, width, height, this.#cost);
    this.#hasImage = true;
    this.#seed = -1;
  }

  /** The local cost of each image pixel (row-major, 36..255); valid after `setImage`. */
  get costs(): Uint8Array {
    return this.#cost.subarray(0, this.#width * this.#height);
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
      const g = (py + oy) * width + px + ox;
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
