/**
 * The records the document shares with the page, the renderer and the server.
 *
 * Conventions: pixel (x, y) covers [x, x+1) × [y, y+1) of image space; arrays are row-major
 * (pixel (x, y) at `y * width + x`), as ImageData; segment id 0 is "unlabeled" everywhere.
 */
import type { CocoRle } from '@segkit/core';

/** What the project's type makes of the labels (api.md "Projects and images"). */
export type EditorMode = 'semantic' | 'instance' | 'panoptic';

/** One class of the project's taxonomy. `isThing` matters in panoptic projects only (things get instances). */
export interface EditorClass {
  readonly id: number;
  readonly name: string;
  readonly isThing?: boolean;
}

/** A pixel rectangle, 0-indexed, `width` × `height` pixels from (x, y). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the renderer needs to know about a segment id found in `view`. */
export interface SegmentInfo {
  readonly id: number;
  readonly categoryId: number;
  /** Position in the z-order, 0 = bottom. Later (higher) segments are drawn on top in instance projects. */
  readonly z: number;
  readonly hidden: boolean;
  readonly locked: boolean;
}

/** One segment of a saved document (api.md "Annotations"): a compressed COCO RLE of the image's size. */
export interface Segment {
  id: number;
  categoryId: number;
  segmentation: CocoRle;
  iscrowd?: 0 | 1;
}

/**
 * Called after pixels or segments changed. `rects` are the rectangles of `view` to upload again (empty
 * when only segment attributes changed); `segmentIds` the segments whose `segmentInfo` may differ.
 */
export type ChangeListener = (rects: readonly Rect[], segmentIds: readonly number[]) => void;

/**
 * The surface the renderer draws from, identical in every mode. `view[y * width + x]` is the id of
 * the segment shown at that pixel (0: none). In instance projects it is the top-most visible
 * instance; in semantic and panoptic projects it is the label map itself, so a hidden segment's pixels
 * still carry its id there and the renderer skips ids whose `segmentInfo(id).hidden` is set.
 */
export interface RenderSurface {
  readonly width: number;
  readonly height: number;
  readonly view: Uint32Array;
  segmentInfo(id: number): SegmentInfo | undefined;
  /** Registers a listener; returns the function that removes it. */
  onChange(listener: ChangeListener): () => void;
}
