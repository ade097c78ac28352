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

/**
 * The rejection of an aborted job. Named and coded like the DOM's and Node's own AbortError
 * (`name === 'AbortError'`, `code === 'ABORT_ERR'`), so code that already tests for those accepts it;
 * `cause` is the signal's reason.
 */
export class AbortError extends Error {
  readonly code = 'ABORT_ERR';

  constructor(reason?: unknown) {
    super('the job was aborted', reason === undefined ? undefined : { cause: reason });
    this.name = 'AbortError';
  }
}

/** Throws an AbortError when the signal has been aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError(signal.reason);
}
