/*
 * Closed-ring simplification: Douglas–Peucker, run best-first so that a vertex budget can stop it.
 *
 * The ring is cut at its first vertex and the vertex farthest from it; each stretch between two kept
 * vertices offers its farthest vertex (distance to the chord segment), and the stretch with the
 * farthest offer is split first. With a tolerance alone this keeps exactly what recursive
 * Douglas–Peucker keeps (every stretch whose offer exceeds the tolerance is split, in whatever
 * order); a `maxVertices` budget stops the splitting early, so the budget keeps the most significant
 * vertices, as a larger tolerance would. Every dropped vertex lies within the tolerance of the
 * simplified ring's edge that replaces it. A ring never drops below 3 vertices: the third is taken
 * whatever its distance.
 *
 * Larger tolerances and smaller budgets keep subsets of what smaller ones keep: the splits performed
 * form a prefix of the same split order. Cost: O(n log n) for typical rings, O(n²) at worst (as
 * Douglas–Peucker).
 */

// Scratch: a max-heap of stretches (first kept vertex, last kept vertex, farthest vertex, its distance²).
let stretchFrom = new Int32Array(256);
let stretchTo = new Int32Array(256);
let stretchBest = new Int32Array(256);
let stretchDistance = new Float64Array(256);
let heap = new Int32Array(256);

function reserve(stretches: number): void {
  if (stretchFrom.length >= stretches) return;
  let size = stretchFrom.length;
  while (size < stretches) size *= 2;
  stretchFrom = new Int32Array(size);
  stretchTo = new Int32Array(size);
  stretchBest = new Int32Array(size);
  stretchDistance = new Float64Array(size);
  heap = new Int32Array(size);
}

/**
 * Simplifies the closed ring of `count` vertices starting at vertex `first` of `xy` ([x0, y0, ...]),
 * writing the indices of the vertices it keeps (ascending, `first` always among them) to `out` from
 * `outOffset`. Returns how many it kept: all of them when `count` ≤ 3 or nothing is farther than
 * `tolerance`, else at least 3 and at most `maxVertices` (which must be ≥ 3).
 */
export function simplifyRing(
  xy: ArrayLike<number>,
  first: number,
  count: number,
  tolerance: number,
  maxVertices: number,
  out: Uint32Array,
  outOffset: number,
): number {
  if (count <= 3 || (tolerance === 0 && maxVertices >= count)) {
    for (let i = 0; i < count; i++) out[outOffset + i] = first + i;
    return count;
  }
  // Local vertex k is xy[2 (first + k)]; vertex `count` is vertex 0 again.
  const x0 = xy[2 * first];
  const y0 = xy[2 * first + 1];
  let far = 1;
  let farDistance = -1;
  for (let k = 1; k < count; k++) {
    const dx = xy[2 * (first + k)] - x0;
    const dy = xy[2 * (first + k) + 1] - y0;
    const d = dx * dx + dy * dy;
    if (d > farDistance) {
      farDistance = d;
      far = k;
    }
  }
  // Each split retires one stretch and offers two: at most 2·count stretches are ever offered.
  reserve(2 * count + 2);
  const keep = keepFlags(count);
  keep[0] = 1;
  keep[far] = 1;
  let kept = 2;
  let stretches = 0;
  let heapSize = 0;

  const offer = (from: number, to: number): void => {
    if (to - from < 2) return;
    const ax = xy[2 * (first + from)];
    const ay = xy[2 * (first + from) + 1];
    const end = to === count ? first : first + to;
    const bx = xy[2 * end];
    const by = xy[2 * end + 1];
    let best = from + 1;
    let bestDistance = -1;
    for (let k = from + 1; k < to; k++) {
      const d = segmentDistance2(xy[2 * (first + k)], xy[2 * (first + k) + 1], ax, ay, bx, by);
      if (d > bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    const s = stretches++;
    stretchFrom[s] = from;
    stretchTo[s] = to;
    stretchBest[s] = best;
    stretchDistance[s] = bestDistance;
    // Sift up.
    let i = heapSize++;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (stretchDistance[heap[up]] >= bestDistance) break;
      heap[i] = heap[up];
      i = up;
    }
    heap[i] = s;
  };

  offer(0, far);
  offer(far, count);
  const tolerance2 = tolerance * tolerance;
  while (heapSize > 0 && kept < maxVertices) {
    const s = heap[0];
    if (stretchDistance[s] <= tolerance2 && kept >= 3) break;
    // Pop.
    const last = heap[--heapSize];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= heapSize) break;
      if (child + 1 < heapSize && stretchDistance[heap[child + 1]] > stretchDistance[heap[child]]) child++;
      if (stretchDistance[heap[child]] <= stretchDistance[last]) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = last;
    const k = stretchBest[s];
    keep[k] = 1;
    kept++;
    offer(stretchFrom[s], k);
    offer(k, stretchTo[s]);
  }
  let n = outOffset;
  for (let k = 0; k < count; k++) if (keep[k] === 1) out[n++] = first + k;
  return n - outOffset;
}

let flags = new Uint8Array(256);

function keepFlags(count: number): Uint8Array {
  if (flags.length < count) {
    let size = flags.length;
    while (size < count) size *= 2;
    flags = new Uint8Array(size);
  }
  flags.fill(0, 0, count);
  return flags;
}

/** Squared distance from (px, py) to the segment (ax, ay)–(bx, by) (to the point when they coincide). */
export function segmentDistance2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  let t = length2 === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / length2;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  const ex = ax + t * dx - px;
  const ey = ay + t * dy - py;
  return ex * ex + ey * ey;
}
