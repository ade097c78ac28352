import { area, merge, type Rle, simplifyRing } from '@segkit/core';
import { allocateVertices, allocationAt, type RingChoice } from '../polygon/allocate.js';
import { type RingCurve, ringCurve } from '../polygon/ring-curve.js';
import { type ShapeDescriptors, shapeDescriptors } from '../shape/descriptors.js';
import { type Region, regionRings, ringArea, ringSpan } from '../shape/regions.js';
import { BoundaryScorer } from './boundary-f.js';
import { intersectionArea, rasterizeRingInWindow, type Window, windowAround } from './window.js';

/** How a region is measured. */
export interface MeasureSettings {
  /** Vertex budget of the polygon (the whole region: all parts and holes). */
  vertices: number;
  /** Boundary F-score tolerance, pixels. */
  tolerance: number;
  /** The IoU `verticesForTarget` aims at. */
  targetIou: number;
}

/** Everything scope measures on one region. */
export interface RegionMeasure extends ShapeDescriptors {
  /** IoU and boundary F-score of the best polygon with at most `vertices` vertices. */
  iou: number;
  boundaryF: number;
  /** Vertices that polygon uses (fewer than the budget when the outline needs fewer). */
  verticesUsed: number;
  /** The bounding box: IoU with the mask (its fill ratio) and boundary F-score. */
  boxIou: number;
  boxBoundaryF: number;
  /** The baseline: largest outer ring, Douglas–Peucker until at most `vertices` vertices remain. */
  baselineIou: number;
  baselineBoundaryF: number;
  /** Fewest vertices whose polygon reaches `targetIou`. */
  verticesForTarget: number;
  /**
   * What the region's pixelization allows: the IoU of its outline drawn without the pixel staircase
   * (every ring Douglas–Peucker-simplified at 0.75 px, no vertex limit), what a faithful hand-drawn
   * outline scores. Small and thin regions score well below 1 here whatever is drawn.
   */
  pixelIou: number;
  /**
   * The polygon in image coordinates: its parts, each `[outer, ...holes]` of rings `[x0, y0, x1, y1,
   * ...]`. COCO fills a part even-odd (holes joined by zero-width slits) and unites the parts.
   */
  polygon: number[][][];
}

/** A polygon drawn for a region: its raster in the window and its parts (outer ring, then holes). */
interface Drawn {
  raster: Rle;
  parts: number[][][];
  vertices: number;
}

/**
 * pixelIou's outline: Douglas–Peucker at 0.75 px drops the pixel staircase (a step's corner lies
 * within half a pixel of the edge it steps along) but keeps every feature a pixel wide (the tip of a
 * one-pixel tooth is a pixel from the chord that would cut it off).
 */
const PIXEL_TOLERANCE = 0.75;

/** How far (in outline corners) refine slides a vertex either way. */
const SLIDES = [-3, -2, -1, 1, 2, 3];

/** Rings considered for the polygon, at least (the largest by area). */
const MAX_RINGS = 64;
const NO_CURVE = new Float64Array(0);

let shifted = new Float64Array(256);
let keptBuffer = new Uint32Array(256);

/** Measures one region of an h × w image (see the module comments of each step). */
export function measureRegion(region: Region, settings: MeasureSettings): RegionMeasure {
  const { contours } = region;
  const { height: h, width: w, xy } = contours;
  const shape = shapeDescriptors(region);
  const win = windowAround(shape.bbox, settings.tolerance + 1, h, w);
  reserve(contours.ringStart[contours.ringStart.length - 1]);
  const rings = regionRings(region);
  const localParent = parentsIn(region, rings);

  const mask = drawExact(region, win);
  const maskArea = shape.area;
  const iouOf = (raster: Rle): number => {
    const inside = intersectionArea(mask.counts, raster.counts);
    const union = maskArea + area(raster) - inside;
    return union > 0 ? inside / union : 1;
  };
  const boundary = new BoundaryScorer(mask.counts, win, h, w, settings.tolerance);
  const score = (drawn: Drawn) => ({ iou: iouOf(drawn.raster), f: boundary.score(drawn.raster.counts).f });

  // Candidates per ring are capped: enough for the budget several times over. Only the largest
  // rings can take part (a ring costs at least 3 vertices), so a mask with thousands of specks of
  // holes costs a curve for the few that could matter, not for each.
  const maxCandidates = Math.max(40, 3 * settings.vertices);
  const areas = rings.map((r) => ringArea(contours, r));
  const eligible = new Uint8Array(rings.length);
  const byArea = rings.map((_, i) => i).sort((a, b) => areas[b] - areas[a] || a - b);
  for (const i of byArea.slice(0, Math.max(MAX_RINGS, 4 * settings.vertices))) eligible[i] = 1;
  const curves: (RingCurve | undefined)[] = [];
  const choices: RingChoice[] = rings.map((r, i) => {
    const [first, n] = ringSpan(contours, r);
    const curve = eligible[i] === 1 ? ringCurve(xy, first, n, maxCandidates, maxCandidates) : undefined;
    curves.push(curve);
    return {
      error: curve?.error ?? NO_CURVE,
      maxVertices: curve?.maxVertices ?? 0,
      dropError: areas[i],
      parent: localParent[i],
    };
  });
  const capacity = curves.reduce((sum, c) => sum + (c?.maxVertices ?? 0), 0);
  const steps = allocateVertices(choices, capacity);
  const picksAt = (budget: number): (Uint32Array | undefined)[] => {
    const m = allocationAt(steps, rings.length, budget);
    return rings.map((_, i) => (m[i] === 0 ? undefined : curves[i]?.vertices(m[i])));
  };
  const drawAt = (budget: number): Drawn => drawRings(region, rings, localParent, picksAt(budget), win);

  const picks = picksAt(settings.vertices);
  // The programme's objective is area; finish on the true one, the rasterized IoU.
  refine(region, rings, localParent, picks, win, iouOf);
  let best = drawRings(region, rings, localParent, picks, win);
  let bestScore = score(best);
  const baseline = drawBaseline(region, settings.vertices, win);
  const baselineScore = score(baseline);
  // The programme minimizes area, a proxy for IoU; where the baseline happens to do better, keep it.
  if (baselineScore.iou > bestScore.iou) {
    best = baseline;
    bestScore = baselineScore;
  }

  const box = rasterizeRingInWindow(boxRing(shape.bbox), 0, 4, win, shifted);
  const boxArea = shape.bbox[2] * shape.bbox[3];

  return {
    ...shape,
    iou: bestScore.iou,
    boundaryF: bestScore.f,
    verticesUsed: best.vertices,
    boxIou: boxArea > 0 ? maskArea / boxArea : 0,
    boxBoundaryF: boundary.score(box.counts).f,
    baselineIou: baselineScore.iou,
    baselineBoundaryF: baselineScore.f,
    pixelIou: iouOf(drawSmooth(region, win).raster),
    verticesForTarget: verticesForTarget(
      steps,
      bestScore.iou,
      settings,
      (budget) => iouOf(drawAt(budget).raster),
      region,
    ),
    polygon: best.parts,
  };
}

/**
 * Smallest budget whose polygon reaches the target IoU, by bisection over the allocation's steps
 * (IoU grows with the budget, up to pixel effects). When even every candidate vertex falls short
 * (tiny or very ragged regions), the exact outline is needed: all its corners.
 */
function verticesForTarget(
  steps: readonly { total: number }[],
  iouAtBudget: number,
  settings: MeasureSettings,
  iouAt: (budget: number) => number,
  region: Region,
): number {
  const reaches = (s: number) => iouAt(steps[s].total) >= settings.targetIou;
  let lo = 0;
  let hi = steps.length - 1;
  if (hi < 0 || !reaches(hi)) {
    let all = 0;
    for (const r of regionRings(region)) all += ringSpan(region.contours, r)[1];
    return all;
  }
  // Narrow with what is known at the budget itself.
  let atBudget = steps.length - 1;
  while (atBudget > 0 && steps[atBudget].total > settings.vertices) atBudget--;
  if (iouAtBudget >= settings.targetIou) hi = atBudget;
  else lo = atBudget + 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (reaches(mid)) hi = mid;
    else lo = mid + 1;
  }
  return steps[lo].total;
}

/**
 * Local search on the true objective: each chosen vertex may slide up to 3 corners along its ring
 * (staying between its neighbours) where that raises the rasterized IoU. Two sweeps.
 */
function refine(
  region: Region,
  rings: readonly number[],
  parent: Int32Array,
  picks: (Uint32Array | undefined)[],
  win: Window,
  iouOf: (raster: Rle) => number,
): void {
  let current = iouOf(drawRings(region, rings, parent, picks, win).raster);
  for (let sweep = 0; sweep < 2; sweep++) {
    let improved = false;
    for (let i = 0; i < rings.length; i++) {
      const pick = picks[i];
      if (pick === undefined) continue;
      const n = ringSpan(region.contours, rings[i])[1];
      const m = pick.length;
      for (let j = 0; j < m; j++) {
        const before = m > 1 ? pick[(j + m - 1) % m] : pick[j];
        const after = m > 1 ? pick[(j + 1) % m] : pick[j];
        const original = pick[j];
        let bestValue = original;
        for (const d of SLIDES) {
          const v = (original + d + n) % n;
          // Stay strictly between the neighbours, going around the ring.
          const span = (after - before + n) % n;
          const offset = (v - before + n) % n;
          if (offset === 0 || offset >= span) continue;
          pick[j] = v;
          const iou = iouOf(drawRings(region, rings, parent, picks, win).raster);
          if (iou > current + 1e-12) {
            current = iou;
            bestValue = v;
            improved = true;
          }
          pick[j] = bestValue;
        }
      }
      // Keep ring order ascending for later users.
      pick.sort();
    }
    if (!improved) break;
  }
}

function reserve(vertices: number): void {
  if (shifted.length < 2 * vertices + 8) shifted = new Float64Array(2 * vertices + 8);
  if (keptBuffer.length < vertices + 4) keptBuffer = new Uint32Array(vertices + 4);
}

/** For each ring of the list, the list index of its outer ring (-1 for outer rings). */
function parentsIn(region: Region, rings: number[]): Int32Array {
  const parent = new Int32Array(rings.length).fill(-1);
  let i = 0;
  for (const component of region.components) {
    const outerIndex = i++;
    for (let k = 0; k < component.holes.length; k++) parent[i++] = outerIndex;
  }
  return parent;
}

/** The region's pixels, from its exact outline: each outer ring minus its holes, parts united. */
export function drawExact(region: Region, win: Window): Rle {
  const { contours } = region;
  const rings = regionRings(region);
  const all = rings.map((r) => {
    const [, n] = ringSpan(contours, r);
    return Uint32Array.from({ length: n }, (_, k) => k);
  });
  return drawRings(region, rings, parentsIn(region, rings), all, win).raster;
}

/**
 * Rasterizes chosen vertices of the region's rings as COCO would rasterize the polygon: each part
 * (an outer ring with its holes joined in by zero-width slits, as maskToPolygons writes them) is
 * filled even-odd, so a part is its outer ring xor its holes, and parts are united.
 */
function drawRings(
  region: Region,
  rings: readonly number[],
  parent: Int32Array,
  chosen: readonly (Uint32Array | undefined)[],
  win: Window,
): Drawn {
  const { contours } = region;
  const xy = contours.xy;
  const parts: number[][][] = [];
  // Per part, its rings' rasters; xor within a part, union across parts, each one n-ary merge (a
  // balanced tree: thousands of holes cost O(runs · log holes), not a chain of ever larger merges).
  const partRasters: Rle[][] = [];
  let vertices = 0;
  let open = false;
  for (let i = 0; i < rings.length; i++) {
    const pick = chosen[i];
    if (parent[i] < 0) open = false;
    if (pick === undefined || (parent[i] >= 0 && !open)) continue;
    const [first] = ringSpan(contours, rings[i]);
    const ring: number[] = [];
    for (let k = 0; k < pick.length; k++) {
      const v = first + pick[k];
      ring.push(xy[2 * v], xy[2 * v + 1]);
    }
    const drawn = rasterizeRingInWindow(ring, 0, pick.length, win, shifted);
    if (open) {
      parts[parts.length - 1].push(ring);
      partRasters[partRasters.length - 1].push(drawn);
    } else {
      parts.push([ring]);
      partRasters.push([drawn]);
      open = true;
    }
    vertices += pick.length;
  }
  const raster =
    partRasters.length === 0
      ? { height: win.height, width: win.width, counts: new Uint32Array([win.height * win.width]) }
      : merge(
          partRasters.map((list) => merge(list, 'xor')),
          'union',
        );
  return { raster, parts, vertices };
}

/** The baseline: the largest outer ring alone, Douglas–Peucker with its budget (tolerance raised until it fits). */
function drawBaseline(region: Region, budget: number, win: Window): Drawn {
  const { contours } = region;
  let largest = region.components[0].outer;
  for (const c of region.components) if (ringArea(contours, c.outer) > ringArea(contours, largest)) largest = c.outer;
  const [first, n] = ringSpan(contours, largest);
  const kept = simplifyRing(contours.xy, first, n, 0, Math.max(3, budget), keptBuffer, 0);
  const pick = keptBuffer.slice(0, kept);
  for (let k = 0; k < kept; k++) pick[k] -= first;
  const rings = regionRings(region);
  return drawRings(
    region,
    rings,
    parentsIn(region, rings),
    rings.map((r) => (r === largest ? pick : undefined)),
    win,
  );
}

/** Every ring at PIXEL_TOLERANCE, however many vertices that keeps. */
function drawSmooth(region: Region, win: Window): Drawn {
  const { contours } = region;
  const rings = regionRings(region);
  const picks = rings.map((r) => {
    const [first, n] = ringSpan(contours, r);
    const kept = simplifyRing(contours.xy, first, n, PIXEL_TOLERANCE, n, keptBuffer, 0);
    const pick = keptBuffer.slice(0, kept);
    for (let k = 0; k < kept; k++) pick[k] -= first;
    return pick;
  });
  return drawRings(region, rings, parentsIn(region, rings), picks, win);
}

function boxRing(bbox: readonly number[]): number[] {
  const [x, y, bw, bh] = bbox;
  return [x, y, x, y + bh, x + bw, y + bh, x + bw, y];
}
