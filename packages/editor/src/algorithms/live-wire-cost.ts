/**
 * The local cost of the edge-following lasso (intelligent scissors, Mortensen & Barrett, "Intelligent
 * Scissors for Image Composition", SIGGRAPH 1995): low on strong edges, high in flat areas.
 *
 *   cost(q) = round(255 · (0.43 · fZ(q) + 0.43 · fG(q) + 0.14))      an integer in 36..255
 *
 * on the luminance Y = (77 R + 150 G + 29 B) >> 8 blurred with the 3×3 binomial kernel [1 2 1]ᵀ[1 2 1]
 * (borders replicated):
 * - fG = 1 − min(G, Gref) / Gref with G the Sobel gradient magnitude and Gref the 99th percentile
 *   of the magnitudes ≥ 16 (one grey level of the blurred ×16 luminance), rounded up to a multiple of
 *   16: one very strong edge does not flatten all others, and a mostly flat image keeps its few
 *   edges strong; fG = 1 everywhere on an image without such gradients.
 * - fZ = 0 on a Laplacian zero crossing, else 1: the 4-neighbour Laplacian L changes sign between q
 *   and a 4-neighbour and |L(q)| is the smaller of the two (the pixel nearer the crossing).
 * - The constant 0.14 stands in for M&B's gradient-direction term fD (weight 0.14): it is a per-link
 *   term that would double the work of every relaxation, so it is left out; the constant keeps paths
 *   from wandering, as fD's smoothness does.
 * A step onto q costs cost(q) to a 4-neighbour and `diagonalStepCost(cost(q))` ≈ √2 · cost(q) to a
 * diagonal neighbour (M&B scale the gradient term by link length the same way).
 * Cost: four sequential passes over the image and 7 bytes a pixel of intermediates while it runs.
 */

const FLAT = Math.round(255 * 0.14);

/** The cost of a diagonal step onto a pixel of local cost c: c · 181/128 (≈ √2), rounded. */
export function diagonalStepCost(c: number): number {
  return (c * 181 + 64) >> 7;
}

/** Writes the local cost of every pixel of `rgba` (row-major) into `out`. */
export function liveWireCost(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  out: Uint8Array,
): void {
  const n = width * height;
  if (n === 0) return;
  // Seven bytes a pixel of intermediates, allocated per call and dropped on return: setImage runs
  // once per image, and keeping ~90 MB for a 4096×3072 image between images would cost more heap.
  const luma = new Uint8Array(n);
  const smooth = new Uint16Array(n);
  const laplacian = new Int16Array(n);
  const gradient = new Uint16Array(n);
  for (let i = 0, o = 0; i < n; i++, o += 4) luma[i] = (77 * rgba[o] + 150 * rgba[o + 1] + 29 * rgba[o + 2]) >> 8;
  // Binomial blur ×16 (0..4080), borders replicated.
  for (let y = 0; y < height; y++) {
    const up = (y > 0 ? y - 1 : 0) * width;
    const row = y * width;
    const down = (y < height - 1 ? y + 1 : y) * width;
    for (let x = 0; x < width; x++) {
      const l = x > 0 ? x - 1 : 0;
      const r = x < width - 1 ? x + 1 : x;
      smooth[row + x] =
        luma[up + l] +
        2 * luma[up + x] +
        luma[up + r] +
        2 * (luma[row + l] + 2 * luma[row + x] + luma[row + r]) +
        luma[down + l] +
        2 * luma[down + x] +
        luma[down + r];
    }
  }
  // Sobel magnitude (< 23,100) and 4-neighbour Laplacian (|L| ≤ 16,320) of the blurred luminance;
  // magnitudes binned (bin = G >> 4) to find the 99th percentile of those ≥ 16.
  const histogram = new Uint32Array(1500);
  for (let y = 0; y < height; y++) {
    const up = (y > 0 ? y - 1 : 0) * width;
    const row = y * width;
    const down = (y < height - 1 ? y + 1 : y) * width;
    for (let x = 0; x < width; x++) {
      const l = x > 0 ? x - 1 : 0;
      const r = x < width - 1 ? x + 1 : x;
      const gx =
        smooth[up + r] +
        2 * smooth[row + r] +
        smooth[down + r] -
        smooth[up + l] -
        2 * smooth[row + l] -
        smooth[down + l];
      const gy =
        smooth[down + l] +
        2 * smooth[down + x] +
        smooth[down + r] -
        smooth[up + l] -
        2 * smooth[up + x] -
        smooth[up + r];
      const g = Math.round(Math.sqrt(gx * gx + gy * gy));
      gradient[row + x] = g;
      histogram[g >> 4]++;
      laplacian[row + x] = 4 * smooth[row + x] - smooth[row + l] - smooth[row + r] - smooth[up + x] - smooth[down + x];
    }
  }
  const edges = n - histogram[0];
  let reference = 0;
  for (let bin = 1, seen = 0; bin < histogram.length && edges > 0; bin++) {
    seen += histogram[bin];
    if (seen >= edges * 0.99) {
      reference = (bin + 1) << 4;
      break;
    }
  }
  // cost = round(255 · (0.43 fZ + 0.43 fG)) + FLAT, tabled over min(G, reference) for fZ = 1 and 0.
  const off = new Uint8Array(reference + 1);
  const on = new Uint8Array(reference + 1);
  for (let g = 0; g <= reference; g++) {
    const fG = reference === 0 ? 1 : 1 - g / reference;
    off[g] = Math.round(255 * (0.43 + 0.43 * fG)) + FLAT;
    on[g] = Math.round(255 * (0.43 * fG)) + FLAT;
  }
  const last = n - width;
  for (let i = 0, x = 0; i < n; i++, x = x === width - 1 ? 0 : x + 1) {
    const g = gradient[i] < reference ? gradient[i] : reference;
    // Zero crossing: L changes sign towards a 4-neighbour and |L| here is the smaller.
    const v = laplacian[i];
    let crossing = false;
    if (v !== 0) {
      const m = v < 0 ? -v : v;
      if (
        (x > 0 && crosses(v, m, laplacian[i - 1])) ||
        (x < width - 1 && crosses(v, m, laplacian[i + 1])) ||
        (i >= width && crosses(v, m, laplacian[i - width])) ||
        (i < last && crosses(v, m, laplacian[i + width]))
      ) {
        crossing = true;
      }
    }
    out[i] = crossing ? on[g] : off[g];
  }
}

/** Whether L = v (|v| = m) and a neighbour's L = w straddle zero with |v| the smaller. */
function crosses(v: number, m: number, w: number): boolean {
  return w !== 0 && (v ^ w) < 0 && m <= (w < 0 ? -w : w);
}
