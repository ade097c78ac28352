/**
 * The pre-submit lint: what is probably wrong in an image's labels, each finding with a box the page
 * can zoom to. Works on COCO RLEs (runs), decoding only a mask's bounding box for the slivers.
 *
 * Rules (w × h image; "part" = connected component):
 * - `unlabeled` (semantic, panoptic): each 4-connected part of the pixels no segment covers.
 * - `overlap` (semantic, panoptic): each pair of segments sharing pixels; `segmentId` is the later
 *   segment of the list, `otherSegmentId` the earlier, `bbox`/`pixels` those of the shared pixels.
 * - `empty` (every mode): a segment without pixels; its bbox is [0, 0, 0, 0].
 * - `island` (every mode): each 8-connected part of a segment smaller than `minIsland` pixels
 *   (a segment that is one small part is reported too: a stray click makes exactly that).
 * - `sliver` (every mode): the pixels of a segment that an opening with a `sliverWidth` ×
 *   `sliverWidth` square removes (slivers.ts), in 8-connected parts of at least sliverWidth² pixels
 *   (so the single-pixel tips every digital disc loses are not reported, a line a pixel wide and
 *   sliverWidth² long is). A thin island is reported as both.
 * - `hole` (instance; panoptic things): each 4-connected part of the pixels outside a segment that
 *   does not touch the image's edge (4-connected background is the dual of 8-connected foreground, so
 *   a diagonal gap in a ring does not open its hole). Reported even where another segment fills it;
 *   semantic and stuff regions are skipped, their holes being other classes or `unlabeled` findings.
 * Order: unlabeled, overlaps, then per segment in list order: empty, islands, slivers, holes (parts in
 * column-major order of their first pixel).
 * Example: a semantic 4×4 image whose only segment covers the left half has one `unlabeled` finding
 * with bbox [2, 0, 2, 4] and 8 pixels.
 * Cost: O(runs) per rule and segment, plus O(box area) per part for slivers (slivers.ts) and O(R log R) to
 * rule overlaps out (core's firstOverlap); pairs are intersected only when that finds one.
 */
import { area, type Bbox, bbox, checkRle, combine, firstOverlap, merge, type Rle, SegkitError } from '@segkit/core';
import { checkImageSize } from './check.js';
import { IntervalList, labelIntervals } from './interval-labels.js';
import { type Parts, rleIntervals, rleParts, summarize } from './rle-parts.js';
import { eachSliver } from './slivers.js';

export type LintMode = 'semantic' | 'instance' | 'panoptic';

export interface LintSegment {
  readonly id: number;
  readonly categoryId: number;
  /** Panoptic only: a thing (instance) rather than stuff. */
  readonly isThing?: boolean;
  readonly rle: Rle;
}

export interface LintInput {
  readonly width: number;
  readonly height: number;
  readonly mode: LintMode;
  readonly segments: readonly LintSegment[];
}

export interface LintOptions {
  /** Parts smaller than this many pixels are islands (default 16; 0 turns the rule off). */
  readonly minIsland?: number;
  /** Parts thinner than this many pixels are slivers (default 3; 0 or 1 turns the rule off). */
  readonly sliverWidth?: number;
}

export type LintKind = 'unlabeled' | 'island' | 'sliver' | 'empty' | 'hole' | 'overlap';

export interface LintFinding {
  readonly kind: LintKind;
  /** The segment concerned (absent for `unlabeled`). */
  readonly segmentId?: number;
  /** `overlap` only: the earlier segment of the pair. */
  readonly otherSegmentId?: number;
  /** Where to zoom: [x, y, w, h]; [0, 0, 0, 0] for an empty segment. */
  readonly bbox: Bbox;
  readonly pixels: number;
}

const MODES: readonly LintMode[] = ['semantic', 'instance', 'panoptic'];

// A segment's foreground intervals and their 8-connected part labels, reused across segments.
const foreground = new IntervalList();
let foregroundLabels: Int32Array = new Int32Array(1024);

export function lint(input: LintInput, options: LintOptions = {}): LintFinding[] {
  const what = 'lint';
  if (input === null || typeof input !== 'object')
    throw new SegkitError('INVALID_MASK', 'input must be an object', [what]);
  const { width, height, mode, segments } = input;
  checkImageSize(what, width, height);
  if (!MODES.includes(mode)) {
    throw new SegkitError('INVALID_MASK', `mode must be semantic, instance or panoptic, got ${String(mode)}`, [what]);
  }
  if (!Array.isArray(segments)) throw new SegkitError('INVALID_MASK', 'segments must be an array', [what]);
  const minIsland = checkOption(options.minIsland, 16, 'minIsland');
  const sliverWidth = checkOption(options.sliverWidth, 3, 'sliverWidth');
  for (let i = 0; i < segments.length; i++) checkSegment(segments[i], i, width, height);

  const findings: LintFinding[] = [];
  const rles = segments.map((segment) => segment.rle);
  const exclusive = mode !== 'instance';
  if (exclusive && width * height > 0) {
    const unlabeled =
      rles.length === 0 ? { height, width, counts: Uint32Array.of(width * height) } : merge(rles, 'union');
    eachPart(rleParts(unlabeled, 0, 4), (box, pixels) => findings.push({ kind: 'unlabeled', bbox: box, pixels }));
  }
  if (exclusive && firstOverlap(rles) !== undefined) {
    const boxes = rles.map((rle) => bbox(rle));
    for (let later = 1; later < rles.length; later++) {
      for (let earlier = 0; earlier < later; earlier++) {
        if (!boxesMeet(boxes[later], boxes[earlier])) continue;
        const shared = combine(rles[later], rles[earlier], 'intersection');
        const pixels = area(shared);
        if (pixels === 0) continue;
        findings.push({
          kind: 'overlap',
          segmentId: segments[later].id,
          otherSegmentId: segments[earlier].id,
          bbox: bbox(shared),
          pixels,
        });
      }
    }
  }
  for (const segment of segments) {
    const { id, rle } = segment;
    const pixels = area(rle);
    if (pixels === 0) {
      findings.push({ kind: 'empty', segmentId: id, bbox: [0, 0, 0, 0], pixels: 0 });
      continue;
    }
    rleIntervals(rle, 1, foreground);
    const labelled = labelIntervals(foreground, 8, foregroundLabels);
    foregroundLabels = labelled.labels;
    const parts = summarize(foreground, foregroundLabels, labelled.count, width, height);
    if (minIsland > 0) {
      eachPart(parts, (box, size) => {
        if (size < minIsland) findings.push({ kind: 'island', segmentId: id, bbox: box, pixels: size });
      });
    }
    if (sliverWidth > 1) {
      eachSliver(foreground, foregroundLabels, parts, sliverWidth, width, height, (box, size) => {
        if (size >= sliverWidth * sliverWidth)
          findings.push({ kind: 'sliver', segmentId: id, bbox: box, pixels: size });
      });
    }
    if (mode === 'instance' || (mode === 'panoptic' && segment.isThing === true)) {
      const background = rleParts(rle, 0, 4);
      eachPart(background, (box, size, k) => {
        if (background.touchesBorder[k] === 0) findings.push({ kind: 'hole', segmentId: id, bbox: box, pixels: size });
      });
    }
  }
  return findings;
}

function eachPart(parts: Parts, visit: (box: Bbox, pixels: number, k: number) => void): void {
  const { boxes } = parts;
  for (let k = 0; k < parts.count; k++) {
    const b = 4 * k;
    visit([boxes[b], boxes[b + 1], boxes[b + 2] - boxes[b] + 1, boxes[b + 3] - boxes[b + 1] + 1], parts.areas[k], k);
  }
}

function boxesMeet(a: Bbox, b: Bbox): boolean {
  return a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
}

function checkOption(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new SegkitError('INVALID_MASK', `${name} must be an integer ≥ 0, got ${value}`, ['lint']);
  }
  return value;
}

function checkSegment(segment: LintSegment, i: number, width: number, height: number): void {
  const where = `lint: segment ${i}${segment !== null && typeof segment === 'object' ? ` (id ${segment.id})` : ''}`;
  if (segment === null || typeof segment !== 'object') throw new SegkitError('INVALID_MASK', 'not an object', [where]);
  if (typeof segment.id !== 'number' || !Number.isFinite(segment.id)) {
    throw new SegkitError('INVALID_MASK', `id must be a number, got ${String(segment.id)}`, [where]);
  }
  const { rle } = segment;
  if (rle === null || typeof rle !== 'object') throw new SegkitError('INVALID_RLE', 'rle must be an object', [where]);
  if (rle.width !== width || rle.height !== height) {
    throw new SegkitError('SIZE_MISMATCH', `rle is ${rle.width}×${rle.height} but the image is ${width}×${height}`, [
      where,
    ]);
  }
  try {
    checkRle(rle);
  } catch (error) {
    throw error instanceof SegkitError ? error.withContext(where) : error;
  }
}
