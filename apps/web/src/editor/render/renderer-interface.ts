/**
 * The one interface both backends implement (gl-renderer.ts, canvas2d-renderer.ts) and one browser
 * test suite drives (apps/web/test/editor-render.test.ts).
 */
import type { Camera, Footprint, LabelSource, Rect, RenderStyle, Screen } from './types.js';

/** Image pixels the renderer can upload: a decoded bitmap, a loaded `<img>`, a canvas or raw RGBA. */
export type RenderImageSource = ImageBitmap | HTMLImageElement | HTMLCanvasElement | OffscreenCanvas | ImageData;

export type RendererBackend = 'webgl2' | '2d';

export interface Renderer {
  readonly backend: RendererBackend;
  /** Sizes the canvas's backing store for a CSS size and devicePixelRatio (clamped, see backing.ts). */
  resize(cssWidth: number, cssHeight: number, devicePixelRatio: number): void;
  /** Uploads the image pixels (tiled). */
  setImage(source: RenderImageSource): void;
  /**
   * Uploads every label pixel; they must have the image's size (SIZE_MISMATCH otherwise). A later
   * setImage of another size drops them, for the next document's setLabels.
   */
  setLabels(labels: LabelSource): void;
  /** Uploads only `rect` of the labels given to setLabels (clipped to the image). */
  update(rect: Rect): void;
  /** The colour per segment id: 4 bytes (RGBA) per id; alpha 0 hides the id (see palette.ts). */
  setPalette(rgba: Uint8Array): void;
  setStyle(style: Partial<RenderStyle>): void;
  /** The cursor footprint to outline, or null for none. */
  setFootprint(footprint: Footprint | null): void;
  /** Draws one frame. */
  render(camera: Camera): void;
  /**
   * The label ids as the renderer holds them (what the screen shows), row-major; `rect` must lie inside
   * the image (INVALID_BBOX otherwise). All 0 before setLabels.
   */
  readLabels(rect: Rect): Uint32Array;
  /** The last frame drawn, drawn again and read back. */
  readScreen(): Screen;
  dispose(): void;
}
