/**
 * What the fuzz suites share (png, coco, labelme, label-studio, cityscapes, cvat-xml .fuzz.test.ts):
 * the promise under test, and how many inputs to try.
 *
 * The promise: on any bytes, a reader either returns or throws a SegkitError (an error with a
 * `code`: the CLI prints it as one line naming the file, the server maps it to a 4xx). Any other
 * exception (a TypeError, a RangeError from a stack overflow or an allocation) is a crash; a hang
 * shows as the test's timeout.
 *
 * Counts and seeds: the suite runs RUNS inputs per target with a fixed seed per target (20,000 by
 * default, seconds on this machine). `npm run fuzz` (scripts/fuzz.mjs) runs many more with a fresh
 * seed: SEGKIT_FUZZ_RUNS sets the count, SEGKIT_FUZZ_SEED the seed; fast-check prints the seed and
 * the shrunk input of a failure, which then becomes a regression case beside the fuzz test.
 */
import { isSegkitError } from '@segkit/core';
import type fc from 'fast-check';
import { expect } from 'vitest';
import type { FileSink, FileSource } from '../../src/registry/types.js';

const positive = (text: string | undefined): number | undefined => {
  const value = Number(text);
  return text !== undefined && text !== '' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
};

/** Inputs per target: SEGKIT_FUZZ_RUNS, else 20,000. */
export const RUNS = positive(process.env.SEGKIT_FUZZ_RUNS) ?? 20_000;

/** fast-check's parameters for a target whose suite seed is `seed` (SEGKIT_FUZZ_SEED replaces it). */
export function fuzzParameters(seed: number): fc.Parameters<unknown> {
  const chosen = process.env.SEGKIT_FUZZ_SEED;
  return { numRuns: RUNS, seed: chosen === undefined ? seed : Number(chosen), endOnFailure: false };
}

/**
 * Small limits, so a mutated size that is valid but large (a 60000×60000 header) is refused as a
 * LIMIT instead of allocating: the limits are tested elsewhere, the fuzz is about everything else.
 */
export const FUZZ_LIMITS = { maxPixels: 1 << 16, maxVertices: 1 << 12, maxClasses: 1 << 12 } as const;

/** How the inputs of one target ended: accepted, or refused with each code. */
export class Outcomes {
  accepted = 0;
  readonly refused = new Map<string, number>();

  get total(): number {
    let n = this.accepted;
    for (const count of this.refused.values()) n += count;
    return n;
  }

  /** Counts a refusal; rethrows anything that is not a SegkitError (the crash the fuzz looks for). */
  refuse(error: unknown): void {
    if (!isSegkitError(error)) throw error;
    // The message shape the CLI prints: one line (a newline would break "segkit: … [CODE]").
    if (error.message.includes('\n')) throw new Error(`a message of several lines: ${JSON.stringify(error.message)}`);
    this.refused.set(error.code, (this.refused.get(error.code) ?? 0) + 1);
  }

  /** Runs `work`: accepted when it returns, counted by code when it throws a SegkitError. */
  run<T>(work: () => T): T | undefined {
    try {
      const value = work();
      this.accepted++;
      return value;
    } catch (error) {
      this.refuse(error);
      return undefined;
    }
  }

  async runAsync<T>(work: () => Promise<T>): Promise<T | undefined> {
    try {
      const value = await work();
      this.accepted++;
      return value;
    } catch (error) {
      this.refuse(error);
      return undefined;
    }
  }

  /** Both outcomes occurred often enough for the run to have tested something (`share` of the inputs each). */
  expectBothWays(share = 0.02): void {
    const refused = this.total - this.accepted;
    expect(this.accepted, this.describe()).toBeGreaterThan(this.total * share);
    expect(refused, this.describe()).toBeGreaterThan(this.total * share);
  }

  /** Prints the tally under `npm run fuzz` (SEGKIT_FUZZ_RUNS set), where the counts are worth reading. */
  report(name: string): void {
    if (process.env.SEGKIT_FUZZ_RUNS !== undefined) console.info(`${name}: ${this.describe()}`);
  }

  describe(): string {
    const codes = [...this.refused].map(([code, n]) => `${code} ${n}`).join(', ');
    return `${this.total} inputs: ${this.accepted} accepted; refused: ${codes}`;
  }
}

const encoder = new TextEncoder();

/** A source holding one file (the single-file input a reader is given). */
export function oneFileSource(path: string, data: string | Uint8Array): FileSource {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  return {
    name: path,
    entry: path,
    list: async () => [path],
    read: async (asked) => {
      if (asked !== path) throw new Error(`the reader asked for ${asked}, not its entry ${path}`);
      return bytes;
    },
  };
}

/** A sink that keeps nothing but the byte count (the writers' output is not under test). */
export function countingSink(): FileSink & { bytes: number } {
  const sink = {
    name: 'fuzz-out',
    bytes: 0,
    write: async (_path: string, data: Uint8Array | string) => {
      sink.bytes += data.length;
    },
  };
  return sink;
}
