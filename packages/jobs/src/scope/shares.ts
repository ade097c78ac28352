import { measureScope, type ScopeDataset, type ScopeMeasures, type ScopeOptions } from '@segkit/scope';
import { type ShareAnswer, shareError } from '../dispatch/shares.js';

/*
 * One share of `segkit scope`: a contiguous run of the annotations, with the images they lie on, and
 * a shared counter block through which the share reports progress and hears a cancellation. The
 * dispatcher's worker answers once, at the end, so progress travels through shared memory instead.
 *
 * Counter block (Int32Array over a SharedArrayBuffer): [0] = 1 once the job is aborted;
 * [1 + k] = annotations share k has finished.
 */

/** Measure settings without the callbacks (what crosses to a worker). */
export type ScopeShareSettings = Omit<ScopeOptions, 'onProgress'>;

export interface ScopeShare {
  dataset: ScopeDataset;
  /** Index of the share's first annotation in the whole list. */
  first: number;
  /** Which counter of `counters` is this share's. */
  slot: number;
  counters: SharedArrayBuffer;
  settings: ScopeShareSettings;
}

/** Thrown inside a share when the job is aborted; the job rejects with an AbortError. */
export const ABORTED_CODE = 'ABORTED';

export function scopeShare(
  dataset: ScopeDataset,
  first: number,
  end: number,
  slot: number,
  counters: SharedArrayBuffer,
  settings: ScopeShareSettings,
  whole: boolean,
): ScopeShare {
  if (whole) return { dataset, first, slot, counters, settings };
  // A worker gets only its annotations and the sizes of their images: less to clone.
  const annotations = dataset.annotations.slice(first, end);
  const wanted = new Set(annotations.map((a) => a.image_id));
  const images = dataset.images
    .filter((i) => wanted.has(i.id))
    .map((i) => ({ id: i.id, height: i.height, width: i.width }));
  return { dataset: { images, annotations, categories: dataset.categories }, first, slot, counters, settings };
}

/**
 * Measures a share in one go (in a worker): the counter is updated before each annotation, and an
 * abort flag set by the job stops the share at the next annotation.
 */
export function measureShare(share: ScopeShare): ShareAnswer<ScopeMeasures[]> {
  const counters = new Int32Array(share.counters);
  let at = share.first;
  try {
    const measures = measureScope(share.dataset, share.settings, share.first, (index) => {
      at = index;
      Atomics.store(counters, 1 + share.slot, index - share.first);
      if (Atomics.load(counters, 0) !== 0) throw new ShareAborted();
    });
    Atomics.store(counters, 1 + share.slot, share.dataset.annotations.length);
    return { result: [measures] };
  } catch (error) {
    if (error instanceof ShareAborted)
      return { error: { index: at, code: ABORTED_CODE, detail: 'aborted', context: [] } };
    return { error: shareError(at, error) };
  }
}

/**
 * Annotations measured between two turns of the event loop when the job runs on this thread: small
 * enough that progress and an abort are heard within a few milliseconds (an annotation takes about
 * 6 ms on COCO), large enough that yielding costs nothing measurable.
 */
const CHUNK = 16;

/**
 * Measures a share on this thread, a chunk at a time, yielding to the event loop between chunks so
 * that timers (the progress reader, an abort) run; the chunks' measures are merged in order by the
 * caller. Progress goes to the share's counter, as in a worker.
 */
export async function measureShareHere(
  share: ScopeShare,
  signal: AbortSignal | undefined,
): Promise<ShareAnswer<ScopeMeasures[]>> {
  const { annotations, images, categories } = share.dataset;
  // Each chunk carries only its own images, so measureScope's size table stays a few entries long.
  const byId = new Map(images.map((i) => [i.id, i]));
  const counters = new Int32Array(share.counters);
  const parts: ScopeMeasures[] = [];
  let at = share.first;
  for (let start = 0; start < annotations.length; start += CHUNK) {
    if (signal?.aborted) return { error: { index: at, code: ABORTED_CODE, detail: 'aborted', context: [] } };
    const end = Math.min(annotations.length, start + CHUNK);
    const run = annotations.slice(start, end);
    const chunkImages = [];
    for (const id of new Set(run.map((a) => a.image_id))) {
      const image = byId.get(id);
      if (image !== undefined) chunkImages.push(image);
    }
    try {
      parts.push(
        measureScope(
          { images: chunkImages, annotations: run, categories },
          share.settings,
          share.first + start,
          (i) => {
            at = i;
          },
        ),
      );
    } catch (error) {
      return { error: shareError(at, error) };
    }
    Atomics.store(counters, 1 + share.slot, end);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { result: parts };
}

class ShareAborted extends Error {}
