/**
 * @segkit/editor: the headless segmentation editor core. Pure TypeScript (no DOM, no Node APIs),
 * depends on @segkit/core only.
 *
 * - `EditorDocument`: one image's labels (semantic / panoptic: a Uint32 label map; instance: sparse
 *   256 × 256 tiles per instance), the render surface (`view`, `segmentInfo`, dirty rectangles),
 *   undo history of tile diffs, instance operations, and the save form (`toSegments` /
 *   `fromSegments`, compressed COCO RLE).
 * - `Editor`: tools as small state machines (brush, eraser, polygon with vertex editing, fill, magic
 *   wand, edge-following lasso, select) painting exactly the pixels editor.md pins, the keyboard map,
 *   the cursor footprint, the lint of the document.
 * - `SaveController`: autosave against the server's versions, 409 conflicts, offline work.
 *
 * Example:
 *   const doc = EditorDocument.create({ mode: 'semantic', width: 640, height: 480, classes });
 *   const editor = new Editor({ document: doc });
 *   editor.pointerDown(10.5, 10.5); editor.pointerMove(40.5, 12.5); editor.pointerUp(40.5, 12.5);
 *   doc.toSegments() // one segment of the first class: the stroke's pixels as COCO RLE
 */

export * from './algorithms/index.js';
export { type DocumentOptions, EditorDocument } from './document/editor-document.js';
export {
  History,
  type HistoryOptions,
  type HistoryStep,
  type SegmentMeta,
  TILE_SIZE,
  type TileDiff,
} from './document/history.js';
export type { MaskRegion } from './document/store.js';
export type {
  ChangeListener,
  EditorClass,
  EditorMode,
  Rect,
  RenderSurface,
  Segment,
  SegmentInfo,
} from './document/types.js';
export {
  type BrushSettings,
  Editor,
  type EditorImage,
  type EditorOptions,
  type KeyModifiers,
} from './editor.js';
export { bresenham } from './raster/bresenham.js';
export {
  type BrushShape,
  type Footprint,
  footprint,
  footprintBitmap,
  MAX_BRUSH_DIAMETER,
} from './raster/footprint.js';
export { polygonSpans } from './raster/polygon-spans.js';
export {
  type LocalStore,
  type PendingWork,
  type PutResult,
  SaveController,
  type SaveControllerOptions,
  type SaveRefusal,
  type SaveStatus,
  type SaveTransport,
  type Timers,
} from './save/save-controller.js';
export type { StrokeOp } from './tools/brush/StrokeTool.js';
export { LassoTool } from './tools/lasso/LassoTool.js';
export { CLOSE_DISTANCE_CSS, EDIT_DISTANCE_CSS, PolygonTool } from './tools/polygon/PolygonTool.js';
export { RootState, type ToolId } from './tools/root.js';
export { type EditorEvent, type KeyInfo, type PointerInfo, StateNode } from './tools/state-node.js';
