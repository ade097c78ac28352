/**
 * boundary-iou-api's `mask_to_boundary` written out literally, for the property tests: pad with one
 * zero pixel (cv2.copyMakeBorder), erode d times with a 3×3 square whose out-of-image neighbours are
 * ignored (cv2.erode's default border for erosion), crop, subtract. O(d·h·w); tests only.
 */
import type { Bitmap } from '../../src/rle/types.js';

export function referenceBoundary(mask: Bitmap, d: number): Bitmap {
  const { height: h, width: w, data } = mask;
  const ph = h + 2;
  const pw = w + 2;
  let padded = new Uint8Array(ph * pw);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) padded[(y + 1) * pw + x + 1] = data[y * w + x] !== 0 ? 1 : 0;
  for (let iteration = 0; iteration < d; iteration++) {
    const next = new Uint8Array(ph * pw);
    for (let y = 0; y < ph; y++) {
      for (let x = 0; x < pw; x++) {
        let v = 1;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const yy = y + dy;
            const xx = x + dx;
            if (yy >= 0 && yy < ph && xx >= 0 && xx < pw) v &= padded[yy * pw + xx];
          }
        }
        next[y * pw + x] = v;
      }
    }
    padded = next;
  }
  const out = new Uint8Array(h * w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      out[i] = (data[i] !== 0 ? 1 : 0) - padded[(y + 1) * pw + x + 1];
    }
  }
  return { height: h, width: w, data: out };
}
