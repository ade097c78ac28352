/**
 * The camera's pure math (no DOM, unit-tested in apps/web/test/editor-camera.test.ts).
 *
 * Contract (docs/editor.md): at zoom Z with offset (x, y), image pixel (px, py) covers CSS pixels
 * [(px - x)·Z, (px - x + 1)·Z) from the top-left of `[data-testid="editor-canvas"]`. So CSS position
 * (u, v) is image point (u / Z + x, v / Z + y), and on image pixel (floor(u / Z + x), floor(v / Z + y)).
 *
 * Example: zoom 4, x = 10, y = 0: CSS (0, 0) to (3.99, 3.99) is pixel (10, 0); CSS (4, 0) is pixel (11, 0).
 */
import type { Camera, Rect } from './types.js';

/** Zoom 32 shows one image pixel as a 32 × 32 CSS square (issue 13: "zoom to 32× with the pixel grid"). */
export const MAX_ZOOM = 32;
/** Small enough to see a 16k-pixel-wide image whole in a 256-pixel panel. */
export const MIN_ZOOM = 1 / 64;

export interface Point {
  x: number;
  y: number;
}

/** The image point (fractional image pixels) under CSS position (u, v). */
export function cssToImage(camera: Camera, u: number, v: number): Point {
  return { x: u / camera.zoom + camera.x, y: v / camera.zoom + camera.y };
}

/** The CSS position of image point (px, py); the top-left corner of pixel (px, py) when they are integers. */
export function imageToCss(camera: Camera, px: number, py: number): Point {
  return { x: (px - camera.x) * camera.zoom, y: (py - camera.y) * camera.zoom };
}

/** The image pixel under CSS position (u, v). */
export function pixelAt(camera: Camera, u: number, v: number): Point {
  const point = cssToImage(camera, u, v);
  return { x: Math.floor(point.x), y: Math.floor(point.y) };
}

export function clampZoom(zoom: number, min = MIN_ZOOM, max = MAX_ZOOM): number {
  if (!Number.isFinite(zoom)) return min;
  return Math.min(max, Math.max(min, zoom));
}

/**
 * The camera at `zoom` (clamped) that keeps the image point under CSS position (u, v) where it is:
 * zooming around the pointer.
 */
export function zoomAt(camera: Camera, u: number, v: number, zoom: number, min = MIN_ZOOM, max = MAX_ZOOM): Camera {
  const next = clampZoom(zoom, min, max);
  const anchor = cssToImage(camera, u, v);
  return { zoom: next, x: anchor.x - u / next, y: anchor.y - v / next };
}

/** The camera after the content moved by (du, dv) CSS pixels (a drag to the right shows more of the left). */
export function panBy(camera: Camera, du: number, dv: number): Camera {
  return { zoom: camera.zoom, x: camera.x - du / camera.zoom, y: camera.y - dv / camera.zoom };
}

/** WheelEvent.deltaMode: 0 pixels, 1 lines, 2 pages. */
const LINE_PIXELS = 16;
const PAGE_PIXELS = 800;
/** exp(-deltaY · k): one 100-pixel wheel notch zooms by e^0.2 ≈ 1.22, so 18 notches go from 1 to 32. */
const WHEEL_RATE = 0.002;

/** The zoom factor a wheel turn asks for: above 1 zooms in (wheel up, negative deltaY). */
export function wheelZoomFactor(deltaY: number, deltaMode: number): number {
  const pixels = deltaMode === 1 ? deltaY * LINE_PIXELS : deltaMode === 2 ? deltaY * PAGE_PIXELS : deltaY;
  if (!Number.isFinite(pixels)) return 1;
  return Math.exp(-pixels * WHEEL_RATE);
}

/**
 * The camera that shows the whole image centred in a cssWidth × cssHeight view, at most at zoom 1 (a
 * small image is not blown up) and an integer zoom when above 1 is not needed.
 */
export function fitCamera(imageWidth: number, imageHeight: number, cssWidth: number, cssHeight: number): Camera {
  if (imageWidth <= 0 || imageHeight <= 0 || cssWidth <= 0 || cssHeight <= 0) return { zoom: 1, x: 0, y: 0 };
  const zoom = clampZoom(Math.min(1, cssWidth / imageWidth, cssHeight / imageHeight));
  return { zoom, x: (imageWidth - cssWidth / zoom) / 2, y: (imageHeight - cssHeight / zoom) / 2 };
}

/**
 * The image pixels a cssWidth × cssHeight view shows, clipped to the image (width or height 0 when none):
 * every pixel any part of which is on screen.
 */
export function visibleRect(
  camera: Camera,
  cssWidth: number,
  cssHeight: number,
  imageWidth: number,
  imageHeight: number,
): Rect {
  const x0 = Math.max(0, Math.floor(camera.x));
  const y0 = Math.max(0, Math.floor(camera.y));
  const x1 = Math.min(imageWidth, Math.ceil(camera.x + cssWidth / camera.zoom));
  const y1 = Math.min(imageHeight, Math.ceil(camera.y + cssHeight / camera.zoom));
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}
