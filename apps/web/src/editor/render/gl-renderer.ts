/**
 * The WebGL2 backend. The label ids live on the GPU as integer textures (R16UI while every id fits in
 * 16 bits, else R32UI), tiled at 2048 texels (tiles.ts), next to RGBA8 image tiles and a palette
 * texture; the fragment shader (shaders.ts) recolours, outlines and grids each frame, so opacity, hover,
 * selection, outline-only and hidden classes cost a uniform or a palette upload, never a repaint.
 * `update(rect)` sends only the changed rectangle, one texSubImage2D per tile it touches.
 *
 * Read-back for tests: `readLabels` reads the label textures themselves through a framebuffer
 * (readPixels with RGBA_INTEGER / UNSIGNED_INT, the pair WebGL2 guarantees for unsigned integer
 * buffers), so it returns what the shader draws from, not a CPU copy.
 */
import { SegkitError } from '@segkit/core';
import { type BackingStore, backingStoreSize, MAX_BACKING_SIDE } from './backing.js';
import { checkFootprint } from './footprint.js';
import { checkImageSize, checkLabels, checkReadRect, type Size, sourceSize } from './image-source.js';
import { checkPalette, PALETTE_WIDTH } from './palette.js';
import type { Renderer, RenderImageSource } from './renderer-interface.js';
import { bandWidth, DEFAULT_STYLE, GRID_MIN_ZOOM, mergeStyle, opacityByte } from './rules.js';
import { FOOTPRINT_SHADER, labelShader, VERTEX_SHADER } from './shaders.js';
import { intersect, type Tile, tileGrid } from './tiles.js';
import type { Camera, Footprint, LabelSource, Rect, RenderStyle, Screen } from './types.js';

type LabelFormat = 'r16ui' | 'r32ui';

interface GpuTile extends Tile {
  image: WebGLTexture | null;
  labels: WebGLTexture | null;
}

const UNIFORMS = [
  'uLabels',
  'uImage',
  'uPalette',
  'uFootprint',
  'uQuad',
  'uCanvasHeight',
  'uScale',
  'uZoom',
  'uOffset',
  'uImageSize',
  'uCore',
  'uTexOrigin',
  'uHasLabels',
  'uEntries',
  'uOpacity',
  'uHover',
  'uSelected',
  'uOutline',
  'uGrid',
  'uBand',
  'uSelectedColor',
  'uFootprintColor',
  'uFootprintRect',
] as const;
type Uniforms = Record<(typeof UNIFORMS)[number], WebGLUniformLocation | null>;

/** Texture units. */
const UNIT_LABELS = 0;
const UNIT_IMAGE = 1;
const UNIT_PALETTE = 2;
const UNIT_FOOTPRINT = 3;
/** readLabels reads at most this many pixels a readPixels call (16 bytes each). */
const READ_CHUNK_PIXELS = 1 << 20;

/** The label format for ids up to maxId: 16 bits while they fit. */
export function labelFormatFor(maxId: number): LabelFormat {
  return maxId <= 0xffff ? 'r16ui' : 'r32ui';
}

function compile(gl: WebGL2RenderingContext, type: number, source: string): WebGLShader {
  const shader = gl.createShader(type);
  if (shader === null) throw new SegkitError('UNSUPPORTED', 'WebGL2 could not create a shader');
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS) && !gl.isContextLost()) {
    throw new SegkitError('UNSUPPORTED', `the renderer's shader does not compile: ${gl.getShaderInfoLog(shader)}`);
  }
  return shader;
}

interface Program {
  program: WebGLProgram;
  /** Null for a uniform the program does not use: gl.uniform* ignores it. */
  u: Uniforms;
}

function link(gl: WebGL2RenderingContext, fragment: string): Program {
  const program = gl.createProgram();
  gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, VERTEX_SHADER));
  gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, fragment));
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS) && !gl.isContextLost()) {
    throw new SegkitError('UNSUPPORTED', `the renderer's program does not link: ${gl.getProgramInfoLog(program)}`);
  }
  const u = {} as Uniforms;
  for (const name of UNIFORMS) u[name] = gl.getUniformLocation(program, name);
  gl.useProgram(program);
  gl.uniform1i(u.uLabels, UNIT_LABELS);
  gl.uniform1i(u.uImage, UNIT_IMAGE);
  gl.uniform1i(u.uPalette, UNIT_PALETTE);
  gl.uniform1i(u.uFootprint, UNIT_FOOTPRINT);
  return { program, u };
}

/** The WebGL2 renderer on `canvas`, or null when the browser gives no WebGL2 context. */
export function createGlRenderer(canvas: HTMLCanvasElement): Renderer | null {
  const gl = canvas.getContext('webgl2', {
    alpha: false,
    antialias: false,
    depth: false,
    stencil: false,
    premultipliedAlpha: false,
    preserveDrawingBuffer: false,
  });
  if (gl === null) return null;
  return new GlRenderer(canvas, gl);
}

class GlRenderer implements Renderer {
  readonly backend = 'webgl2' as const;
  /** The label program without and with the edge band, and the footprint's. */
  private fill!: Program;
  private edges!: Program;
  private cursor!: Program;
  private tiles: GpuTile[] = [];
  private imageSize: Size | undefined;
  private image: RenderImageSource | undefined;
  private labels: LabelSource | undefined;
  private format: LabelFormat = 'r16ui';
  private palette: WebGLTexture | null = null;
  private paletteBytes = new Uint8Array(4);
  private entries = 0;
  private footprintTexture: WebGLTexture | null = null;
  private footprint: Footprint | null = null;
  private emptyLabels: WebGLTexture | null = null;
  private readBuffer: WebGLFramebuffer | null = null;
  private style: RenderStyle = DEFAULT_STYLE;
  private backing: BackingStore = { width: 1, height: 1, scaleX: 1, scaleY: 1 };
  private camera: Camera = { zoom: 1, x: 0, y: 0 };
  private scratch16 = new Uint16Array(0);
  private scratchRead = new Uint32Array(0);
  private lost = false;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly gl: WebGL2RenderingContext,
  ) {
    this.init();
    canvas.addEventListener('webglcontextlost', this.onLost);
    canvas.addEventListener('webglcontextrestored', this.onRestored);
  }

  private readonly onLost = (event: Event) => {
    // Asking for restoration: the browser gives the context back and onRestored uploads everything again.
    event.preventDefault();
    this.lost = true;
  };

  private readonly onRestored = () => {
    this.lost = false;
    // Every GL object died with the context: forget them, so layout() cuts new tiles.
    this.tiles = [];
    this.imageSize = undefined;
    this.init();
    const { image, labels, footprint } = this;
    if (image !== undefined) this.setImage(image);
    if (labels !== undefined) this.setLabels(labels);
    this.uploadPalette();
    this.setFootprint(footprint);
  };

  private init(): void {
    const gl = this.gl;
    this.fill = link(gl, labelShader(false));
    this.edges = link(gl, labelShader(true));
    this.cursor = link(gl, FOOTPRINT_SHADER);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
    gl.pixelStorei(gl.PACK_ALIGNMENT, 1);
    gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
    gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
    gl.pixelStorei(gl.UNPACK_COLORSPACE_CONVERSION_WEBGL, gl.NONE);
    this.emptyLabels = this.texture(gl.R32UI, 1, 1);
    gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, 1, 1, gl.RED_INTEGER, gl.UNSIGNED_INT, new Uint32Array(1));
    this.footprintTexture = this.texture(gl.R8UI, 1, 1);
    gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, 1, 1, gl.RED_INTEGER, gl.UNSIGNED_BYTE, new Uint8Array(1));
    this.palette = null;
    this.readBuffer = gl.createFramebuffer();
  }

  /** An immutable texture of `format` bound to TEXTURE_2D on the active unit, nearest-sampled. */
  private texture(format: number, width: number, height: number): WebGLTexture {
    const gl = this.gl;
    const texture = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, texture);
    gl.texStorage2D(gl.TEXTURE_2D, 1, format, width, height);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
    return texture;
  }

  private setUnpack(rowLength: number, skipPixels: number, skipRows: number): void {
    const gl = this.gl;
    gl.pixelStorei(gl.UNPACK_ROW_LENGTH, rowLength);
    gl.pixelStorei(gl.UNPACK_SKIP_PIXELS, skipPixels);
    gl.pixelStorei(gl.UNPACK_SKIP_ROWS, skipRows);
  }

  resize(cssWidth: number, cssHeight: number, devicePixelRatio: number): void {
    const gl = this.gl;
    const dims = gl.getParameter(gl.MAX_VIEWPORT_DIMS) as Int32Array | null;
    const maxRenderbuffer = gl.getParameter(gl.MAX_RENDERBUFFER_SIZE) as number | null;
    const maxSide = Math.min(MAX_BACKING_SIDE, dims?.[0] ?? 4096, dims?.[1] ?? 4096, maxRenderbuffer ?? 4096);
    this.backing = backingStoreSize(cssWidth, cssHeight, devicePixelRatio, maxSide);
    if (this.canvas.width !== this.backing.width) this.canvas.width = this.backing.width;
    if (this.canvas.height !== this.backing.height) this.canvas.height = this.backing.height;
  }

  setImage(source: RenderImageSource): void {
    const gl = this.gl;
    const size = checkImageSize(sourceSize(source), 'the image');
    // Another image's labels: dropped, for the caller's setLabels of the new document.
    if (this.labels !== undefined && (this.labels.width !== size.width || this.labels.height !== size.height)) {
      this.labels = undefined;
    }
    this.layout(size);
    this.image = source;
    gl.activeTexture(gl.TEXTURE0 + UNIT_IMAGE);
    for (const tile of this.tiles) {
      const { x, y, width, height } = tile.texels;
      if (tile.image !== null) gl.deleteTexture(tile.image);
      tile.image = this.texture(gl.RGBA8, width, height);
      if (source instanceof ImageData) {
        this.setUnpack(size.width, x, y);
        gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, source.data);
      } else {
        // WebGL2 applies UNPACK_SKIP_* to DOM sources too: each tile reads its own sub-rectangle.
        this.setUnpack(0, x, y);
        gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, source);
      }
    }
    this.setUnpack(0, 0, 0);
  }

  /** Cuts the image into tiles, dropping every texture, when its size changes. */
  private layout(size: Size): void {
    if (this.imageSize?.width === size.width && this.imageSize.height === size.height) return;
    for (const tile of this.tiles) {
      this.gl.deleteTexture(tile.image);
      this.gl.deleteTexture(tile.labels);
    }
    this.imageSize = size;
    this.tiles = tileGrid(size.width, size.height).map((tile) => ({ ...tile, image: null, labels: null }));
  }

  setLabels(labels: LabelSource): void {
    checkLabels(labels, this.imageSize);
    this.layout(labels);
    this.labels = labels;
    const view = labels.view;
    let maxId = 0;
    for (let i = 0; i < view.length; i++) if (view[i] > maxId) maxId = view[i];
    this.allocateLabels(labelFormatFor(maxId));
  }

  /** New label textures in `format`, filled from the labels' view. */
  private allocateLabels(format: LabelFormat): void {
    const gl = this.gl;
    this.format = format;
    gl.activeTexture(gl.TEXTURE0 + UNIT_LABELS);
    for (const tile of this.tiles) {
      if (tile.labels !== null) gl.deleteTexture(tile.labels);
      tile.labels = this.texture(format === 'r16ui' ? gl.R16UI : gl.R32UI, tile.texels.width, tile.texels.height);
      this.uploadLabels(tile, tile.texels);
    }
  }

  /**
   * Sends `rect` (inside the tile's texels) of the labels' view to the tile's texture; false when an id
   * does not fit the current 16-bit format (nothing is sent then).
   */
  private uploadLabels(tile: GpuTile, rect: Rect): boolean {
    const gl = this.gl;
    const labels = this.labels!;
    const dx = rect.x - tile.texels.x;
    const dy = rect.y - tile.texels.y;
    gl.bindTexture(gl.TEXTURE_2D, tile.labels);
    if (this.format === 'r32ui') {
      this.setUnpack(labels.width, rect.x, rect.y);
      gl.texSubImage2D(gl.TEXTURE_2D, 0, dx, dy, rect.width, rect.height, gl.RED_INTEGER, gl.UNSIGNED_INT, labels.view);
      this.setUnpack(0, 0, 0);
      return true;
    }
    const count = rect.width * rect.height;
    if (this.scratch16.length < count) this.scratch16 = new Uint16Array(count);
    const out = this.scratch16;
    const view = labels.view;
    let o = 0;
    let max = 0;
    for (let y = rect.y; y < rect.y + rect.height; y++) {
      const row = y * labels.width;
      for (let i = row + rect.x, end = row + rect.x + rect.width; i < end; i++) {
        const id = view[i];
        max |= id;
        out[o++] = id;
      }
    }
    // `|` works on int32: back to uint32 before comparing (an id of 2^31 or more reads negative).
    if (max >>> 0 > 0xffff) return false;
    gl.texSubImage2D(
      gl.TEXTURE_2D,
      0,
      dx,
      dy,
      rect.width,
      rect.height,
      gl.RED_INTEGER,
      gl.UNSIGNED_SHORT,
      out.subarray(0, count),
    );
    return true;
  }

  update(rect: Rect): void {
    const labels = this.labels;
    if (labels === undefined) return;
    const clipped = intersect(rect, { x: 0, y: 0, width: labels.width, height: labels.height });
    if (clipped === undefined) return;
    this.gl.activeTexture(this.gl.TEXTURE0 + UNIT_LABELS);
    for (const tile of this.tiles) {
      const part = intersect(tile.texels, clipped);
      if (part === undefined) continue;
      if (!this.uploadLabels(tile, part)) {
        // An id past 65535 arrived: every tile again in 32 bits.
        this.allocateLabels('r32ui');
        return;
      }
    }
  }

  setPalette(rgba: Uint8Array): void {
    checkPalette(rgba);
    this.paletteBytes = rgba.slice();
    this.uploadPalette();
  }

  private uploadPalette(): void {
    const gl = this.gl;
    const entries = this.paletteBytes.length / 4;
    const rows = Math.max(1, Math.ceil(entries / PALETTE_WIDTH));
    const padded = new Uint8Array(PALETTE_WIDTH * rows * 4);
    padded.set(this.paletteBytes);
    gl.activeTexture(gl.TEXTURE0 + UNIT_PALETTE);
    if (this.palette !== null) gl.deleteTexture(this.palette);
    this.palette = this.texture(gl.RGBA8, PALETTE_WIDTH, rows);
    gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, PALETTE_WIDTH, rows, gl.RGBA, gl.UNSIGNED_BYTE, padded);
    this.entries = entries;
  }

  setStyle(style: Partial<RenderStyle>): void {
    this.style = mergeStyle(this.style, style);
  }

  setFootprint(footprint: Footprint | null): void {
    const gl = this.gl;
    if (footprint !== null) {
      const max = gl.getParameter(gl.MAX_TEXTURE_SIZE) as number;
      checkFootprint(footprint, max);
    }
    this.footprint = footprint;
    if (footprint === null) return;
    gl.activeTexture(gl.TEXTURE0 + UNIT_FOOTPRINT);
    gl.deleteTexture(this.footprintTexture);
    this.footprintTexture = this.texture(gl.R8UI, footprint.width, footprint.height);
    gl.texSubImage2D(
      gl.TEXTURE_2D,
      0,
      0,
      0,
      footprint.width,
      footprint.height,
      gl.RED_INTEGER,
      gl.UNSIGNED_BYTE,
      footprint.mask,
    );
  }

  render(camera: Camera): void {
    this.camera = { ...camera };
    const gl = this.gl;
    if (this.lost) return;
    const { width, height } = this.backing;
    const [r, g, b] = this.style.background;
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    gl.viewport(0, 0, width, height);
    gl.clearColor(r / 255, g / 255, b / 255, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    const size = this.imageSize;
    if (size === undefined || this.image === undefined) return;

    const style = this.style;
    const { program, u } = style.outline || style.selectedId !== 0 ? this.edges : this.fill;
    gl.useProgram(program);
    this.setMapping(u, camera, size);
    gl.uniform1i(u.uHasLabels, this.labels === undefined ? 0 : 1);
    gl.uniform1ui(u.uEntries, this.entries);
    gl.uniform1f(u.uOpacity, style.outline ? 0 : opacityByte(style.opacity));
    gl.uniform1ui(u.uHover, style.hoverId);
    gl.uniform1ui(u.uSelected, style.selectedId);
    gl.uniform1i(u.uOutline, style.outline ? 1 : 0);
    gl.uniform1i(u.uGrid, style.grid && camera.zoom >= GRID_MIN_ZOOM ? 1 : 0);
    gl.uniform3f(u.uSelectedColor, ...style.selectedColor);
    gl.activeTexture(gl.TEXTURE0 + UNIT_PALETTE);
    gl.bindTexture(gl.TEXTURE_2D, this.palette);
    for (const tile of this.tiles) {
      if (!this.setQuad(u, tile.core, camera)) continue;
      gl.uniform4i(u.uCore, tile.core.x, tile.core.y, tile.core.width, tile.core.height);
      gl.uniform2i(u.uTexOrigin, tile.texels.x, tile.texels.y);
      gl.activeTexture(gl.TEXTURE0 + UNIT_LABELS);
      gl.bindTexture(gl.TEXTURE_2D, tile.labels ?? this.emptyLabels);
      gl.activeTexture(gl.TEXTURE0 + UNIT_IMAGE);
      gl.bindTexture(gl.TEXTURE_2D, tile.image);
      gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
    }

    const fp = this.footprint;
    if (fp === null) return;
    const cursor = this.cursor.u;
    gl.useProgram(this.cursor.program);
    this.setMapping(cursor, camera, size);
    if (!this.setQuad(cursor, fp, camera)) return;
    gl.uniform4i(cursor.uFootprintRect, fp.x, fp.y, fp.width, fp.height);
    gl.uniform3f(cursor.uFootprintColor, ...style.footprintColor);
    gl.activeTexture(gl.TEXTURE0 + UNIT_FOOTPRINT);
    gl.bindTexture(gl.TEXTURE_2D, this.footprintTexture);
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
  }

  /** The uniforms of the device-pixel-to-image-pixel mapping every program shares. */
  private setMapping(u: Uniforms, camera: Camera, size: Size): void {
    const gl = this.gl;
    const { height, scaleX, scaleY } = this.backing;
    gl.uniform1f(u.uCanvasHeight, height);
    gl.uniform2f(u.uScale, scaleX, scaleY);
    gl.uniform1f(u.uZoom, camera.zoom);
    gl.uniform2f(u.uOffset, camera.x, camera.y);
    gl.uniform2i(u.uImageSize, size.width, size.height);
    gl.uniform2f(u.uBand, bandWidth(scaleX), bandWidth(scaleY));
  }

  /**
   * Sets uQuad to `rect`'s device rectangle, a device pixel wider each side (the shaders discard what is
   * not theirs); false when none of it is on the canvas.
   */
  private setQuad(u: Uniforms, rect: Rect, camera: Camera): boolean {
    const { width, height, scaleX, scaleY } = this.backing;
    const kx = scaleX * camera.zoom;
    const ky = scaleY * camera.zoom;
    const left = Math.max(-1, (rect.x - camera.x) * kx - 1);
    const right = Math.min(width + 1, (rect.x + rect.width - camera.x) * kx + 1);
    const top = Math.max(-1, (rect.y - camera.y) * ky - 1);
    const bottom = Math.min(height + 1, (rect.y + rect.height - camera.y) * ky + 1);
    if (right <= 0 || bottom <= 0 || left >= width || top >= height) return false;
    const x0 = (left / width) * 2 - 1;
    const y0 = 1 - (top / height) * 2;
    this.gl.uniform4f(u.uQuad, x0, y0, (right / width) * 2 - 1, 1 - (bottom / height) * 2);
    return true;
  }

  readLabels(rect: Rect): Uint32Array {
    const size = this.imageSize;
    checkReadRect(rect, size);
    const out = new Uint32Array(rect.width * rect.height);
    if (this.labels === undefined) return out;
    const gl = this.gl;
    gl.bindFramebuffer(gl.FRAMEBUFFER, this.readBuffer);
    for (const tile of this.tiles) {
      const part = intersect(tile.core, rect);
      if (part === undefined) continue;
      gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, tile.labels, 0);
      const rowsPerRead = Math.max(1, Math.floor(READ_CHUNK_PIXELS / part.width));
      for (let y = part.y; y < part.y + part.height; y += rowsPerRead) {
        const rows = Math.min(rowsPerRead, part.y + part.height - y);
        const count = part.width * rows * 4;
        if (this.scratchRead.length < count) this.scratchRead = new Uint32Array(count);
        const pixels = this.scratchRead.subarray(0, count);
        // Texture row 0 is the image's top row, and readPixels' row 0 is the texture's row 0: no flip.
        gl.readPixels(
          part.x - tile.texels.x,
          y - tile.texels.y,
          part.width,
          rows,
          gl.RGBA_INTEGER,
          gl.UNSIGNED_INT,
          pixels,
        );
        for (let j = 0; j < rows; j++) {
          let o = (y + j - rect.y) * rect.width + (part.x - rect.x);
          for (let i = 0, q = j * part.width * 4; i < part.width; i++, q += 4) out[o++] = pixels[q];
        }
      }
    }
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    return out;
  }

  readScreen(): Screen {
    // The drawing buffer is not preserved between frames: draw again and read in the same task.
    this.render(this.camera);
    const gl = this.gl;
    const { width, height } = this.backing;
    const raw = new Uint8Array(width * height * 4);
    gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, raw);
    const data = new Uint8Array(raw.length);
    const stride = width * 4;
    for (let y = 0; y < height; y++)
      data.set(raw.subarray((height - 1 - y) * stride, (height - y) * stride), y * stride);
    return { width, height, data };
  }

  dispose(): void {
    const gl = this.gl;
    for (const tile of this.tiles) {
      gl.deleteTexture(tile.image);
      gl.deleteTexture(tile.labels);
    }
    this.tiles = [];
    gl.deleteTexture(this.palette);
    gl.deleteTexture(this.footprintTexture);
    gl.deleteTexture(this.emptyLabels);
    gl.deleteFramebuffer(this.readBuffer);
    for (const { program } of [this.fill, this.edges, this.cursor]) gl.deleteProgram(program);
    this.canvas.removeEventListener('webglcontextlost', this.onLost);
    this.canvas.removeEventListener('webglcontextrestored', this.onRestored);
    // Frees the GPU memory now rather than when the canvas is collected.
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
}
