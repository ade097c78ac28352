/** Called as a long conversion advances: `done` of `total` items (images, files). */
export type ProgressCallback = (done: number, total: number) => void;

// Readers and writers stop between items as every job does: core's AbortError, the reason as its cause.
export { throwIfAborted } from '@segkit/core';
