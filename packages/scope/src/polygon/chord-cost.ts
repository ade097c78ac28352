/*
 * What replacing a stretch of outline by one straight edge (a chord) costs: the area between them,
 * in square pixels. The stretch is the ring's own crack path (every pixel corner on it), so the cost
 * is close to the pixels the polygon gains or loses there, which is what IoU counts.
 *
 * Each edge p → q of the stretch contributes the trapezoid between it and the chord's line, |Δs| ·
 * (|t_p| + |t_q|) / 2 in the chord's frame (s along it, t across it), split where the edge crosses the
 * line. A stretch that doubles back along the chord is charged for both passes, which only makes such
 * stretches (badly served by one edge anyway) look worse.
 */

/** Cost of the chord from vertex `a` to vertex `b` of a closed ring of `n` vertices, along a → b. */
export function chordCost(xy: ArrayLike<number>, first: number, n: number, a: number, b: number): number {
  const ax = xy[2 * (first + a)];
  const ay = xy[2 * (first + a) + 1];
  const bx = xy[2 * (first + b)];
  const by = xy[2 * (first + b) + 1];
  const dx = bx - ax;
  const dy = by - ay;
  const length = Math.sqrt(dx * dx + dy * dy);
  // A chord between two visits of one corner has no direction: never choose it.
  if (length === 0) return Number.POSITIVE_INFINITY;
  const ux = dx / length;
  const uy = dy / length;
  let cost = 0;
  let k = a;
  let ps = 0;
  let pt = 0;
  while (k !== b) {
    const next = k + 1 === n ? 0 : k + 1;
    const qx = xy[2 * (first + next)] - ax;
    const qy = xy[2 * (first + next) + 1] - ay;
    const qs = qx * ux + qy * uy;
    const qt = qx * uy - qy * ux;
    const ds = Math.abs(qs - ps);
    if ((pt >= 0 && qt >= 0) || (pt <= 0 && qt <= 0)) {
      cost += (ds * Math.abs(pt + qt)) / 2;
    } else {
      // The edge crosses the chord's line: two triangles.
      const f = pt / (pt - qt);
      cost += (ds * (f * Math.abs(pt) + (1 - f) * Math.abs(qt))) / 2;
    }
    ps = qs;
    pt = qt;
    k = next;
  }
  return cost;
}
