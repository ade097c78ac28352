/**
 * Connected components of a set of pixels given as intervals on lines (row runs of a bitmap, or
 * column runs of a COCO RLE): the shared core of `connectedComponents` and the lint, so both label
 * runs, never pixels. Union-find over intervals (Rosenheld-style run labelling): each interval is
 * joined with the intervals of the previous line it touches, found by a two-pointer sweep.
 * Touching: 4-connectivity needs a shared pixel across the line boundary (the intervals [s, e) and
 * [s', e') overlap); 8-connectivity also accepts a diagonal corner (s ≤ e' and s' ≤ e).
 * Components are numbered 0, 1, … in the order of their first interval.
 * Cost: O(intervals · α); scratch arrays grow and are reused.
 */

/** Intervals [start, end) on lines, appended in line order then start order; grown on demand. */
export class IntervalList {
  line: Int32Array = new Int32Array(1024);
  start: Int32Array = new Int32Array(1024);
  end: Int32Array = new Int32Array(1024);
  length = 0;

  clear(): void {
    this.length = 0;
  }

  push(line: number, start: number, end: number): void {
    if (this.length === this.line.length) {
      const size = this.line.length * 2;
      this.line = grow(this.line, size);
      this.start = grow(this.start, size);
      this.end = grow(this.end, size);
    }
    const k = this.length++;
    this.line[k] = line;
    this.start[k] = start;
    this.end[k] = end;
  }
}

function grow(array: Int32Array, size: number): Int32Array {
  const bigger = new Int32Array(size);
  bigger.set(array);
  return bigger;
}

let parent: Int32Array = new Int32Array(1024);

function find(k: number): number {
  while (parent[k] !== k) {
    parent[k] = parent[parent[k]];
    k = parent[k];
  }
  return k;
}

/**
 * Labels the intervals: on return `labels[k]` (grown if too short; the array used is returned) is
 * the component of interval k, and `.count` the number of components.
 */
export function labelIntervals(
  list: IntervalList,
  connectivity: 4 | 8,
  labels: Int32Array,
): { labels: Int32Array; count: number } {
  const n = list.length;
  const { line, start, end } = list;
  if (parent.length < n) parent = new Int32Array(Math.max(n, parent.length * 2));
  if (labels.length < n) labels = new Int32Array(Math.max(n, labels.length * 2));
  const slack = connectivity === 8 ? 1 : 0;
  let previousFirst = 0; // the previous line's intervals are [previousFirst, previousEnd)
  let previousEnd = 0;
  let k = 0;
  while (k < n) {
    const current = line[k];
    const first = k;
    const touching = previousEnd > previousFirst && line[previousFirst] === current - 1;
    let j = previousFirst;
    for (; k < n && line[k] === current; k++) {
      parent[k] = k;
      if (!touching) continue;
      while (j < previousEnd && end[j] + slack <= start[k]) j++;
      for (let i = j; i < previousEnd && start[i] < end[k] + slack; i++) {
        const a = find(i);
        const b = find(k);
        if (a < b) parent[b] = a;
        else if (b < a) parent[a] = b;
      }
    }
    previousFirst = first;
    previousEnd = k;
  }
  // Roots are the smallest interval of their component, so one ascending pass numbers them.
  let count = 0;
  for (let i = 0; i < n; i++) {
    const root = find(i);
    labels[i] = root === i ? count++ : labels[root];
  }
  return { labels, count };
}
