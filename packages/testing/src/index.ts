/**
 * What segkit's tests share: masks drawn as text grids, slow pixel references for the fast run
 * walkers, and a dense reference rasterizer. Test-only (private, never a runtime dependency). The
 * seeded generator is core's public `mulberry32`, re-exported here for tests' convenience.
 */
export { mulberry32 } from '@segkit/core';
export { binarize, grid } from './grid.js';
export { bboxSlow, combineSlow, countOn, decodeSlow, encodeSlow, toColumnMajor } from './pixel-reference.js';
export { rasterizeDense } from './reference-rasterizer.js';
