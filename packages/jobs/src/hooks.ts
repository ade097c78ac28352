/**
 * What every whole-dataset job takes besides its input: a progress callback and an AbortSignal.
 * A job checks the signal between items (images, or shares when they run in worker threads) and,
 * once it is aborted, starts no further item and rejects with an `AbortError`.
 */

/** Items done out of the total; `done` only grows, and reaches `total` when the job succeeds. */
export type JobProgress = (done: number, total: number) => void;

export interface JobHooks {
  onProgress?: JobProgress;
  signal?: AbortSignal;
}

// One AbortError from core to the CLI: formats' readers and writers throw the same one.
export { AbortError, throwIfAborted } from '@segkit/core';
