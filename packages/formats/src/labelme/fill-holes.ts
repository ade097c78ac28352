/**
 * A mask with its holes filled: every background pixel that cannot reach the image border through
 * background (8-connected, as core's contour tracer counts background) becomes foreground. labelme
 * polygons are simple rings, so this is the mask a labelme writer can draw. Cost: one pass over the
 * pixels plus a flood fill of the outside; a mask without holes is returned as it is.
 *
 *   # # # # .        # # # # .
 *   # . . # .   →    # # # # .
 *   # # # # .        # # # # .
 */
import { type Bitmap, decode, encode, type Rle, traceContours } from '@segkit/core';

/** Flood-fill queue, grown on demand. */
let queue = new Int32Array(1024);

export function hasHoles(rle: Rle): boolean {
  const { parent } = traceContours(rle);
  for (let r = 0; r < parent.length; r++) if (parent[r] >= 0) return true;
  return false;
}

export function fillHoles(rle: Rle): Rle {
  if (!hasHoles(rle)) return rle;
  const { height: h, width: w, data } = decode(rle);
  // 0 = background not yet reached, 1 = foreground, 2 = outside (background reached from the border).
  const state = Uint8Array.from(data, (v) => (v !== 0 ? 1 : 0));
  if (queue.length < h * w) queue = new Int32Array(h * w);
  let tail = 0;
  const seed = (i: number) => {
    if (state[i] === 0) {
      state[i] = 2;
      queue[tail++] = i;
    }
  };
  for (let x = 0; x < w; x++) {
    seed(x);
    seed((h - 1) * w + x);
  }
  for (let y = 0; y < h; y++) {
    seed(y * w);
    seed(y * w + w - 1);
  }
  for (let head = 0; head < tail; head++) {
    const i = queue[head];
    const y = (i / w) | 0;
    const x = i - y * w;
    for (let dy = -1; dy <= 1; dy++) {
      const yy = y + dy;
      if (yy < 0 || yy >= h) continue;
      for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx;
        if (xx >= 0 && xx < w) seed(yy * w + xx);
      }
    }
  }
  const filled = new Uint8Array(h * w);
  for (let i = 0; i < filled.length; i++) filled[i] = state[i] === 2 ? 0 : 1;
  const bitmap: Bitmap = { height: h, width: w, data: filled };
  return encode(bitmap);
}
