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

  const entries = palette.length >> 2;
  const opacity = style.outline ? 0 : opacityByte(style.opacity);
  const hoverId = style.hoverId >>> 0;
  const selectedId = style.selectedId >>> 0;
  const outline = style.outline;
  const grid = style.grid && camera.zoom >= GRID_MIN_ZOOM;
  const [bgR, bgG, bgB] = style.background;
  const [selR, selG, selB] = style.selectedColor;
  const [fpR, fpG, fpB] = style.footprintColor;
  const fp = frame.footprint;
  const fpX = fp?.x ?? 0;
  const fpY = fp?.y ?? 0;
  const fpW = fp?.width ?? 0;
  const fpH = fp?.height ?? 0;
  const fpMask = fp?.mask;

  const x0 = Math.max(0, region?.x0 ?? 0);
  const x1 = Math.min(width, region?.x1 ?? width);
  const y0 = Math.max(0, region?.y0 ?? 0);
  const y1 = Math.min(height, region?.y1 ?? height);
  for (let j = y0; j < y1; j++) {
    const py = rowPixel[j];
    const rf = rowFlags[j];
    for (let i = x0, o = (j * width + x0) * 4; i < x1; i++, o += 4) {
      const px = columnPixel[i];
      if (py < 0 || px < 0) {
        out[o] = bgR;
        out[o + 1] = bgG;
        out[o + 2] = bgB;
        out[o + 3] = 255;
        continue;
      }
      const cf = columnFlags[i];
      const p = py * iw + px;
      let r = image[p * 4];
      let g = image[p * 4 + 1];
      let b = image[p * 4 + 2];
      const id = labels === null ? 0 : labels[p];
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
        [cr, cg, cb] = UNKNOWN_COLOR;
        ca = 255;
      }
      if (ca !== 0) {
        let alpha = opacity;
        if (id === hoverId && hoverId !== 0) alpha = Math.min(255, alpha + HOVER_BOOST);
        if ((cf | rf) & (NEAR_LOW | NEAR_HIGH) && (outline || (id === selectedId && selectedId !== 0))) {
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
        r = blend(r, cr, alpha);
        g = blend(g, cg, alpha);
        b = blend(b, cb, alpha);
      }
      if (grid && (cf | rf) & GRID) {
        r = blend(r, GRID_COLOR[0], GRID_ALPHA);
        g = blend(g, GRID_COLOR[1], GRID_ALPHA);
        b = blend(b, GRID_COLOR[2], GRID_ALPHA);
      }
      if (fpMask !== undefined && (cf | rf) & (NEAR_LOW | NEAR_HIGH)) {
        const fx = px - fpX;
        const fy = py - fpY;
        if (fx >= 0 && fy >= 0 && fx < fpW && fy < fpH && fpMask[fy * fpW + fx] !== 0) {
          const q = fy * fpW + fx;
          const edge =
            (cf & NEAR_LOW && (fx === 0 || fpMask[q - 1] === 0)) ||
            (cf & NEAR_HIGH && (fx === fpW - 1 || fpMask[q + 1] === 0)) ||
            (rf & NEAR_LOW && (fy === 0 || fpMask[q - fpW] === 0)) ||
            (rf & NEAR_HIGH && (fy === fpH - 1 || fpMask[q + fpW] === 0));
          if (edge) {
            r = fpR;
            g = fpG;
            b = fpB;
          }
        }
      }
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
      out[o + 3] = 255;
    }
  }
}
