import { simplifyRing } from '@segkit/core';
import { chordCost } from './chord-cost.js';

/*
 * The best m-vertex version of one ring, for every m at once (min-ε polygonal approximation, Perez &
 * Vidal 1994, with the area between outline and chord as the error instead of squared distances,
 * because IoU counts area). Douglas–Peucker keeps the vertices farthest from the current edges,
 * which is a proxy; this dynamic programme chooses, among candidate vertices, the m that leave the
 * least area between the polygon and the outline.
 *
 * Candidates: the ring's crack outline goes through every pixel corner of its staircase; Douglas–
 * Peucker at half a pixel drops the steps and keeps the corners of the shape (at most `maxCandidates`
 * of them, the most significant). A chord may skip at most half of the candidates, which halves the
 * work and loses nothing for m ≥ 3. Two starting vertices are tried (the ring's first corner and the
 * candidate farthest from it), since the programme has to fix one; each m keeps the better.
 * Cost: O(K² · stretch) for the chord costs and O(K² · K/2) for the programme, K candidates.
 */

/** A ring's error curve: `error[m]` (m = 3 .. maxVertices, at most m vertices) and the vertices achieving it. */
export interface RingCurve {
  /** Candidates kept (indices into the ring, ascending). */
  readonly candidates: Uint32Array;
  /** Largest m with a solution: min(candidates, requested budget). */
  readonly maxVertices: number;
  /** `error[m]`: area between the best m-vertex polygon and the outline; `Infinity` for m < 3. */
  readonly error: Float64Array;
  /** The ring indices of the best polygon with at most m vertices, in ring order. */
  vertices(m: number): Uint32Array;
}

const HALF_PIXEL = 0.5;

/** Error curve of ring `first .. first + n - 1` of `xy`, for budgets up to `maxVertices`. */
export function ringCurve(
  xy: ArrayLike<number>,
  first: number,
  n: number,
  maxVertices: number,
  maxCandidates: number,
): RingCurve {
  const kept = new Uint32Array(Math.max(n, 3));
  const k = simplifyRing(xy, first, n, HALF_PIXEL, Math.max(3, maxCandidates), kept, 0);
  const candidates = kept.slice(0, k);
  for (let i = 0; i < k; i++) candidates[i] -= first;
  const top = Math.min(k, Math.max(3, maxVertices));
  const span = Math.max(2, Math.ceil(k / 2));
  // cost[i * k + j]: chord from candidate i forward to candidate j (j - i ≤ span, cyclically).
  const cost = new Float64Array(k * k).fill(Number.POSITIVE_INFINITY);
  for (let i = 0; i < k; i++) {
    for (let d = 1; d <= span && d < k; d++) {
      const j = (i + d) % k;
      cost[i * k + j] = chordCost(xy, first, n, candidates[i], candidates[j]);
    }
  }
  const error = new Float64Array(top + 1).fill(Number.POSITIVE_INFINITY);
  const best: Uint32Array[] = [];
  const starts = k > 3 ? [0, farthestCandidate(xy, first, candidates)] : [0];
  for (const start of starts) {
    const paths = shortestPaths(cost, k, start, span, top);
    for (let m = 3; m <= top; m++) {
      if (paths.total(m) < error[m]) {
        error[m] = paths.total(m);
        best[m] = paths.vertices(m).map((i) => candidates[i]);
      }
    }
  }
  if (k <= top && k >= 3) {
    // All candidates: the half-pixel outline itself, whatever the chord limit said.
    let all = 0;
    for (let i = 0; i < k; i++) all += cost[i * k + ((i + 1) % k)];
    if (all <= error[k]) {
      error[k] = all;
      best[k] = candidates.slice();
    }
  }
  // "At most m vertices": where m exact vertices do worse than fewer (the area measure is not
  // strictly monotone), keep the smaller polygon.
  for (let m = 4; m <= top; m++) {
    if (error[m - 1] <= error[m]) {
      error[m] = error[m - 1];
      best[m] = best[m - 1];
    }
  }
  return {
    candidates,
    maxVertices: top,
    error,
    vertices(m: number): Uint32Array {
      const chosen = best[Math.min(m, top)];
      if (chosen === undefined) throw new RangeError(`no ${m}-vertex solution for a ring of ${k} candidates`);
      return chosen;
    },
  };
}

function farthestCandidate(xy: ArrayLike<number>, first: number, candidates: Uint32Array): number {
  const x0 = xy[2 * (first + candidates[0])];
  const y0 = xy[2 * (first + candidates[0]) + 1];
  let far = 1;
  let farDistance = -1;
  for (let i = 1; i < candidates.length; i++) {
    const dx = xy[2 * (first + candidates[i])] - x0;
    const dy = xy[2 * (first + candidates[i]) + 1] - y0;
    if (dx * dx + dy * dy > farDistance) {
      farDistance = dx * dx + dy * dy;
      far = i;
    }
  }
  return far;
}

/**
 * Cheapest closed paths through candidate `start` with exactly m edges, m = 3 .. top: a layered
 * shortest-path programme over positions 0 .. k (position p is candidate (start + p) mod k, and
 * position k is `start` again, closing the ring).
 */
function shortestPaths(cost: Float64Array, k: number, start: number, span: number, top: number) {
  const width = k + 1;
  const table = new Float64Array((top + 1) * width).fill(Number.POSITIVE_INFINITY);
  const from = new Int32Array((top + 1) * width).fill(-1);
  table[0] = 0;
  for (let m = 1; m <= top; m++) {
    const row = m * width;
    const previous = (m - 1) * width;
    // Position p needs at least m edges' worth of positions before it and leaves room to close.
    for (let p = m; p <= k; p++) {
      const candidate = (start + p) % k;
      let bestCost = Number.POSITIVE_INFINITY;
      let bestFrom = -1;
      const lowest = Math.max(m - 1, p - span);
      for (let q = p - 1; q >= lowest; q--) {
        const before = table[previous + q];
        if (before === Number.POSITIVE_INFINITY) continue;
        const c = before + cost[((start + q) % k) * k + candidate];
        if (c < bestCost) {
          bestCost = c;
          bestFrom = q;
        }
      }
      table[row + p] = bestCost;
      from[row + p] = bestFrom;
    }
  }
  return {
    total: (m: number): number => table[m * width + k],
    vertices: (m: number): Uint32Array => {
      const positions = new Uint32Array(m);
      let p = k;
      for (let e = m; e >= 1; e--) {
        p = from[e * width + p];
        positions[e - 1] = p;
      }
      // positions[0] is 0 (start); rotate into ascending candidate order.
      const out = new Uint32Array(m);
      for (let i = 0; i < m; i++) out[i] = (start + positions[i]) % k;
      out.sort();
      return out;
    },
  };
}
