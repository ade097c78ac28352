/** Called as a long conversion advances: `done` of `total` items (images, files). */
export type ProgressCallback = (done: number, total: number) => void;

/** Stops a long job between items once its signal is aborted, with the signal's reason (as the platform's throwIfAborted). */
export function throwIfAborted(signal: { readonly aborted: boolean; readonly reason?: unknown } | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new Error('aborted');
}
