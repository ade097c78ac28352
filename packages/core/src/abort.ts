/**
 * How every long segkit job stops: between items it checks its signal and, once aborted, throws an
 * `AbortError` whose `cause` is the signal's reason. Named and coded like the DOM's and Node's own
 * AbortError (`name === 'AbortError'`, `code === 'ABORT_ERR'`), so code that already tests for those
 * accepts it. The signal is anything with `aborted` and `reason` (an AbortSignal), so pure code
 * needs no DOM or Node type.
 */

export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
}

export class AbortError extends Error {
  readonly code = 'ABORT_ERR';

  constructor(reason?: unknown) {
    super('the job was aborted', reason === undefined ? undefined : { cause: reason });
    this.name = 'AbortError';
  }
}

/** Throws an AbortError when the signal has been aborted. */
export function throwIfAborted(signal: AbortSignalLike | undefined): void {
  if (signal?.aborted) throw new AbortError(signal.reason);
}
