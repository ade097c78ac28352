/**
 * Module-level scratch buffers that grow on demand and are reused across calls, so the hot paths do
 * not allocate per call (earcut's habit). Callers copy out what they return.
 */

let u32a: Uint32Array = new Uint32Array(1024);
let u32b: Uint32Array = new Uint32Array(1024);

function grow(current: Uint32Array, needed: number): Uint32Array {
  let size = current.length;
  while (size < needed) size *= 2;
  return new Uint32Array(size);
}

/** A scratch Uint32Array of at least `needed` elements (contents undefined). */
export function scratchA(needed: number): Uint32Array {
  if (u32a.length < needed) u32a = grow(u32a, needed);
  return u32a;
}

/** A second, independent scratch Uint32Array. */
export function scratchB(needed: number): Uint32Array {
  if (u32b.length < needed) u32b = grow(u32b, needed);
  return u32b;
}

/**
 * Appends to a growable Uint32Array, for outputs whose length is not known up front.
 * `push` returns the (possibly reallocated) buffer.
 */
export class RunWriter {
  buffer: Uint32Array;
  length = 0;

  constructor(capacity = 64) {
    this.buffer = new Uint32Array(Math.max(4, capacity));
  }

  push(value: number): void {
    if (this.length === this.buffer.length) {
      const bigger = new Uint32Array(this.buffer.length * 2);
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    this.buffer[this.length++] = value;
  }

  /** An exact-length copy of what was written. */
  take(): Uint32Array {
    return this.buffer.slice(0, this.length);
  }
}
