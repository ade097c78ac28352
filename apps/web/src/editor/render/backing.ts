/**
 * The canvas's backing store: the viewport's CSS size × devicePixelRatio, clamped so it stays within
 * Chromium's canvas limits at any ratio (a canvas the image's size × zoom is what blanks CVAT on HiDPI
 * screens, CVAT #11110). Pure: no DOM.
 *
 * Example: a 1200 × 800 CSS view at ratio 2 is 2400 × 1600 device pixels; at ratio 12 it would be
 * 14400 × 9600, so it is scaled down to 8192 × 5461 (scale 6.83 on x, 6.83 on y).
 */

/**
 * At most this many device pixels a side: Chromium's canvas allows 32767, GPUs guarantee far less for a
 * drawing buffer (WebGL2: MAX_RENDERBUFFER_SIZE >= 2048; 8192 or 16384 on today's GPUs), and a screen is
 * at most 7680 device pixels wide (8K).
 */
export const MAX_BACKING_SIDE = 8192;
/** At most this many device pixels in all (256 MB of RGBA); Chromium's own limit is 16384². */
export const MAX_BACKING_AREA = 8192 * 8192;

export interface BackingStore {
  /** canvas.width and canvas.height. */
  width: number;
  height: number;
  /** Device pixels per CSS pixel on each axis as displayed: width / cssWidth (1 when cssWidth is 0). */
  scaleX: number;
  scaleY: number;
}

export function backingStoreSize(
  cssWidth: number,
  cssHeight: number,
  devicePixelRatio: number,
  maxSide = MAX_BACKING_SIDE,
  maxArea = MAX_BACKING_AREA,
): BackingStore {
  const w = Number.isFinite(cssWidth) && cssWidth > 0 ? cssWidth : 0;
  const h = Number.isFinite(cssHeight) && cssHeight > 0 ? cssHeight : 0;
  const ratio = Number.isFinite(devicePixelRatio) && devicePixelRatio > 0 ? devicePixelRatio : 1;
  if (w === 0 || h === 0) return { width: 1, height: 1, scaleX: 1, scaleY: 1 };
  const scale = Math.min(ratio, maxSide / w, maxSide / h, Math.sqrt(maxArea / (w * h)));
  const width = Math.max(1, Math.min(maxSide, Math.round(w * scale)));
  const height = Math.max(1, Math.min(maxSide, Math.round(h * scale)));
  return { width, height, scaleX: width / w, scaleY: height / h };
}
