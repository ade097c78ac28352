/** Seeded generators for benchmarks: mulberry32 and "blob" masks (unions of ellipses and boxes, some holes). */

// core's public mulberry32 (the build output: `npm run bench` builds first).
export { mulberry32 } from '../../packages/core/dist/index.js';

/**
 * A row-major 0/1 "blob" mask: a cluster of 6-11 ellipses and rectangles around a random centre,
 * later shapes punching holes a third of the time. Sized so that 480×640 masks average about the
 * 1,271-character compressed strings of the reference timings' blob masks.
 */
export function blobMask(random, height, width, shapes = 6 + Math.floor(random() * 6)) {
  const data = new Uint8Array(height * width);
  const scale = Math.min(height, width) * (0.25 + random() * 0.5);
  const centreX = random() * width;
  const centreY = random() * height;
  for (let s = 0; s < shapes; s++) {
    const cx = centreX + (random() - 0.5) * scale * 2;
    const cy = centreY + (random() - 0.5) * scale * 2;
    const rx = scale * (0.2 + random() * 0.6);
    const ry = scale * (0.2 + random() * 0.6);
    const value = s > 0 && random() < 0.3 ? 0 : 1;
    const ellipse = random() < 0.6;
    const y0 = Math.max(0, Math.floor(cy - ry));
    const y1 = Math.min(height - 1, Math.ceil(cy + ry));
    const x0 = Math.max(0, Math.floor(cx - rx));
    const x1 = Math.min(width - 1, Math.ceil(cx + rx));
    for (let y = y0; y <= y1; y++) {
      const dy = (y + 0.5 - cy) / ry;
      for (let x = x0; x <= x1; x++) {
        const dx = (x + 0.5 - cx) / rx;
        if (!ellipse || dx * dx + dy * dy <= 1) data[y * width + x] = value;
      }
    }
  }
  return { height, width, data };
}

export function noiseMask(random, height, width, p = 0.5) {
  const data = new Uint8Array(height * width);
  for (let i = 0; i < data.length; i++) data[i] = random() < p ? 1 : 0;
  return { height, width, data };
}

/** A random star-shaped polygon with `k` vertices around (cx, cy), flat [x0, y0, ...]. */
export function starPolygon(random, cx, cy, radius, k) {
  const xy = [];
  for (let i = 0; i < k; i++) {
    const angle = (2 * Math.PI * (i + random() * 0.8)) / k;
    const r = radius * (0.4 + 0.6 * random());
    xy.push(Math.round((cx + r * Math.cos(angle)) * 100) / 100, Math.round((cy + r * Math.sin(angle)) * 100) / 100);
  }
  return xy;
}
