/** Small pieces the scope, estimate and sample jobs share. */
import { isSegkitError } from '@segkit/core';
import { AbortError } from '../hooks.js';

/** The error a job rejects with once its signal is aborted (every job's: `AbortError`, the reason as its cause). */
export function aborted(signal: AbortSignal | undefined): AbortError {
  return new AbortError(signal?.reason);
}

/**
 * The URL of a worker script beside `moduleUrl`. Under the test runner the modules are the
 * TypeScript sources, which a worker thread cannot load, so the worker comes from the build output
 * (dist/, written by `tsc -b`, which `npm test` runs first) at the same relative place.
 */
export function workerUrl(moduleUrl: string, relative: string): URL {
  const url = new URL(relative, moduleUrl);
  if (!moduleUrl.endsWith('.ts')) return url;
  const at = url.href.lastIndexOf('/src/');
  return new URL(`${url.href.slice(0, at)}/dist/${url.href.slice(at + '/src/'.length)}`);
}

/** Awaits `work`, prefixing `name` (the dataset's path) to the SegkitErrors it raises. */
export async function located<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw isSegkitError(error) ? error.withContext(name) : error;
  }
}
