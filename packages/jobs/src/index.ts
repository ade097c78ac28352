/**
 * @segkit/jobs: the Node layer under every front end (the CLI now, the server next). It is the only
 * library that touches the file system, threads or zlib; `core`, `metrics`, `scope` and `formats`
 * stay pure and browser-safe.
 */
export {
  computeInShares,
  PARALLEL_PIXELS,
  parallelFromPixels,
  type ShareAnswer,
  type ShareError,
  shareError,
} from './dispatch/shares.js';
