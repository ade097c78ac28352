import { isSegkitError, type Limits } from '@segkit/core';
import {
  type ClassScope,
  type ScopeDataset,
  type ScopedRegion,
  type ScopeMeasures,
  type ScopeReport,
  summarizeScope,
  type VerdictRules,
} from '@segkit/scope';
import { computeInShares } from '../dispatch/shares.js';
import { throwIfAborted } from '../hooks.js';
import { ABORTED_CODE, measureShareHere, type ScopeShare, type ScopeShareSettings, scopeShare } from './shares.js';
import { aborted, workerUrl } from './support.js';

/**
 * Fewest measured regions behind a verdict that is stated without a caveat. A share of 80% over 9
 * regions moves by 11 points with one region; below 10 a verdict is a hint, not a finding.
 */
export const MIN_VERDICT_REGIONS = 10;

/**
 * Annotations from which the scope job spreads over worker threads unless told otherwise. A worker
 * costs 0.6-1 s of CPU before it pays (module loading, a cold JIT): measured on this project's
 * 2-vCPU machine, 2 threads took 3.7 s of CPU against 2.0 s for one on 546 COCO val2014
 * annotations, 19.3 s against 16.8 s on 4,368 (bench/scope.mjs). From 2,000 COCO-like annotations
 * (about 7 s on one core) the split work outweighs the start.
 */
export const SCOPE_PARALLEL_FROM = 2000;

/** A class of the report with the sample-size caveat beside its verdict (null: 10 regions or more). */
export type ScopedClass = ClassScope & { caveat: string | null };

/** What `segkit scope --format json` prints. */
export interface ScopeJobReport extends Omit<ScopeReport, 'perClass'> {
  perClass: ScopedClass[];
}

export interface ScopeJobOptions {
  /** How the dataset is named in the report (its path), and the format it was read as. */
  input: string;
  from: string;
  /** Regions are connected parts of each annotation (class-index maps) rather than whole annotations. */
  semantic: boolean;
  vertices: number;
  tolerance: number;
  targetIou: number;
  minArea: number;
  rules: VerdictRules;
  /** Worker threads (1: this thread); default: up to 4 from SCOPE_PARALLEL_FROM annotations. */
  threads?: number;
  /** Images over `maxPixels` and polygons over `maxVertices` are refused before they are rasterized. */
  limits?: Partial<Limits>;
  /** Annotations done, of all: every 100 ms while measuring, and once at the end. */
  onProgress?: (done: number, total: number) => void;
  /** Stops the job: it rejects with an AbortError (the signal's reason as its cause), workers stop at their next annotation. */
  signal?: AbortSignal;
}

export interface ScopeJobResult {
  report: ScopeJobReport;
  /** Every measured region, in annotation order (for the HTML page's examples). */
  regions: ScopedRegion[];
}

/** The caveat of a verdict from `regions` measured regions, or null when there are enough. */
export function sampleCaveat(regions: number): string | null {
  if (regions >= MIN_VERDICT_REGIONS) return null;
  if (regions === 0) return 'no region measured: the verdict is a default';
  return `only ${regions} region${regions === 1 ? '' : 's'}, under ${MIN_VERDICT_REGIONS}: too few for a firm verdict`;
}

/**
 * `segkit scope` on a dataset in memory: each annotation traced and measured (in contiguous shares
 * over worker threads on large datasets), then summarized per class with a verdict. Shares are merged
 * in annotation order with integer counts, so the report is the same bytes for any thread count.
 * Errors name the dataset (`input`) and the annotation.
 */
export async function scopeJob(dataset: ScopeDataset, options: ScopeJobOptions): Promise<ScopeJobResult> {
  const { signal, onProgress } = options;
  throwIfAborted(signal);
  const settings: ScopeShareSettings = {
    vertices: options.vertices,
    tolerance: options.tolerance,
    targetIou: options.targetIou,
    minArea: options.minArea,
    semantic: options.semantic,
    rules: options.rules,
    ...(options.limits === undefined ? {} : { limits: options.limits }),
  };
  const total = dataset.annotations.length;
  const indexes = dataset.annotations.map((_, i) => i);
  // Counter block shared with the workers: [0] abort flag, [1 + k] annotations done by share k.
  const counters = new SharedArrayBuffer(4 * (1 + Math.max(1, Math.min(total, options.threads ?? 64))));
  const view = new Int32Array(counters);
  const onAbort = () => Atomics.store(view, 0, 1);
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer =
    onProgress === undefined
      ? undefined
      : setInterval(() => {
          let done = 0;
          for (let k = 1; k < view.length; k++) done += Atomics.load(view, k);
          onProgress(done, total);
        }, 100);
  let slot = 0;
  try {
    const parts = await computeInShares<number, ScopeMeasures[]>(
      indexes,
      options.threads,
      SCOPE_PARALLEL_FROM,
      (share, first) =>
        scopeShare(dataset, first, first + share.length, slot++, counters, settings, share.length === total),
      (share: ScopeShare) => measureShareHere(share, signal),
      workerUrl(import.meta.url, './worker.js'),
    );
    onProgress?.(total, total);
    const result = summarizeScope(dataset, parts.flat(), settings);
    const report: ScopeJobReport = {
      dataset: {
        input: options.input,
        from: options.from,
        images: result.images,
        regions: result.regions.length,
        skipped: result.perClass.reduce((n, c) => n + c.skipped, 0),
        crowdSkipped: result.crowdSkipped,
        semantic: options.semantic,
      },
      settings: {
        vertices: options.vertices,
        tolerance: options.tolerance,
        targetIou: options.targetIou,
        minArea: options.minArea,
        rules: options.rules,
      },
      perClass: result.perClass.map((c) => ({ ...c, caveat: sampleCaveat(c.instances) })),
    };
    return { report, regions: result.regions };
  } catch (error) {
    if (signal?.aborted || (error as { code?: string }).code === ABORTED_CODE) throw aborted(signal);
    throw isSegkitError(error) ? error.withContext(options.input) : error;
  } finally {
    if (timer !== undefined) clearInterval(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
