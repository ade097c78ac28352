/**
 * The editor's pixel algorithms: pure functions and one class over flat typed arrays, no DOM.
 * Images are row-major (ImageData's layout: pixel (x, y) at y·width + x, RGBA 4 bytes a pixel);
 * the lint takes COCO RLEs (column-major runs) as @segkit/core defines them.
 */
export { type Components, connectedComponents } from './connected-components.js';
export { type BoxMask, enclosedPixels } from './enclosed.js';
export { floodFill, type LabelMap } from './flood-fill.js';
export {
  type LintFinding,
  type LintInput,
  type LintKind,
  type LintMode,
  type LintOptions,
  type LintSegment,
  lint,
} from './lint.js';
export { LiveWire, type LiveWireOptions } from './live-wire.js';
export { diagonalStepCost, liveWireCost } from './live-wire-cost.js';
export { magicWand } from './magic-wand.js';
export type { Region } from './region.js';
