/**
 * Resource limits: what a reader or writer accepts before it allocates. Every input that would make
 * segkit use memory or time out of proportion to its bytes (a 1 MB PNG that inflates to 30000×30000, a
 * COCO image record of 40000×40000, `--num-classes 1000000000`) is refused with one `LimitError`
 * (code `LIMIT`) that names the limit, the value found and how to raise it, *before* any buffer of
 * that size exists.
 *
 * Defaults: 2^28 pixels per image or mask (16384×16384; a 2^28-pixel label map is 256 MB at one byte
 * a pixel), 65,536 classes (a 16-bit class-index PNG), 2^20 vertices per polygon, 2^31 bytes per
 * input file (Node reads no more into one buffer). Front ends raise them: the CLI with `--max-pixels N`
 * or `SEGKIT_MAX_PIXELS` (and `--max-classes`, `--max-polygon-vertices`, `--max-file-bytes` with their
 * variables), the server from the project's settings.
 */

import { SegkitError } from './errors.js';

export interface Limits {
  /** Pixels (height × width) of one image, label map or mask. */
  readonly maxPixels: number;
  /** Classes of a class-index map or a confusion matrix. */
  readonly maxClasses: number;
  /** Vertices of one polygon ring. */
  readonly maxVertices: number;
  /** Bytes of one input file. */
  readonly maxFileBytes: number;
}

export type LimitName = keyof Limits;

export const DEFAULT_LIMITS: Limits = Object.freeze({
  maxPixels: 2 ** 28,
  maxClasses: 65_536,
  maxVertices: 2 ** 20,
  maxFileBytes: 2 ** 31,
});

/** How a person raises each limit from the command line (the server words its own). */
export const LIMIT_FLAGS: Readonly<Record<LimitName, { flag: string; env: string; what: string }>> = {
  maxPixels: { flag: '--max-pixels', env: 'SEGKIT_MAX_PIXELS', what: 'pixels per image' },
  maxClasses: { flag: '--max-classes', env: 'SEGKIT_MAX_CLASSES', what: 'classes' },
  // Not --max-vertices: `convert --max-vertices N` already caps the vertices of traced output polygons.
  maxVertices: { flag: '--max-polygon-vertices', env: 'SEGKIT_MAX_POLYGON_VERTICES', what: 'vertices per polygon' },
  maxFileBytes: { flag: '--max-file-bytes', env: 'SEGKIT_MAX_FILE_BYTES', what: 'bytes per file' },
};

/** A limit was passed. `limit`, `max` and `actual` let a front end word it its own way (HTTP 413). */
export class LimitError extends SegkitError {
  readonly limit: LimitName;
  readonly max: number;
  readonly actual: number;

  constructor(limit: LimitName, actual: number, max: number, what: string, context: readonly string[] = []) {
    const { flag, env, what: unit } = LIMIT_FLAGS[limit];
    super(
      'LIMIT',
      `${what} has ${formatCount(actual)} ${unit.split(' ')[0]}, over the limit of ${formatCount(max)} ${unit}; raise it with ${flag} N or ${env}`,
      context,
    );
    this.name = 'LimitError';
    this.limit = limit;
    this.max = max;
    this.actual = actual;
  }

  override withContext(where: string): LimitError {
    if (this.message.startsWith(`${where}: `)) return this;
    const located = new LimitError(this.limit, this.actual, this.max, '', [where, ...this.context]);
    // Keep the original sentence: only the location changes.
    Object.defineProperty(located, 'message', { value: `${where}: ${this.message}` });
    located.stack = this.stack;
    return located;
  }
}

/** Limits with defaults filled in; undefined, NaN or non-positive fields take the default. */
export function resolveLimits(limits: Partial<Limits> | undefined): Limits {
  if (limits === undefined) return DEFAULT_LIMITS;
  const pick = (name: LimitName): number => {
    const value = limits[name];
    return value !== undefined && Number.isFinite(value) && value > 0 ? value : DEFAULT_LIMITS[name];
  };
  return {
    maxPixels: pick('maxPixels'),
    maxClasses: pick('maxClasses'),
    maxVertices: pick('maxVertices'),
    maxFileBytes: pick('maxFileBytes'),
  };
}

/**
 * Throws a LimitError when `width × height` passes `maxPixels`. `what` names the item
 * (`image 7 (street.jpg)`, `the PNG header`). Call it with sizes from headers and records, before
 * allocating.
 */
export function checkPixelLimit(
  width: number,
  height: number,
  limits: Partial<Limits> | undefined,
  what: string,
): void {
  const max = limits?.maxPixels ?? DEFAULT_LIMITS.maxPixels;
  const pixels = width * height;
  if (pixels > max) throw new LimitError('maxPixels', pixels, max, `${what} (${width}×${height})`);
}

/** Throws a LimitError when `actual` passes the named limit. */
export function checkLimit(limit: LimitName, actual: number, limits: Partial<Limits> | undefined, what: string): void {
  const max = limits?.[limit] ?? DEFAULT_LIMITS[limit];
  if (actual > max) throw new LimitError(limit, actual, max, what);
}

/**
 * Throws a LimitError when a COCO polygon segmentation (a list of `[x0, y0, x1, y1, …]` parts) has a
 * part of more than `maxVertices` vertices, before anything is rasterized. Anything else (an RLE, a
 * malformed value) passes: it is checked where it is read.
 */
export function checkPolygonVertices(segmentation: unknown, limits: Partial<Limits> | undefined): void {
  if (!Array.isArray(segmentation)) return;
  const max = limits?.maxVertices ?? DEFAULT_LIMITS.maxVertices;
  for (let p = 0; p < segmentation.length; p++) {
    const part: unknown = segmentation[p];
    if (Array.isArray(part) && part.length > 2 * max) {
      throw new LimitError('maxVertices', Math.ceil(part.length / 2), max, `polygon part ${p}`);
    }
  }
}

/** 268435456 → "268,435,456". */
function formatCount(value: number): string {
  return Number.isFinite(value) && Math.abs(value) < 1e21 ? Math.round(value).toLocaleString('en-US') : String(value);
}
