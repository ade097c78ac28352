/**
 * Union and intersection of two RLEs as foreground intervals: one step per foreground run rather
 * than one per run boundary, which is what makes `merge` fast. Inputs must already be checked
 * (same size, counts summing to h·w); the output is canonical.
 */

let output = new Uint32Array(1024);

/** Writes foreground intervals, in order, as canonical counts (touching intervals coalesce). */
class CountsWriter {
  out: Uint32Array;
  m = 0;
  lastEnd = 0;

  constructor(capacity: number) {
    if (output.length < capacity) output = new Uint32Array(capacity * 2);
    this.out = output;
  }

  interval(start: number, end: number): void {
    if (start === this.lastEnd && this.m > 0) {
      this.out[this.m - 1] += end - start;
    } else {
      this.out[this.m++] = start - this.lastEnd;
      this.out[this.m++] = end - start;
    }
    this.lastEnd = end;
  }

  finish(total: number): Uint32Array {
    // A trailing background run, unless the foreground reaches the last pixel (no empty runs).
    if (this.m === 0 || total > this.lastEnd) this.out[this.m++] = total - this.lastEnd;
    return this.out.slice(0, this.m);
  }
}

export function unionRuns(ca: Uint32Array, cb: Uint32Array, total: number): Uint32Array {
  const na = ca.length;
  const nb = cb.length;
  const writer = new CountsWriter(na + nb + 2);
  // [sa, ea): a's current foreground interval (ia: index of its run); likewise for b.
  let ia = 1;
  let sa = na > 1 ? ca[0] : total;
  let ea = na > 1 ? sa + ca[1] : total;
  let ib = 1;
  let sb = nb > 1 ? cb[0] : total;
  let eb = nb > 1 ? sb + cb[1] : total;
  let start = -1;
  let end = -1;
  while (sa < total || sb < total) {
    // Take whichever interval starts first.
    let s: number;
    let e: number;
    if (sa <= sb) {
      s = sa;
      e = ea;
      ia += 2;
      sa = ia < na ? ea + ca[ia - 1] : total;
      ea = ia < na ? sa + ca[ia] : total;
    } else {
      s = sb;
      e = eb;
      ib += 2;
      sb = ib < nb ? eb + cb[ib - 1] : total;
      eb = ib < nb ? sb + cb[ib] : total;
    }
    if (s === e) continue; // an empty foreground run
    if (s <= end) {
      if (e > end) end = e;
    } else {
      if (end > start) writer.interval(start, end);
      start = s;
      end = e;
    }
  }
  if (end > start) writer.interval(start, end);
  return writer.finish(total);
}

export function intersectRuns(ca: Uint32Array, cb: Uint32Array, total: number): Uint32Array {
  const na = ca.length;
  const nb = cb.length;
  const writer = new CountsWriter(Math.min(na, nb) * 2 + 2);
  let ia = 1;
  let sa = na > 1 ? ca[0] : total;
  let ea = na > 1 ? sa + ca[1] : total;
  let ib = 1;
  let sb = nb > 1 ? cb[0] : total;
  let eb = nb > 1 ? sb + cb[1] : total;
  while (sa < total && sb < total) {
    const lo = sa > sb ? sa : sb;
    const hi = ea < eb ? ea : eb;
    if (hi > lo) writer.interval(lo, hi);
    if (ea <= eb) {
      ia += 2;
      sa = ia < na ? ea + ca[ia - 1] : total;
      ea = ia < na ? sa + ca[ia] : total;
    } else {
      ib += 2;
      sb = ib < nb ? eb + cb[ib - 1] : total;
      eb = ib < nb ? sb + cb[ib] : total;
    }
  }
  return writer.finish(total);
}
