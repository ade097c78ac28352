/*
 * Sharing a vertex budget among the rings of a region (its outer boundaries and holes). Each ring
 * has an error curve (ring-curve.ts): the area the best m-vertex version of it gets wrong, and, left
 * out, its whole area (an outer ring dropped loses its pixels, a hole dropped is filled). The budget
 * goes, a few vertices at a time, where it removes the most error per vertex: the largest outer ring
 * first (a region is never drawn with nothing), then whichever ring gains most, a new ring entering
 * at 3 to 6 vertices and only inside an outer ring already drawn. Every step is recorded, so the
 * allocation for any smaller budget is a prefix of the one for the largest (target search).
 */

/** A ring as the allocation sees it. */
export interface RingChoice {
  /** `error[m]` for m = 3 .. maxVertices (see RingCurve). */
  readonly error: Float64Array;
  readonly maxVertices: number;
  /** Error when the ring is left out. */
  readonly dropError: number;
  /** Index (in the same list) of the outer ring around a hole; -1 for an outer ring. */
  readonly parent: number;
}

/** One step: ring `ring` now has `vertices` vertices; `total` vertices are used after it. */
export interface AllocationStep {
  ring: number;
  vertices: number;
  total: number;
}

const LOOKAHEAD = 4;

/** The steps of the allocation up to `budget` vertices (first step: the largest outer ring at 3). */
export function allocateVertices(rings: readonly RingChoice[], budget: number): AllocationStep[] {
  const m = new Int32Array(rings.length);
  const steps: AllocationStep[] = [];
  let first = -1;
  for (let r = 0; r < rings.length; r++) {
    if (rings[r].parent < 0 && rings[r].maxVertices >= 3 && (first < 0 || rings[r].dropError > rings[first].dropError))
      first = r;
  }
  if (first < 0 || budget < 3) return steps;
  m[first] = 3;
  let used = 3;
  steps.push({ ring: first, vertices: 3, total: used });
  for (;;) {
    let bestRing = -1;
    let bestTo = 0;
    let bestRate = 0;
    for (let r = 0; r < rings.length; r++) {
      const ring = rings[r];
      const now = m[r];
      const current = now === 0 ? ring.dropError : ring.error[now];
      if (now === 0 && ring.parent >= 0 && m[ring.parent] === 0) continue;
      const lowest = now === 0 ? 3 : now + 1;
      const highest = Math.min(ring.maxVertices, lowest + LOOKAHEAD - 1, now + budget - used);
      for (let to = lowest; to <= highest; to++) {
        const rate = (current - ring.error[to]) / (to - now);
        if (rate > bestRate) {
          bestRate = rate;
          bestRing = r;
          bestTo = to;
        }
      }
    }
    if (bestRing < 0) return steps;
    used += bestTo - m[bestRing];
    m[bestRing] = bestTo;
    steps.push({ ring: bestRing, vertices: bestTo, total: used });
  }
}

/** Vertices per ring after the steps whose running total is at most `budget` (0 = left out). */
export function allocationAt(steps: readonly AllocationStep[], rings: number, budget: number): Int32Array {
  const m = new Int32Array(rings);
  for (const step of steps) {
    if (step.total > budget) break;
    m[step.ring] = step.vertices;
  }
  return m;
}
