/**
 * What the render harness page (render-harness.tsx, bundled by harness.ts) offers the browser tests and
 * the render benchmark, as `globalThis.renderHarness`. Plain data only: it crosses page.evaluate.
 */
import type { Camera, Rect, RenderStyle } from '../../src/editor/render/types.js';

export type LabelSpec =
  | { kind: 'ids'; ids: number[] }
  | { kind: 'blobs'; count: number; seed: number }
  | { kind: 'none' };

export interface SceneSpec {
  backend: 'webgl2' | '2d' | 'auto';
  /** The canvas's CSS size at the page's top-left, and the devicePixelRatio the renderer sizes it for. */
  cssWidth: number;
  cssHeight: number;
  dpr?: number;
  width: number;
  height: number;
  labels: LabelSpec;
  /** A solid colour, or patternImage (scene.ts): every pixel its own colour. */
  image: { kind: 'solid'; rgb: [number, number, number] } | { kind: 'pattern' };
  /** How the image reaches the renderer: an ImageBitmap (the default) or ImageData. */
  imageAs?: 'bitmap' | 'imagedata';
  /** RGBA per id, or `count` seeded random opaque colours after an unlabeled entry. */
  palette: number[] | { kind: 'random'; count: number; seed: number };
  style?: Partial<RenderStyle>;
}

export interface FootprintSpec {
  x: number;
  y: number;
  width: number;
  height: number;
  mask: number[];
}

export interface ScreenData {
  width: number;
  height: number;
  data: number[];
}

export interface Timings {
  /** Milliseconds, in the order measured. */
  samples: number[];
}

export interface HarnessApi {
  /** Builds the scene and draws it at `camera`; the backend used and the milliseconds it took. */
  create(spec: SceneSpec, camera: Camera): Promise<{ backend: string; ms: number; canvasWidth: number }>;
  render(camera: Camera): void;
  screen(): ScreenData;
  labels(rect: Rect): number[];
  /** hashIds (scene.ts) of readLabels(rect), and how many ids differ from the page's own label map. */
  labelsCheck(rect: Rect): { hash: number; mismatches: number };
  /** Writes `id` into the page's label map over rect, then (when `notify`) renderer.update(rect). */
  paint(rect: Rect, id: number, notify: boolean): void;
  update(rect: Rect): void;
  setStyle(style: Partial<RenderStyle>): void;
  setPalette(rgba: number[]): void;
  setFootprint(footprint: FootprintSpec | null): void;
  /** The error's name, code and message when `setX` of bad input throws, else null. */
  rejects(what: 'readOutside' | 'paletteBytes' | 'footprintMask' | 'labelsSize'): string | null;
  /** Loses the WebGL context and waits until the browser restores it (WEBGL_lose_context); false on 2D. */
  loseAndRestoreContext(): Promise<boolean>;
  /** Mounts EditorCanvas at the page's top-left; pointer events it forwards are kept for `pointerLog`. */
  mountEditor(spec: SceneSpec, camera: Camera): Promise<void>;
  pointerLog(): Array<{ kind: string; points: Array<{ x: number; y: number }> }>;
  /** Bench: `runs` dirty rects of size × size in view, each painted, updated, drawn and waited for. */
  timeDirtyRects(size: number, runs: number, seed: number, camera: Camera): Timings;
  /** Bench: `frames` frames of a pan and zoom sweep, each drawn and waited for. */
  timePanZoom(frames: number): Timings;
}
