/**
 * The frame rules of rules.ts on the CPU: every device pixel of a frame, computed from the image's
 * RGBA, the label ids and the palette. The Canvas 2D backend draws what this writes (putImageData), and
 * its output is byte-identical to the WebGL2 shader's. Pure: no DOM.
 *
 * Cost: one pass over the device pixels (about 10 ns each), whatever the zoom; the per-column and
 * per-row mapping to image pixels is computed once a frame into scratch arrays that grow, never churn.
 */

import { UNKNOWN_COLOR } from './palette.js';
import { bandWidth, blend, GRID_ALPHA, GRID_COLOR, GRID_MIN_ZOOM, HOVER_BOOST, opacityByte } from './rules.js';
import type { Camera, Footprint, RenderStyle } from './types.js';

export interface FrameInput {
  /** The canvas in device pixels, and device pixels per CSS pixel on each axis. */
  width: number;
  height: number;
  scaleX: number;
  scaleY: number;
  camera: Camera;
  imageWidth: number;
  imageHeight: number;
  /** The image's RGBA, imageWidth × imageHeight. */
  image: Uint8Array | Uint8ClampedArray;
  /** The label ids, imageWidth × imageHeight; null when none are set (all 0). */
  labels: Uint32Array | null;
  palette: Uint8Array;
  style: RenderStyle;
  footprint: Footprint | null;
}

// Bits of the per-column and per-row flags.
const NEAR_LOW = 1; // within the band of the pixel's left (top) side
const NEAR_HIGH = 2; // within the band of its right (bottom) side
const GRID = 4; // the first device column (row) of the pixel

let columnPixel = new Int32Array(0);
let columnFlags = new Uint8Array(0);
let rowPixel = new Int32Array(0);
let rowFlags = new Uint8Array(0);

/** Maps device columns (or rows) to image pixels (-1 off the image) and their band flags. */
function mapAxis(
  count: number,
  scale: number,
  zoom: number,
  offset: number,
  size: number,
  pixel: Int32Array,
  flags: Uint8Array,
): void {
  const k = scale * zoom;
  const band = bandWidth(scale);
  for (let i = 0; i < count; i++) {
    const centre = i + 0.5;
    const p = Math.floor(centre / k + offset);
    if (p < 0 || p >= size) {
      pixel[i] = -1;
      flags[i] = 0;
      continue;
    }
    const low = centre - (p - offset) * k;
    const high = (p - offset + 1) * k - centre;
    pixel[i] = p;
    flags[i] = (low < band ? NEAR_LOW : 0) | (high < band ? NEAR_HIGH : 0) | (low < 1 ? GRID : 0);
  }
}

/**
 * How far a frame at camera `next` is the frame at `previous` moved by whole device pixels: the
 * (dx, dy) for which every device column i of `next` shows the image column, with the same band
 * flags, that column i - dx of `previous` showed (rows likewise), checked column by column, not
 * assumed from the cameras (floating-point offsets can round a column differently). Null when the
 * zoom differs or no such shift exists; then the frame is composed whole. A pan by whole device
 * pixels (a drag, at devicePixelRatio 1) reuses all but the strips it uncovers.
 */
export function frameShift(
  frame: Omit<FrameInput, 'camera' | 'image' | 'labels' | 'palette' | 'style' | 'footprint'>,
  previous: Camera,
  next: Camera,
): { dx: number; dy: number } | null {
  if (previous.zoom !== next.zoom) return null;
  const dx = Math.round((previous.x - next.x) * frame.scaleX * next.zoom);
  const dy = Math.round((previous.y - next.y) * frame.scaleY * next.zoom);
  if (Math.abs(dx) >= frame.width || Math.abs(dy) >= frame.height) return null;
  const axis = (count: number, scale: number, before: number, after: number, size: number, shift: number) => {
    if (shiftA.length < count) {
      shiftA = new Int32Array(count);
      shiftB = new Int32Array(count);
      shiftFlagsA = new Uint8Array(count);
      shiftFlagsB = new Uint8Array(count);
    }
    mapAxis(count, scale, next.zoom, before, size, shiftA, shiftFlagsA);
    mapAxis(count, scale, next.zoom, after, size, shiftB, shiftFlagsB);
    for (let i = Math.max(0, shift); i < Math.min(count, count + shift); i++) {
      if (shiftB[i] !== shiftA[i - shift] || shiftFlagsB[i] !== shiftFlagsA[i - shift]) return false;
    }
    return true;
  };
  if (!axis(frame.width, frame.scaleX, previous.x, next.x, frame.imageWidth, dx)) return null;
  if (!axis(frame.height, frame.scaleY, previous.y, next.y, frame.imageHeight, dy)) return null;
  return { dx, dy };
}

let shiftA = new Int32Array(0);
let shiftB = new Int32Array(0);
let shiftFlagsA = new Uint8Array(0);
let shiftFlagsB = new Uint8Array(0);

/**
 * Moves the pixels of a width × height RGBA frame by (dx, dy) in place; what is uncovered keeps its
 * old bytes (the caller composes those strips).
 */
export function shiftFrame(
  out: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  dx: number,
  dy: number,
): void {
  const words = wordsOf(out);
  const length = width - Math.abs(dx);
  if (length <= 0 || Math.abs(dy) >= height) return;
  const from = Math.max(0, -dx);
  const to = Math.max(0, dx);
  // Rows in the order that never reads a row already overwritten.
  if (dy > 0) {
    for (let j = height - 1; j >= dy; j--)
      words.copyWithin(j * width + to, (j - dy) * width + from, (j - dy) * width + from + length);
  } else {
    for (let j = 0; j < height + dy; j++)
      words.copyWithin(j * width + to, (j - dy) * width + from, (j - dy) * width + from + length);
  }
}

/** Device pixels [x0, x1) × [y0, y1). */
export interface DeviceRegion {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Writes the frame's RGBA (alpha 255) into `out`, width × height × 4 bytes: every pixel, or only those of
 * `region` (the rest of `out` is left as it was).
 *
 * A device pixel's colour depends only on its image pixel and its column's and row's band flags, so
 * at zoom above 1 the pixels of a row that repeat the previous one's image pixel and flags repeat its
 * colour, and a row that repeats the previous row's image row and flags is a copy of it: the work
 * follows the image pixels in view, not the device pixels. Flags that cannot change a colour in this
 * frame (bands without outline, selection or footprint; the grid below its zoom) are left out of
 * those comparisons. Pixels are written as 32-bit words.
 */
export function composeFrame(frame: FrameInput, out: Uint8Array | Uint8ClampedArray, region?: DeviceRegion): void {
  const { width, height, camera, imageWidth: iw, imageHeight: ih, image, labels, palette, style } = frame;
  if (columnPixel.length < width) {
    columnPixel = new Int32Array(width);
    columnFlags = new Uint8Array(width);
  }
  if (rowPixel.length < height) {
    rowPixel = new Int32Array(height);
    rowFlags = new Uint8Array(height);
  }
  mapAxis(width, frame.scaleX, camera.zoom, camera.x, iw, columnPixel, columnFlags);
  mapAxis(height, frame.scaleY, camera.zoom, camera.y, ih, rowPixel, rowFlags);
  const words = wordsOf(out);

  const entries = palette.length >> 2;
  const opacity = style.outline ? 0 : opacityByte(style.opacity);
  const hoverId = style.hoverId >>> 0;
  const selectedId = style.selectedId >>> 0;
  const outline = style.outline;
  const grid = style.grid && camera.zoom >= GRID_MIN_ZOOM;
  const [bgR, bgG, bgB] = style.background;
  const background = pack(bgR, bgG, bgB);
  const [selR, selG, selB] = style.selectedColor;
  const footprintWord = pack(...style.footprintColor);
  const fp = frame.footprint;
  const fpX = fp?.x ?? 0;
  const fpY = fp?.y ?? 0;
  const fpW = fp?.width ?? 0;
  const fpH = fp?.height ?? 0;
  const fpMask = fp?.mask;
  // The flag bits that can change a colour: bands for outlines, the selection and the footprint's
  // rows; the grid bit at the grid's zoom.
  const gridBits = grid ? GRID : 0;
  const bandsEverywhere = outline || selectedId !== 0;

  const x0 = Math.max(0, region?.x0 ?? 0);
  const x1 = Math.min(width, region?.x1 ?? width);
  const y0 = Math.max(0, region?.y0 ?? 0);
  const y1 = Math.min(height, region?.y1 ?? height);
  // The fast path's tables: per palette entry, 255 - its fill alpha (255: shown as the image) and its
  // colour times that alpha plus the rounding term; and the image as little-endian RGBA words.
  fillTables(palette, entries, opacity, hoverId);
  const pixels32 =
    LITTLE_ENDIAN && image.byteOffset % 4 === 0 ? new Uint32Array(image.buffer, image.byteOffset, iw * ih) : undefined;
  let lastPy = -2;
  let lastRowKey = -1;
  for (let j = y0; j < y1; j++) {
    const py = rowPixel[j];
    const rowStart = j * width;
    if (py < 0) {
      words.fill(background, rowStart + x0, rowStart + x1);
      lastPy = -2;
      continue;
    }
    const inFootprintRows = fpMask !== undefined && py >= fpY && py < fpY + fpH;
    const bandBits = bandsEverywhere || inFootprintRows ? NEAR_LOW | NEAR_HIGH : 0;
    const relevant = bandBits | gridBits;
    const rf = rowFlags[j];
    const rowKey = rf & relevant;
    if (py === lastPy && rowKey === lastRowKey && j > y0) {
      words.copyWithin(rowStart + x0, rowStart - width + x0, rowStart - width + x1);
      continue;
    }
    lastPy = py;
    lastRowKey = rowKey;
    const rowBase = py * iw;
    let lastPx = -2;
    let lastKey = -1;
    let word = 0;
    for (let i = x0; i < x1; i++) {
      const px = columnPixel[i];
      if (px < 0) {
        words[rowStart + i] = background;
        lastPx = -2;
        continue;
      }
      const cf = columnFlags[i];
      const key = cf & relevant;
      if (px === lastPx && key === lastKey) {
        words[rowStart + i] = word;
        continue;
      }
      lastPx = px;
      lastKey = key;
      const p = rowBase + px;
      const flags = (cf | rf) & relevant;
      const id = labels === null ? 0 : labels[p];
      // No grid here, and no band that can show (bands show for outlines, the selected id and the
      // footprint): the colour is the image blended with the id's fill.
      if (
        pixels32 !== undefined &&
        (flags === 0 || ((flags & GRID) === 0 && !outline && !inFootprintRows && (id !== selectedId || id === 0)))
      ) {
        const v = pixels32[p];
        if (id < entries) {
          const keep = fillKeep[id];
          word =
            keep === 255
              ? (v | 0xff000000) >>> 0
              : (0xff000000 |
                  (div255(((v >>> 16) & 255) * keep + fillB[id]) << 16) |
                  (div255(((v >>> 8) & 255) * keep + fillG[id]) << 8) |
                  div255((v & 255) * keep + fillR[id])) >>>
                0;
        } else {
          const alpha = id === hoverId && hoverId !== 0 ? Math.min(255, opacity + HOVER_BOOST) : opacity;
          const keep = 255 - alpha;
          word =
            (0xff000000 |
              (div255(((v >>> 16) & 255) * keep + UNKNOWN_COLOR[2] * alpha + 127) << 16) |
              (div255(((v >>> 8) & 255) * keep + UNKNOWN_COLOR[1] * alpha + 127) << 8) |
              div255((v & 255) * keep + UNKNOWN_COLOR[0] * alpha + 127)) >>>
            0;
        }
        words[rowStart + i] = word;
        continue;
      }
      let r = image[p * 4];
      let g = image[p * 4 + 1];
      let b = image[p * 4 + 2];
      let cr: number;
      let cg: number;
      let cb: number;
      let ca: number;
      if (id < entries) {
        cr = palette[id * 4];
        cg = palette[id * 4 + 1];
        cb = palette[id * 4 + 2];
        ca = palette[id * 4 + 3];
      } else {
        cr = UNKNOWN_COLOR[0];
        cg = UNKNOWN_COLOR[1];
        cb = UNKNOWN_COLOR[2];
        ca = 255;
      }
      if (ca !== 0) {
        let alpha = opacity;
        if (id === hoverId && hoverId !== 0) alpha = Math.min(255, alpha + HOVER_BOOST);
        if (flags & (NEAR_LOW | NEAR_HIGH) && (outline || (id === selectedId && selectedId !== 0))) {
          const edge =
            (cf & NEAR_LOW && (px === 0 || (labels !== null && labels[p - 1] !== id))) ||
            (cf & NEAR_HIGH && (px === iw - 1 || (labels !== null && labels[p + 1] !== id))) ||
            (rf & NEAR_LOW && (py === 0 || (labels !== null && labels[p - iw] !== id))) ||
            (rf & NEAR_HIGH && (py === ih - 1 || (labels !== null && labels[p + iw] !== id)));
          if (edge) {
            alpha = 255;
            if (id === selectedId && selectedId !== 0) {
              cr = selR;
              cg = selG;
              cb = selB;
            }
          }
        }
        const keep = 255 - alpha;
        r = div255(r * keep + cr * alpha + 127);
        g = div255(g * keep + cg * alpha + 127);
        b = div255(b * keep + cb * alpha + 127);
      }
      if (flags & GRID) {
        r = blend(r, GRID_COLOR[0], GRID_ALPHA);
        g = blend(g, GRID_COLOR[1], GRID_ALPHA);
        b = blend(b, GRID_COLOR[2], GRID_ALPHA);
      }
      word = pack(r, g, b);
      if (inFootprintRows && flags & (NEAR_LOW | NEAR_HIGH)) {
        const fx = px - fpX;
        const fy = py - fpY;
        if (fx >= 0 && fx < fpW && fpMask[fy * fpW + fx] !== 0) {
          const q = fy * fpW + fx;
          const edge =
            (cf & NEAR_LOW && (fx === 0 || fpMask[q - 1] === 0)) ||
            (cf & NEAR_HIGH && (fx === fpW - 1 || fpMask[q + 1] === 0)) ||
            (rf & NEAR_LOW && (fy === 0 || fpMask[q - fpW] === 0)) ||
            (rf & NEAR_HIGH && (fy === fpH - 1 || fpMask[q + fpW] === 0));
          if (edge) word = footprintWord;
        }
      }
      words[rowStart + i] = word;
    }
  }
}

let fillKeep = new Uint16Array(0);
let fillR = new Int32Array(0);
let fillG = new Int32Array(0);
let fillB = new Int32Array(0);

function fillTables(palette: Uint8Array, entries: number, opacity: number, hoverId: number): void {
  if (fillKeep.length < entries) {
    fillKeep = new Uint16Array(entries * 2);
    fillR = new Int32Array(entries * 2);
    fillG = new Int32Array(entries * 2);
    fillB = new Int32Array(entries * 2);
  }
  for (let id = 0; id < entries; id++) {
    const alpha =
      palette[id * 4 + 3] === 0 ? 0 : id === hoverId && hoverId !== 0 ? Math.min(255, opacity + HOVER_BOOST) : opacity;
    fillKeep[id] = 255 - alpha;
    fillR[id] = palette[id * 4] * alpha + 127;
    fillG[id] = palette[id * 4 + 1] * alpha + 127;
    fillB[id] = palette[id * 4 + 2] * alpha + 127;
  }
}

/** floor(x / 255) for 0 <= x < 65535 (checked for every such x in editor-compose.test.ts). */
export function div255(x: number): number {
  return (x + 1 + (x >> 8)) >> 8;
}

// RGBA bytes in memory order as one 32-bit word of the platform's byte order, alpha 255.
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

function pack(r: number, g: number, b: number): number {
  return LITTLE_ENDIAN
    ? (0xff000000 | (b << 16) | (g << 8) | r) >>> 0
    : ((r << 24) | (g << 16) | (b << 8) | 0xff) >>> 0;
}

let wordView: Uint32Array | undefined;

/** `out` as 32-bit words (a view kept while `out` is the same buffer). */
function wordsOf(out: Uint8Array | Uint8ClampedArray): Uint32Array {
  if (out.byteOffset % 4 !== 0 || out.byteLength % 4 !== 0) {
    throw new RangeError(
      `a frame buffer must be whole 32-bit words at a 4-byte offset, got ${out.byteLength} bytes at ${out.byteOffset}`,
    );
  }
  if (
    wordView === undefined ||
    wordView.buffer !== out.buffer ||
    wordView.byteOffset !== out.byteOffset ||
    wordView.length !== out.byteLength >> 2
  ) {
    wordView = new Uint32Array(out.buffer, out.byteOffset, out.byteLength >> 2);
  }
  return wordView;
}
