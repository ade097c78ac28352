/**
 * The plain shapes the rendering module reads and hands out (no DOM types: the camera and frame math
 * that use them are unit-tested in Node). The editor core (packages/editor) owns the document; the
 * renderer sees it only through these structural types, so it depends on no editor code.
 */

/** A rectangle of image pixels: x, y of its top-left pixel, width and height in pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The label layer as the core keeps it: `view[y * width + x]` is the segment id shown at pixel (x, y),
 * 0 for unlabeled. The renderer copies from it only when told which rectangle changed (`update`).
 */
export interface LabelSource {
  readonly width: number;
  readonly height: number;
  readonly view: Uint32Array;
}

/**
 * The brush (or eraser) footprint drawn as the cursor: `mask[j * width + i]` non-zero means image pixel
 * (x + i, y + j) is painted by the tool. The renderer outlines exactly these pixels.
 */
export interface Footprint {
  x: number;
  y: number;
  width: number;
  height: number;
  mask: Uint8Array;
}

/** What the shader (or the fallback) varies per frame without touching the label pixels. */
export interface RenderStyle {
  /** Fill opacity of labelled pixels, 0..1 (quantized to 1/255). */
  opacity: number;
  /** Outline-only: labelled pixels show only their edge band (4-neighbour id differs), opaque. */
  outline: boolean;
  /** The segment under the pointer (0 = none): its fill is `HOVER_BOOST` more opaque. */
  hoverId: number;
  /** The selected segment (0 = none): its edge band is drawn in `selectedColor`. */
  selectedId: number;
  /** The pixel grid at zoom >= GRID_MIN_ZOOM. */
  grid: boolean;
  /** Opaque RGB of the area outside the image. */
  background: readonly [number, number, number];
  /** Opaque RGB of the selected segment's edge band. */
  selectedColor: readonly [number, number, number];
  /** Opaque RGB of the cursor footprint's outline. */
  footprintColor: readonly [number, number, number];
}

/** Where the view is: image pixel (px, py) covers CSS pixels [(px - x)·zoom, (px - x + 1)·zoom). */
export interface Camera {
  zoom: number;
  x: number;
  y: number;
}

/** A frame read back: RGBA bytes, top row first, in device pixels. */
export interface Screen {
  width: number;
  height: number;
  data: Uint8Array;
}
