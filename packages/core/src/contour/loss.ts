import { polygonsToRle } from '../coco/segmentation.js';
import { SegkitError } from '../errors.js';
import { polygonToRle } from '../polygon/rasterize.js';
import { area } from '../rle/measure.js';
import { combine } from '../rle/merge.js';
import type { Bitmap, Rle } from '../rle/types.js';
import { maskRle, upperBound } from './columns.js';
import { type Trace, trace } from './trace.js';

/** What a polygon segmentation loses against the mask it was made from. */
export interface PolygonLoss {
  /** |mask ∩ polygons| / |mask ∪ polygons|; 1 when both are empty. */
  iou: number;
  /** Pixels in one but not the other (|mask xor polygons|). */
  pixelsChanged: number;
  /** Holes of the mask (8-connected background regions enclosed by foreground) entirely filled by the polygons. */
  holesDropped: number;
  /** Vertices over all parts (a slit's repeated points included). */
  vertexCount: number;
}

/**
 * Compares a mask with COCO polygon parts on the same image, rasterized as pycocotools does
 * (`polygonsToRle`, union of the parts; no parts is an empty mask). Works on runs: the overlap comes
 * from `combine`, and a hole counts as kept when some run of pixels that is background in both lies
 * in it (found by one lookup in the mask's contour trace per background run). Cost: the
 * rasterization, the trace, and O(runs · log parts).
 *
 *   polygonLoss(mask, maskToPolygons(mask))                  → { iou: 1, pixelsChanged: 0, holesDropped: 0, ... }
 *   polygonLoss(mask, maskToPolygons(mask, { tolerance: 2 })) → what simplification cost
 */
export function polygonLoss(mask: Bitmap | Rle, parts: readonly (readonly number[])[]): PolygonLoss {
  const m = maskRle(mask);
  const { height: h, width: w } = m;
  const p = rasterize(parts, h, w);
  const inside = area(combine(m, p, 'intersection'));
  const union = area(m) + area(p) - inside;
  let vertexCount = 0;
  for (const part of parts) vertexCount += part.length >> 1;
  return {
    iou: union === 0 ? 1 : inside / union,
    pixelsChanged: union - inside,
    holesDropped: holesDropped(m, p),
    vertexCount,
  };
}

/**
 * The mask of the parts, as `polygonsToRle` makes it (no parts: empty). Many parts (a noisy mask has
 * thousands) are unioned pairwise, O(runs · log parts), instead of folded left, O(runs · parts); union
 * is associative, so the counts are the same.
 */
function rasterize(parts: readonly (readonly number[])[], h: number, w: number): Rle {
  if (parts.length === 0) return { height: h, width: w, counts: new Uint32Array([h * w]) };
  if (parts.length <= 16) return polygonsToRle(parts, h, w);
  let level: Rle[] = parts.map((part, i) => {
    try {
      if (!Array.isArray(part)) throw new SegkitError('INVALID_POLYGON', 'not a list of numbers');
      return polygonToRle(part, h, w, i === 0 ? 3 : 2);
    } catch (error) {
      throw error instanceof SegkitError ? error.withContext(`polygon part ${i}`) : error;
    }
  });
  while (level.length > 1) {
    const next: Rle[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(combine(level[i], level[i + 1], 'union'));
    if (level.length % 2 === 1) next.push(level[level.length - 1]);
    level = next;
  }
  return level[0];
}

function holesDropped(m: Rle, p: Rle): number {
  const t = trace(m);
  let holes = 0;
  for (let r = 0; r < t.rings; r++) if (t.parent[r] >= 0) holes++;
  if (holes === 0) return 0;
  const kept = new Uint8Array(t.rings);
  // Background of both masks, run by run. A run's first pixel names its region; later columns of the
  // same run start at row 0, on the border, outside every hole.
  const both = combine(m, p, 'union').counts;
  const h = m.height;
  let position = 0;
  for (let i = 0; i < both.length; i++) {
    const start = position;
    position += both[i];
    if ((i & 1) === 1 || start === position) continue;
    const x = Math.floor(start / h);
    const y = start - x * h;
    if (y === 0) continue;
    const hole = holeAt(t, x, y);
    if (hole >= 0) kept[hole] = 1;
  }
  let dropped = 0;
  for (let r = 0; r < t.rings; r++) if (t.parent[r] >= 0 && kept[r] === 0) dropped++;
  return dropped;
}

/** The hole holding background pixel (x, y) of the traced mask, or -1 outside all holes. */
function holeAt(t: Trace, x: number, y: number): number {
  const { colStart, rows } = t.table;
  // The crack above the pixel's gap is the bottom of an interval; its ring bounds the gap's region.
  const j = upperBound(rows, colStart[x], colStart[x + 1], y);
  if (j === colStart[x]) return -1;
  const ring = t.entryRing[j - 1];
  return t.parent[ring] >= 0 ? ring : t.container[ring];
}
