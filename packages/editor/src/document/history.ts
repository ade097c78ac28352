/**
 * Undo history: one step per action (a stroke, a polygon, a fill, an instance operation), each a
 * run-length diff of the tiles the action changed and nothing else.
 *
 * A tile diff is a Uint32Array of quads (start, length, before, after): `length` pixels from the
 * tile-local index `start` (row-major with stride TILE_SIZE) that held `before` and now hold
 * `after`. A 20-pixel brush dab in one tile is about 20 quads (320 bytes), whatever the image size.
 * Example: a tile row 0 0 5 5 7 → 0 3 3 7 changes to quads (0, 2, 0, 3) and (2, 2, 5, 3).
 *
 * Bounded by a step count (default 500, never under 200) and a byte budget (default 256 MiB): the
 * oldest steps are dropped first. `byteSize` is what the steps hold, reported by the bench.
 */

/** Side of the square tiles the document's pixels and diffs are kept in. */
export const TILE_SIZE = 256;
export const TILE_SHIFT = 8;

/** Bookkeeping of a segment: its class and flags. Immutable; replaced when it changes. */
export interface SegmentMeta {
  readonly categoryId: number;
  readonly hidden: boolean;
  readonly locked: boolean;
}

export interface TileDiff {
  /** 0 for the label map (semantic, panoptic), the instance id for an instance mask. */
  readonly layer: number;
  readonly tile: number;
  readonly runs: Uint32Array;
}

export interface HistoryStep {
  readonly label: string;
  readonly tiles: readonly TileDiff[];
  /** [id, before, after] for each segment whose bookkeeping changed (undefined: did not exist). */
  readonly meta: readonly (readonly [number, SegmentMeta | undefined, SegmentMeta | undefined])[];
  readonly orderBefore: readonly number[] | null;
  readonly orderAfter: readonly number[] | null;
  readonly bytes: number;
}

export interface HistoryOptions {
  /** Most steps kept (default 500; at least 200). */
  limit?: number;
  /** Most bytes kept (default 256 MiB); the newest step is always kept. */
  maxBytes?: number;
}

export class History {
  readonly limit: number;
  readonly maxBytes: number;
  private steps: HistoryStep[] = [];
  /** Steps [0, cursor) are done; [cursor, length) are undone and can be redone. */
  private cursor = 0;
  private bytes = 0;

  constructor(options: HistoryOptions = {}) {
    this.limit = Math.max(200, options.limit ?? 500);
    this.maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
  }

  /** Bytes held by the kept steps (their diffs and bookkeeping). */
  get byteSize(): number {
    return this.bytes;
  }

  get undoCount(): number {
    return this.cursor;
  }

  get redoCount(): number {
    return this.steps.length - this.cursor;
  }

  push(step: HistoryStep): void {
    for (let i = this.cursor; i < this.steps.length; i++) this.bytes -= this.steps[i].bytes;
    this.steps.length = this.cursor;
    this.steps.push(step);
    this.bytes += step.bytes;
    while (this.steps.length > 1 && (this.steps.length > this.limit || this.bytes > this.maxBytes)) {
      this.bytes -= this.steps.shift()!.bytes;
    }
    this.cursor = this.steps.length;
  }

  /** The step to undo (and moves the cursor back), or undefined. */
  takeUndo(): HistoryStep | undefined {
    if (this.cursor === 0) return undefined;
    return this.steps[--this.cursor];
  }

  /** The step undo would take next, left in place; undefined when there is none. */
  peekUndo(): HistoryStep | undefined {
    return this.cursor === 0 ? undefined : this.steps[this.cursor - 1];
  }

  /** Removes the step undo would take next, and every undone step (as a new step would). */
  dropLast(): HistoryStep | undefined {
    if (this.cursor === 0) return undefined;
    for (let i = this.cursor; i < this.steps.length; i++) this.bytes -= this.steps[i].bytes;
    this.steps.length = this.cursor;
    const step = this.steps.pop()!;
    this.bytes -= step.bytes;
    this.cursor = this.steps.length;
    return step;
  }

  takeRedo(): HistoryStep | undefined {
    if (this.cursor === this.steps.length) return undefined;
    return this.steps[this.cursor++];
  }

  clear(): void {
    this.steps = [];
    this.cursor = 0;
    this.bytes = 0;
  }
}

/** Grows a quad list; `finish` returns the exact-length copy. */
export class RunCollector {
  private data = new Uint32Array(1024);
  private n = 0;

  reset(): void {
    this.n = 0;
  }

  /**
   * Adds one changed pixel at `index`, extending the last quad when it continues it on the same
   * tile row (a quad never wraps to the next row: in the label map, rows of a tile are not adjacent).
   */
  add(index: number, before: number, after: number): void {
    const d = this.data;
    const n = this.n;
    if (
      n > 0 &&
      (index & (TILE_SIZE - 1)) !== 0 &&
      d[n - 4] + d[n - 3] === index &&
      d[n - 2] === before &&
      d[n - 1] === after
    ) {
      d[n - 3]++;
      return;
    }
    if (n + 4 > d.length) {
      const grown = new Uint32Array(d.length * 2);
      grown.set(d);
      this.data = grown;
    }
    const g = this.data;
    g[n] = index;
    g[n + 1] = 1;
    g[n + 2] = before;
    g[n + 3] = after;
    this.n = n + 4;
  }

  get empty(): boolean {
    return this.n === 0;
  }

  finish(): Uint32Array {
    return this.data.slice(0, this.n);
  }
}
