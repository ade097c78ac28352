/**
 * The Canvas 2D backend, for browsers without WebGL2: the same interface and byte-identical frames,
 * computed on the CPU (compose.ts) over the visible device pixels and drawn with one putImageData.
 * Slower (a full pass over the canvas per frame, ~10-30 ms at 1-2 Mpx) but exact.
 *
 * It keeps its own copy of the label ids, refreshed only through setLabels and update(rect), so it
 * shows, and readLabels returns, exactly what was uploaded: the same contract as the GPU textures.
 * A frame at the same camera and style after label updates or a footprint move recomposes only the
 * device pixels of the changed image rectangles (with a pixel of margin for the edge bands), so a
 * brush stroke costs its own area, not the canvas's. A pan by whole device pixels moves the last frame
 * and composes only the strips it uncovers (`frameShift` checks the move column by column first), so a
 * drag costs its strips; a zoom composes every pixel (about 10-16 ms at 1280 × 900 on this CPU).
 */
import { type BackingStore, backingStoreSize } from './backing.js';
import { composeFrame, type DeviceRegion, frameShift, shiftFrame } from './compose.js';
import { checkFootprint } from './footprint.js';
import { checkImageSize, checkLabels, checkReadRect, type Size, sourcePixels, sourceSize } from './image-source.js';
import { checkPalette } from './palette.js';
import type { Renderer, RenderImageSource } from './renderer-interface.js';
import { DEFAULT_STYLE, mergeStyle } from './rules.js';
import { intersect } from './tiles.js';
import type { Camera, Footprint, LabelSource, Rect, RenderStyle, Screen } from './types.js';

/** A footprint larger than this a side is refused, as on the GPU (WebGL2's guaranteed texture size). */
const MAX_FOOTPRINT_SIDE = 2048;

/** The Canvas 2D renderer on `canvas`, or null when the canvas gives no 2D context. */
export function createCanvas2dRenderer(canvas: HTMLCanvasElement): Renderer | null {
  const context = canvas.getContext('2d', { alpha: false });
  if (context === null) return null;
  return new Canvas2dRenderer(canvas, context);
}

class Canvas2dRenderer implements Renderer {
  readonly backend = '2d' as const;
  private imageSize: Size | undefined;
  private pixels: Uint8ClampedArray | undefined;
  private source: LabelSource | undefined;
  private labels: Uint32Array | null = null;
  private palette = new Uint8Array(0);
  private style: RenderStyle = DEFAULT_STYLE;
  private footprint: Footprint | null = null;
  private backing: BackingStore = { width: 1, height: 1, scaleX: 1, scaleY: 1 };
  private frame: ImageData | undefined;
  private camera: Camera = { zoom: 1, x: 0, y: 0 };
  /** Whether the next frame must be composed whole; else only `dirty` (image pixels) changed. */
  private full = true;
  private dirty: Rect | null = null;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly context: CanvasRenderingContext2D,
  ) {
    context.imageSmoothingEnabled = false;
  }

  resize(cssWidth: number, cssHeight: number, devicePixelRatio: number): void {
    this.backing = backingStoreSize(cssWidth, cssHeight, devicePixelRatio);
    if (this.canvas.width !== this.backing.width) this.canvas.width = this.backing.width;
    if (this.canvas.height !== this.backing.height) this.canvas.height = this.backing.height;
    // Resizing a canvas resets its context state.
    this.context.imageSmoothingEnabled = false;
    this.full = true;
  }

  setImage(source: RenderImageSource): void {
    const size = checkImageSize(sourceSize(source), 'the image');
    if (this.source !== undefined && (this.source.width !== size.width || this.source.height !== size.height)) {
      this.source = undefined;
      this.labels = null;
    }
    this.pixels = sourcePixels(source).slice();
    this.imageSize = size;
    this.full = true;
  }

  setLabels(labels: LabelSource): void {
    checkLabels(labels, this.imageSize);
    this.source = labels;
    this.labels = labels.view.slice();
    this.full = true;
  }

  update(rect: Rect): void {
    const source = this.source;
    const labels = this.labels;
    if (source === undefined || labels === null) return;
    const clipped = intersect(rect, { x: 0, y: 0, width: source.width, height: source.height });
    if (clipped === undefined) return;
    for (let y = clipped.y; y < clipped.y + clipped.height; y++) {
      const start = y * source.width + clipped.x;
      labels.set(source.view.subarray(start, start + clipped.width), start);
    }
    this.touch(clipped);
  }

  /** Adds image pixels to the part of the next frame to compose again. */
  private touch(rect: Rect): void {
    const d = this.dirty;
    if (d === null) {
      this.dirty = { ...rect };
      return;
    }
    const x1 = Math.max(d.x + d.width, rect.x + rect.width);
    const y1 = Math.max(d.y + d.height, rect.y + rect.height);
    d.x = Math.min(d.x, rect.x);
    d.y = Math.min(d.y, rect.y);
    d.width = x1 - d.x;
    d.height = y1 - d.y;
  }

  setPalette(rgba: Uint8Array): void {
    checkPalette(rgba);
    // The page rebuilds the palette whenever the segments change (an undo, a new instance); the same
    // bytes again need no frame of every pixel.
    if (sameBytes(rgba, this.palette)) return;
    this.palette = rgba.slice();
    this.full = true;
  }

  setStyle(style: Partial<RenderStyle>): void {
    const next = mergeStyle(this.style, style);
    if (JSON.stringify(next) !== JSON.stringify(this.style)) this.full = true;
    this.style = next;
  }

  setFootprint(footprint: Footprint | null): void {
    if (footprint !== null) checkFootprint(footprint, MAX_FOOTPRINT_SIDE);
    if (this.footprint !== null) this.touch(this.footprint);
    this.footprint = footprint === null ? null : { ...footprint, mask: footprint.mask.slice() };
    if (this.footprint !== null) this.touch(this.footprint);
  }

  render(camera: Camera): void {
    const { width, height, scaleX, scaleY } = this.backing;
    const size = this.imageSize;
    const pixels = this.pixels;
    if (size === undefined || pixels === undefined) {
      this.camera = { ...camera };
      const [r, g, b] = this.style.background;
      this.context.fillStyle = `rgb(${r} ${g} ${b})`;
      this.context.fillRect(0, 0, width, height);
      return;
    }
    if (this.frame?.width !== width || this.frame.height !== height) {
      this.frame = this.context.createImageData(width, height);
      this.full = true;
    }
    const previous = this.camera;
    const input = {
      width,
      height,
      scaleX,
      scaleY,
      camera,
      imageWidth: size.width,
      imageHeight: size.height,
      image: pixels,
      labels: this.labels,
      palette: this.palette,
      style: this.style,
      footprint: this.footprint,
    };
    const moved = previous.zoom !== camera.zoom || previous.x !== camera.x || previous.y !== camera.y;
    // A pan by whole device pixels: move the last frame and compose only what it uncovers.
    const shift = moved && !this.full ? frameShift(input, previous, camera) : null;
    if (moved && shift === null) this.full = true;
    this.camera = { ...camera };
    if (shift !== null) {
      const { dx, dy } = shift;
      shiftFrame(this.frame.data, width, height, dx, dy);
      const strips: DeviceRegion[] = [];
      if (dx > 0) strips.push({ x0: 0, y0: 0, x1: dx, y1: height });
      if (dx < 0) strips.push({ x0: width + dx, y0: 0, x1: width, y1: height });
      if (dy > 0) strips.push({ x0: 0, y0: 0, x1: width, y1: dy });
      if (dy < 0) strips.push({ x0: 0, y0: height + dy, x1: width, y1: height });
      const changed = this.region(this.dirty);
      if (changed !== null) strips.push(changed);
      for (const strip of strips) composeFrame(input, this.frame.data, strip);
      this.dirty = null;
      this.context.putImageData(this.frame, 0, 0);
      return;
    }
    const region = this.full ? undefined : this.region(this.dirty);
    this.full = false;
    this.dirty = null;
    if (region === null) return;
    composeFrame(input, this.frame.data, region);
    if (region === undefined) this.context.putImageData(this.frame, 0, 0);
    else {
      const { x0, y0, x1, y1 } = region;
      this.context.putImageData(this.frame, 0, 0, x0, y0, x1 - x0, y1 - y0);
    }
  }

  /**
   * The device pixels showing `rect` and a margin of one image pixel (a label change moves its
   * neighbours' edge bands); null when nothing changed or it is off the canvas.
   */
  private region(rect: Rect | null): DeviceRegion | null {
    if (rect === null) return null;
    const { width, height, scaleX, scaleY } = this.backing;
    const { zoom, x, y } = this.camera;
    const kx = scaleX * zoom;
    const ky = scaleY * zoom;
    const x0 = Math.max(0, Math.floor((rect.x - 1 - x) * kx) - 1);
    const y0 = Math.max(0, Math.floor((rect.y - 1 - y) * ky) - 1);
    const x1 = Math.min(width, Math.ceil((rect.x + rect.width + 1 - x) * kx) + 1);
    const y1 = Math.min(height, Math.ceil((rect.y + rect.height + 1 - y) * ky) + 1);
    return x1 > x0 && y1 > y0 ? { x0, y0, x1, y1 } : null;
  }

  readLabels(rect: Rect): Uint32Array {
    checkReadRect(rect, this.imageSize);
    const out = new Uint32Array(rect.width * rect.height);
    const labels = this.labels;
    const size = this.imageSize;
    if (labels === null || size === undefined) return out;
    for (let j = 0; j < rect.height; j++) {
      const start = (rect.y + j) * size.width + rect.x;
      out.set(labels.subarray(start, start + rect.width), j * rect.width);
    }
    return out;
  }

  readScreen(): Screen {
    this.render(this.camera);
    const { width, height } = this.backing;
    const data = this.context.getImageData(0, 0, width, height).data;
    return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  }

  dispose(): void {
    this.pixels = undefined;
    this.labels = null;
    this.source = undefined;
    this.frame = undefined;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
