import { isPolygonCoordinate, MAX_POLYGON_COORDINATE, SegkitError, showValue } from '@segkit/core';

/**
 * The one reader of `[[x, y], …]` point lists (labelme `points`, Label Studio `value.points`):
 * returns `[x0, y0, x1, y1, …]` in pixels, every coordinate held to the rule the rasterizer applies
 * (`isPolygonCoordinate`: finite, within ±4e8). A point outside it is refused where it is read, so a
 * conversion that never rasterizes (labelme → COCO) cannot pass `1e300` on as "nothing lost".
 * Errors name the point and show it as written: `point 1 is [1e+300, 4]; …`.
 */
export interface PointListOptions {
  /** How messages name the list, e.g. `"points"` or `"value.points"`. */
  field: string;
  /** Multiplies x and y as read (Label Studio's percent → pixels: width / 100, height / 100). */
  scaleX?: number;
  scaleY?: number;
  /** How a point is written in messages (default `[x, y]`; Label Studio's `[x%, y%]`). */
  form?: string;
}

export function readPointList(points: unknown, options: PointListOptions): number[] {
  const { field, scaleX = 1, scaleY = 1, form = '[x, y]' } = options;
  if (!Array.isArray(points)) {
    throw new SegkitError('INVALID_POLYGON', `${field} must be a list of ${form} points, got ${showValue(points)}`);
  }
  const xy = new Array<number>(2 * points.length);
  for (let i = 0; i < points.length; i++) {
    const point: unknown = points[i];
    const x = Array.isArray(point) && point.length === 2 ? point[0] * scaleX : Number.NaN;
    const y = Array.isArray(point) && point.length === 2 ? point[1] * scaleY : Number.NaN;
    if (
      !Array.isArray(point) ||
      typeof point[0] !== 'number' ||
      typeof point[1] !== 'number' ||
      !isPolygonCoordinate(x) ||
      !isPolygonCoordinate(y)
    ) {
      const scaled = scaleX !== 1 || scaleY !== 1 ? ' in pixels' : '';
      throw new SegkitError(
        'INVALID_POLYGON',
        `point ${i} is ${showValue(point)}; a point is ${form}, two finite numbers within ±${MAX_POLYGON_COORDINATE}${scaled}`,
      );
    }
    xy[2 * i] = x;
    xy[2 * i + 1] = y;
  }
  return xy;
}
