import { SegkitError } from '../errors.js';
import { MAX_POLYGON_COORDINATE } from '../polygon/rasterize.js';
import type { Bitmap, Rle } from '../rle/types.js';
import { maskRle, upperBound } from './columns.js';
import { simplifyRing } from './simplify.js';
import { type Trace, trace } from './trace.js';

/*
 * Mask → COCO polygon parts, exact at tolerance 0: polygonsToRle(maskToPolygons(m), h, w) gives
 * encode(m)'s counts.
 *
 * One part per 4-connected component: its outer ring (traceContours) with every hole joined in by a
 * zero-width slit. COCO unions its parts, so a hole drawn as a separate part would be filled; inside
 * one part the fill is even-odd, so a hole ring spliced into the outer ring stays empty. The slit
 * runs straight up from the hole's top-left corner Q = (x, y) to the first boundary above it on line
 * x that belongs to the same component, at P = (x, s) on a ring's top edge, and the part reads
 *
 *   ... → P → Q → (around the hole) → Q → P → ...
 *
 * P → Q and Q → P lie on the pixel-edge line x: pycocotools' rasterizer toggles pixels only where an
 * edge crosses a pixel-centre column x + 0.5, which a vertical edge on an integer line never does, so
 * the slit covers no pixel centre, and the horizontal edges of the part are exactly the component's
 * boundary cracks (the top edge under P is only split in two). A hole whose slit lands on another
 * hole of the component is spliced into that hole first; islands inside holes are parts of their own.
 *
 *   # # # # #     one part: [0,0, 1,0, 1,2, 2,2, 2,1, 1,1, 1,0, 3,0, 3,2, 4,2, 4,1, 3,1, 3,0, 5,0, 5,3, 0,3]
 *   # . # . #     (P = (1,0) and (3,0) on the top edge; each hole entered straight down past its
 *   # # # # #     corner Q, so Q is written once, on the way back up)
 *
 * With a tolerance or a vertex budget, each ring is simplified on its own (simplify.ts; a hole keeps
 * Q), a ring whose bounding box fits in tolerance × tolerance vanishes (its pixels go to the region
 * around it), and P is inserted into the simplified ring it lands on (P lies within the tolerance of
 * that ring, so the slit stays vertical and zero-width). The largest outer ring never vanishes, so a
 * non-empty mask gives at least one part; an empty mask gives [] (COCO has no empty polygon
 * segmentation: keep such masks as RLE). Not guaranteed once simplified: that rings stay simple or
 * disjoint (a simplified hole may cross its outer ring); polygonLoss measures what that costs.
 *
 * Cost at tolerance 0: the trace plus O(vertices + holes · log holes); simplification adds
 * O(n log n) per ring of n vertices (O(n²) at worst, as Douglas–Peucker).
 */

export interface PolygonOptions {
  /** Douglas–Peucker tolerance in pixels. 0 (the default) keeps every corner: the exact mask. */
  tolerance?: number;
  /** At most this many vertices per ring (≥ 3), simplifying further where needed. Default: no limit. */
  maxVertices?: number;
}

// Scratch, grown on demand.
let keptBuffer = new Uint32Array(1024);
let attachHeadBuffer = new Int32Array(1024);

/**
 * COCO polygon parts `[[x0, y0, x1, y1, ...], ...]` of a mask (Bitmap or RLE), one per connected
 * component (4-connectivity), holes joined in by zero-width slits. See the module comment.
 */
export function maskToPolygons(mask: Bitmap | Rle, options: PolygonOptions = {}): number[][] {
  const tolerance = options.tolerance ?? 0;
  const maxVertices = options.maxVertices ?? Number.POSITIVE_INFINITY;
  if (typeof tolerance !== 'number' || !(tolerance >= 0) || tolerance === Number.POSITIVE_INFINITY) {
    throw new SegkitError('UNSUPPORTED', `tolerance must be a finite number ≥ 0, got ${String(tolerance)}`);
  }
  if (
    typeof maxVertices !== 'number' ||
    !(maxVertices >= 3) ||
    (maxVertices !== Number.POSITIVE_INFINITY && !Number.isInteger(maxVertices))
  ) {
    throw new SegkitError('UNSUPPORTED', `maxVertices must be an integer ≥ 3, got ${String(maxVertices)}`);
  }
  const rle = maskRle(mask);
  if (rle.height > MAX_POLYGON_COORDINATE || rle.width > MAX_POLYGON_COORDINATE) {
    throw new SegkitError(
      'UNSUPPORTED',
      `a [${rle.height}, ${rle.width}] mask has corners beyond ${MAX_POLYGON_COORDINATE}, which COCO polygons cannot hold`,
    );
  }
  const t = trace(rle);
  if (t.rings === 0) return [];
  const alive = survivors(t, tolerance);
  const { kept, keptStart } = simplifyAll(t, alive, tolerance, maxVertices);
  const slits = attachHoles(t, alive, kept, keptStart);
  const parts: number[][] = [];
  for (let r = 0; r < t.rings; r++) {
    if (alive[r] === 1 && t.parent[r] < 0) parts.push(emitPart(t, r, kept, keptStart, slits));
  }
  return parts;
}

/**
 * 1 for the rings kept. At tolerance 0 all; else those whose bounding box is wider or taller than the
 * tolerance, and in any case the outer ring of largest area.
 */
function survivors(t: Trace, tolerance: number): Uint8Array {
  const alive = new Uint8Array(t.rings);
  if (tolerance === 0) return alive.fill(1);
  const { xy, ringStart, parent } = t;
  let largest = -1;
  let largestArea = -1;
  let outers = 0;
  for (let r = 0; r < t.rings; r++) {
    let x0 = Number.POSITIVE_INFINITY;
    let y0 = Number.POSITIVE_INFINITY;
    let x1 = -1;
    let y1 = -1;
    for (let v = ringStart[r]; v < ringStart[r + 1]; v++) {
      const x = xy[2 * v];
      const y = xy[2 * v + 1];
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
    if (x1 - x0 > tolerance || y1 - y0 > tolerance) alive[r] = 1;
    if (parent[r] < 0) {
      outers += alive[r];
      const a = ringArea(xy, ringStart[r], ringStart[r + 1]);
      if (a > largestArea) {
        largestArea = a;
        largest = r;
      }
    }
  }
  if (outers === 0) alive[largest] = 1;
  return alive;
}

/** Shoelace area of vertices [from, to) of `xy` (positive for outer rings, y down). */
function ringArea(xy: Uint32Array, from: number, to: number): number {
  let sum = 0;
  for (let v = from; v < to; v++) {
    const w = v + 1 < to ? v + 1 : from;
    sum += xy[2 * v] * xy[2 * w + 1] - xy[2 * w] * xy[2 * v + 1];
  }
  return sum / 2;
}

/** The kept vertices of each live ring, ascending, in one flat list: ring r has kept[keptStart[r] .. keptStart[r + 1]). */
function simplifyAll(
  t: Trace,
  alive: Uint8Array,
  tolerance: number,
  maxVertices: number,
): { kept: Uint32Array; keptStart: Uint32Array } {
  if (keptBuffer.length < t.vertices) keptBuffer = new Uint32Array(Math.max(t.vertices, 2 * keptBuffer.length));
  const kept = keptBuffer;
  const keptStart = new Uint32Array(t.rings + 1);
  let n = 0;
  for (let r = 0; r < t.rings; r++) {
    if (alive[r] === 1) {
      const from = t.ringStart[r];
      n += simplifyRing(t.xy, from, t.ringStart[r + 1] - from, tolerance, maxVertices, kept, n);
    }
    keptStart[r + 1] = n;
  }
  return { kept, keptStart };
}

/** Where each live hole is spliced in (per hole ring) and the holes hanging after each kept vertex. */
interface Slits {
  /** Per kept vertex (global index): the first hole spliced in after it, -1 if none. */
  readonly head: Int32Array;
  /** Per hole: the next hole spliced in after the same vertex, -1 if none. */
  readonly next: Int32Array;
  /** Per hole: P, where its slit meets the ring above. */
  readonly px: Float64Array;
  readonly py: Float64Array;
  /** Per hole: 1 when P → Q → (next vertex) is one straight line down, so Q need not be written first. */
  readonly skipQ: Uint8Array;
}

function attachHoles(t: Trace, alive: Uint8Array, kept: Uint32Array, keptStart: Uint32Array): Slits {
  const { xy, parent, firstEntry, entryRing, entryVertex, table } = t;
  const { rows } = table;
  if (attachHeadBuffer.length < t.vertices) {
    attachHeadBuffer = new Int32Array(Math.max(t.vertices, 2 * attachHeadBuffer.length));
  }
  const head = attachHeadBuffer;
  head.fill(-1, 0, t.vertices);
  const next = new Int32Array(t.rings).fill(-1);
  const px = new Float64Array(t.rings);
  const py = new Float64Array(t.rings);
  const skipQ = new Uint8Array(t.rings);
  const anchor = new Int32Array(t.rings);
  const along = new Int32Array(t.rings);
  const holes: number[] = [];

  for (let h = 0; h < t.rings; h++) {
    if (alive[h] === 0 || parent[h] < 0) continue;
    // Walk up column x from the hole's top crack: the intervals above alternate with gaps; take the
    // first top crack on a live ring of this component (at worst its outer ring).
    const q = t.ringStart[h];
    const x = xy[2 * q];
    let j = firstEntry[h] - 1;
    for (;;) {
      const ring = entryRing[j];
      const component = parent[ring] < 0 ? ring : parent[ring];
      if (component === parent[h] && alive[ring] === 1) break;
      j -= 2;
    }
    const ring = entryRing[j];
    const v = entryVertex[j];
    // The slit lands on the original edge starting at vertex v; after simplification it hangs after
    // the last kept vertex at or before v.
    anchor[h] = kept[upperBound(kept, keptStart[ring], keptStart[ring + 1], v) - 1];
    along[h] = v;
    px[h] = x;
    py[h] = rows[j];
    const n1 = kept[keptStart[h] + 1];
    skipQ[h] = xy[2 * n1] === x && xy[2 * n1 + 1] > xy[2 * q + 1] ? 1 : 0;
    holes.push(h);
  }
  // Holes after one kept vertex go in the order they meet the ring: by original edge, then by x
  // (top edges run east). Prepending in reverse order leaves each list in that order.
  holes.sort((a, b) => along[a] - along[b] || px[a] - px[b]);
  for (let i = holes.length - 1; i >= 0; i--) {
    const h = holes[i];
    next[h] = head[anchor[h]];
    head[anchor[h]] = h;
  }
  // Q is written first after all when holes hang after it.
  for (const h of holes) if (head[t.ringStart[h]] >= 0) skipQ[h] = 0;
  return { head, next, px, py, skipQ };
}

/** Writes the part of outer ring `outer`: its kept vertices, with each hole's slit and ring spliced in. */
function emitPart(t: Trace, outer: number, kept: Uint32Array, keptStart: Uint32Array, slits: Slits): number[] {
  const { xy } = t;
  const { head, next, px, py, skipQ } = slits;
  const part: number[] = [];
  let lastX = -1;
  let lastY = -1;
  const put = (x: number, y: number): void => {
    if (x === lastX && y === lastY) return;
    part.push(x, y);
    lastX = x;
    lastY = y;
  };
  // An explicit stack of rings being written (holes nest through slits landing on holes):
  // ring, position in its kept list, and the next hole to splice after that vertex (-2: vertex not
  // written yet).
  const frameRing: number[] = [outer];
  const frameK: number[] = [0];
  const frameHole: number[] = [-2];
  while (frameRing.length > 0) {
    const f = frameRing.length - 1;
    const r = frameRing[f];
    const from = keptStart[r];
    const k = frameK[f];
    if (from + k === keptStart[r + 1]) {
      frameRing.pop();
      frameK.pop();
      frameHole.pop();
      if (f > 0) {
        // Back along the slit: Q, then P.
        const q = kept[from];
        put(xy[2 * q], xy[2 * q + 1]);
        put(px[r], py[r]);
        frameHole[f - 1] = next[r];
      }
      continue;
    }
    let h = frameHole[f];
    if (h === -2) {
      const v = kept[from + k];
      if (!(f > 0 && k === 0 && skipQ[r] === 1)) put(xy[2 * v], xy[2 * v + 1]);
      h = head[v];
    }
    if (h === -1) {
      frameK[f] = k + 1;
      frameHole[f] = -2;
      continue;
    }
    frameHole[f] = h;
    put(px[h], py[h]);
    frameRing.push(h);
    frameK.push(0);
    frameHole.push(-2);
  }
  if (part.length > 2 && part[0] === lastX && part[1] === lastY) part.length -= 2;
  return part;
}
