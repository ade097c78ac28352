/**
 * mulberry32, a seeded pseudo-random generator: one uint32 of state, period 2^32, floats in [0, 1).
 * segkit uses it wherever a seed must name one result exactly on every machine (the scope sampler's
 * picks, seeded tests and benchmarks); never for anything secret. Tommy Ettinger's 32-bit mixer, the
 * generator flatbush's bench uses.
 *
 * Example: `const random = mulberry32(1)` gives 0.6270739405881613, then 0.002735721180215478.
 *
 * Cost: a handful of integer operations a draw; no allocation after the first call.
 */

/** Returns a function giving floats in [0, 1): the same sequence for the same seed (taken modulo 2^32). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
