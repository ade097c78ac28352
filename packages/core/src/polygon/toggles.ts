/**
 * The pixel toggles a polygon walk produces, turned into COCO counts exactly as maskApi.c does:
 * their column-major indices sorted, differenced (with h·w as the last), the first difference kept
 * even if 0, and a later 0 (two toggles on one pixel) merging the next run into the previous one.
 *
 * Instead of sorting, toggles go straight into per-column slots (a polygon crosses most columns
 * two or four times), so the counts come out of one pass over the columns. A column with more than
 * SLOTS toggles sends the polygon down the general path: every toggle kept as a (column, row) pair
 * and bucketed by a counting sort.
 */

const SLOTS = 8;

export class ToggleSet {
  private slotRows = new Int32Array(1024 * SLOTS);
  private slotCount = new Int32Array(1024);
  private columnMin = 0;
  private columnMax = -1;
  private overflowed = false;
  private general = false;
  private pairColumns = new Int32Array(1024);
  private pairRows = new Int32Array(1024);
  private pairCount = 0;
  // Output state of `emitColumn`.
  private out = new Uint32Array(1024);
  private m = 0;
  private previous = 0;
  private mergeNext = false;

  /** Starts a polygon on an image `width` columns wide; `general` takes the counting-sort path. */
  reset(width: number, general = false): void {
    if (this.slotCount.length < width) {
      this.slotCount = new Int32Array(width);
      this.slotRows = new Int32Array(width * SLOTS);
    }
    this.columnMin = Number.MAX_SAFE_INTEGER;
    this.columnMax = -1;
    this.overflowed = false;
    this.general = general;
    this.pairCount = 0;
  }

  /** True when a column overflowed its slots: clear them and walk again with `reset(width, true)`. */
  get overflowedSlots(): boolean {
    return this.overflowed;
  }

  add(column: number, row: number): void {
    if (column < this.columnMin) this.columnMin = column;
    if (column > this.columnMax) this.columnMax = column;
    if (this.general) {
      this.addPair(column, row);
      return;
    }
    const k = this.slotCount[column];
    if (k < SLOTS) {
      this.slotRows[column * SLOTS + k] = row;
      this.slotCount[column] = k + 1;
    } else {
      this.overflowed = true;
    }
  }

  private addPair(column: number, row: number): void {
    if (this.pairCount === this.pairColumns.length) {
      const columns = new Int32Array(this.pairCount * 2);
      const rows = new Int32Array(this.pairCount * 2);
      columns.set(this.pairColumns);
      rows.set(this.pairRows);
      this.pairColumns = columns;
      this.pairRows = rows;
    }
    this.pairColumns[this.pairCount] = column;
    this.pairRows[this.pairCount] = row;
    this.pairCount++;
  }

  /** Empties the slots a walk used. */
  clearSlots(): void {
    const counts = this.slotCount;
    for (let c = this.columnMin; c <= this.columnMax; c++) counts[c] = 0;
  }

  /** The counts of an h×w mask; leaves the slots empty for the next polygon. */
  toCounts(h: number, w: number): Uint32Array {
    // emitCounts may grow `out`: read it after.
    const m = this.emitCounts(h, w);
    return this.out.slice(0, m);
  }

  /** The counts, left in `counts` (overwritten by the next polygon); returns how many there are. */
  emitCounts(h: number, w: number): number {
    const toggles = this.general ? this.pairCount : (this.columnMax - this.columnMin + 1) * SLOTS;
    if (this.out.length < toggles + 2) this.out = new Uint32Array((toggles + 2) * 2);
    this.m = 0;
    this.previous = 0;
    this.mergeNext = false;
    if (this.general) this.emitPairs(h);
    else this.emitSlots(h);
    this.emit(h * w);
    return this.m;
  }

  get counts(): Uint32Array {
    return this.out;
  }

  private emitSlots(h: number): void {
    const slotCount = this.slotCount;
    for (let c = this.columnMin; c <= this.columnMax; c++) {
      const k = slotCount[c];
      if (k === 0) continue;
      slotCount[c] = 0;
      this.emitColumn(this.slotRows, c * SLOTS, c * SLOTS + k, c * h);
    }
  }

  private emitPairs(h: number): void {
    const n = this.pairCount;
    if (n === 0) return;
    const first = this.columnMin;
    const span = this.columnMax - first + 1;
    const ends = new Int32Array(span + 1);
    const columns = this.pairColumns;
    for (let i = 0; i < n; i++) ends[columns[i] - first + 1]++;
    for (let c = 1; c <= span; c++) ends[c] += ends[c - 1];
    const sorted = new Int32Array(n);
    for (let i = 0; i < n; i++) sorted[ends[columns[i] - first]++] = this.pairRows[i];
    // ends[c] is now the end of column c's bucket, which starts where column c-1's ends.
    let from = 0;
    for (let c = 0; c < span; c++) {
      this.emitColumn(sorted, from, ends[c], (first + c) * h);
      from = ends[c];
    }
  }

  /**
   * Sorts one column's rows (insertion sort: usually 2-4 of them; a native sort past 32, where a
   * jagged or retraced polygon puts thousands in one column and insertion sort turns quadratic)
   * and emits their indices.
   */
  private emitColumn(rows: Int32Array, from: number, to: number, base: number): void {
    if (to - from > 32) {
      rows.subarray(from, to).sort();
    } else {
      for (let i = from + 1; i < to; i++) {
        const row = rows[i];
        let j = i - 1;
        while (j >= from && rows[j] > row) {
          rows[j + 1] = rows[j];
          j--;
        }
        rows[j + 1] = row;
      }
    }
    for (let i = from; i < to; i++) this.emit(base + rows[i]);
  }

  private emit(index: number): void {
    const run = index - this.previous;
    this.previous = index;
    if (this.m === 0) this.out[this.m++] = run;
    else if (this.mergeNext) {
      this.out[this.m - 1] += run;
      this.mergeNext = false;
    } else if (run > 0) this.out[this.m++] = run;
    else this.mergeNext = true;
  }
}
