/**
 * The brush footprint, exactly as editor.md pins it.
 *
 * Round, diameter d, pointer on pixel (cx, cy): d odd → pixels with (x − cx)² + (y − cy)² ≤ (d/2)²;
 * d even → the centre is the top-left corner of pixel (cx, cy), so (x + ½ − cx)² + (y + ½ − cy)² ≤ (d/2)².
 * Square: the d × d block with the same centre. In offsets o = x − cx we compare integers only:
 * odd: 4(ox² + oy²) ≤ d², even: (2ox + 1)² + (2oy + 1)² ≤ d².
 *
 *   d = 1: ■        d = 2: ■■      d = 3: ■■■     d = 4: ·■■·
 *                          ■■             ■■■            ■■■■
 *                          (the pointer   ■■■            ■■■■
 *                          pixel is the                  ·■■·
 *                          bottom-right one)
 *
 * A footprint is stored as row spans (one per row, offsets from the pointer pixel), cached per
 * (diameter, shape), so stamping costs one loop per row.
 */

export type BrushShape = 'round' | 'square';

export interface Footprint {
  readonly diameter: number;
  readonly shape: BrushShape;
  /** Rows as triples (dy, dx0, dx1): pixels (cx + dx, cy + dy) for dx0 ≤ dx < dx1. */
  readonly spans: Int32Array;
  /** Offsets of the bounding box: dx and dy run over [min, max]. */
  readonly min: number;
  readonly max: number;
}

/** Largest diameter the editor accepts (a 1024-pixel brush is already a quarter of a 4K image). */
export const MAX_BRUSH_DIAMETER = 1024;

const cache = new Map<string, Footprint>();

/** The footprint of a brush of `diameter` pixels (an integer, 1..MAX_BRUSH_DIAMETER) and `shape`. */
export function footprint(diameter: number, shape: BrushShape): Footprint {
  const key = `${diameter}:${shape}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const d = diameter;
  const odd = (d & 1) === 1;
  // Offsets o with the centre rule: odd d → |o| ≤ (d − 1)/2; even d → −d/2 ≤ o ≤ d/2 − 1.
  const min = odd ? -(d - 1) / 2 : -d / 2;
  const max = odd ? (d - 1) / 2 : d / 2 - 1;
  const rows: number[] = [];
  const d2 = d * d;
  for (let oy = min; oy <= max; oy++) {
    if (shape === 'square') {
      rows.push(oy, min, max + 1);
      continue;
    }
    const ty = odd ? 4 * oy * oy : (2 * oy + 1) * (2 * oy + 1);
    let x0 = 0;
    let x1 = 0;
    let found = false;
    for (let ox = min; ox <= max; ox++) {
      const tx = odd ? 4 * ox * ox : (2 * ox + 1) * (2 * ox + 1);
      if (tx + ty <= d2) {
        if (!found) x0 = ox;
        found = true;
        x1 = ox + 1;
      }
    }
    if (found) rows.push(oy, x0, x1);
  }
  const result: Footprint = { diameter: d, shape, spans: Int32Array.from(rows), min, max };
  cache.set(key, result);
  return result;
}

/** The pixel (floor) an image-space pointer position falls on. */
export const pixelOf = (coordinate: number): number => Math.floor(coordinate);

/**
 * The footprint at pixel (cx, cy) as a small bitmap, clipped to nothing: `data` is `width` × `height`
 * row-major from (x, y), 1 where the brush paints. What the page draws as the cursor.
 */
export function footprintBitmap(
  fp: Footprint,
  cx: number,
  cy: number,
): { x: number; y: number; width: number; height: number; data: Uint8Array } {
  const size = fp.max - fp.min + 1;
  const data = new Uint8Array(size * size);
  const { spans } = fp;
  for (let i = 0; i < spans.length; i += 3) {
    const row = (spans[i] - fp.min) * size;
    for (let dx = spans[i + 1]; dx < spans[i + 2]; dx++) data[row + dx - fp.min] = 1;
  }
  return { x: cx + fp.min, y: cy + fp.min, width: size, height: size, data };
}
