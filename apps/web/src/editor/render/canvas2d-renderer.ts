/**
 * The Canvas 2D backend, for browsers without WebGL2: the same interface and byte-identical frames,
 * computed on the CPU (compose.ts) over the visible device pixels and drawn with one putImageData.
 * Slower (a full pass over the canvas per frame, ~10-30 ms at 1-2 Mpx) but exact.
 *
 * It keeps its own copy of the label ids, refreshed only through setLabels and update(rect), so it
 * shows, and readLabels returns, exactly what was uploaded: the same contract as the GPU textures.
 */
import { type BackingStore, backingStoreSize } from './backing.js';
import { composeFrame } from './compose.js';
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
  }

  setImage(source: RenderImageSource): void {
    const size = checkImageSize(sourceSize(source), 'the image');
    if (this.source !== undefined && (this.source.width !== size.width || this.source.height !== size.height)) {
      this.source = undefined;
      this.labels = null;
    }
    this.pixels = sourcePixels(source).slice();
    this.imageSize = size;
  }

  setLabels(labels: LabelSource): void {
    checkLabels(labels, this.imageSize);
    this.source = labels;
    this.labels = labels.view.slice();
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
  }

  setPalette(rgba: Uint8Array): void {
    checkPalette(rgba);
    this.palette = rgba.slice();
  }

  setStyle(style: Partial<RenderStyle>): void {
    this.style = mergeStyle(this.style, style);
  }

  setFootprint(footprint: Footprint | null): void {
    if (footprint !== null) checkFootprint(footprint, MAX_FOOTPRINT_SIDE);
    this.footprint = footprint === null ? null : { ...footprint, mask: footprint.mask.slice() };
  }

  render(camera: Camera): void {
    this.camera = { ...camera };
    const { width, height, scaleX, scaleY } = this.backing;
    const size = this.imageSize;
    const pixels = this.pixels;
    if (size === undefined || pixels === undefined) {
      const [r, g, b] = this.style.background;
      this.context.fillStyle = `rgb(${r} ${g} ${b})`;
      this.context.fillRect(0, 0, width, height);
      return;
    }
    if (this.frame?.width !== width || this.frame.height !== height) {
      this.frame = this.context.createImageData(width, height);
    }
    composeFrame(
      {
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
      },
      this.frame.data,
    );
    this.context.putImageData(this.frame, 0, 0);
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
