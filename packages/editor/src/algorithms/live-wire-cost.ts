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
 * Cost: five sequential passes over the image; scratch buffers grow and are reused.
 */

const FLAT = Math.round(255 * 0.14);

/** The cost of a diagonal step onto a pixel of local cost c: c · 181/128 (≈ √2), rounded. */
export function diagonalStepCost(c: number): number {
  return (c * 181 + 64) >> 7;
}

let luma = new Uint8Array(0);
let smooth = new Uint16Array(0);
let laplacian = new Int16Array(0);

/** Writes the local cost of every pixel of `rgba` (row-major) into `out`. */
export function liveWireCost(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  out: Uint8Array,
): void {
  const n = width * height;
  if (n === 0) return;
  if (luma.length < n) {
    luma = new Uint8Array(n);
    smooth = new Uint16Array(n);
    laplacian = new Int16Array(n);
  }
  for (let i = 0, o = 0; i < n; i++, o += 4) luma[i] = (77 * rgba[o] + 150 * rgba[o + 1] + 29 * rgba[o + 2]) >> 8;
  // Binomial blur ×16 (0..4080): rows then columns would need a second buffer; the 3×3 sum is direct.
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
  // Gradient magnitudes, binned (bin = G >> 4, G < 23,100) to find the 99th percentile of those ≥ 16.
  const histogram = new Uint32Array(1500);
  forEachGradient(width, height, (_i, g) => {
    histogram[g >> 4]++;
  });
  const edges = n - histogram[0];
  let reference = 0;
  for (let bin = 1, seen = 0; bin < histogram.length && edges > 0; bin++) {
    seen += histogram[bin];
    if (seen >= edges * 0.99) {
      reference = (bin + 1) << 4;
      break;
    }
  }
  for (let y = 0; y < height; y++) {
    const up = (y > 0 ? y - 1 : 0) * width;
    const row = y * width;
    const down = (y < height - 1 ? y + 1 : y) * width;
    for (let x = 0; x < width; x++) {
      const l = x > 0 ? x - 1 : 0;
      const r = x < width - 1 ? x + 1 : x;
      laplacian[row + x] = 4 * smooth[row + x] - smooth[row + l] - smooth[row + r] - smooth[up + x] - smooth[down + x];
    }
  }
  forEachGradient(width, height, (i, g) => {
    const fG = reference === 0 ? 1 : g >= reference ? 0 : 1 - g / reference;
    const fZ = isZeroCrossing(i, width, height) ? 0 : 1;
    out[i] = Math.round(255 * (0.43 * fZ + 0.43 * fG)) + FLAT;
  });
}

function isZeroCrossing(i: number, width: number, height: number): boolean {
  const v = laplacian[i];
  if (v === 0) return false;
  const x = i % width;
  const magnitude = v < 0 ? -v : v;
  const crosses = (j: number): boolean => {
    const w = laplacian[j];
    return (v > 0 ? w < 0 : w > 0) && magnitude <= (w < 0 ? -w : w);
  };
  return (
    (x > 0 && crosses(i - 1)) ||
    (x < width - 1 && crosses(i + 1)) ||
    (i >= width && crosses(i - width)) ||
    (i < (height - 1) * width && crosses(i + width))
  );
}

/** Calls visit(i, G) with the integer Sobel magnitude of the blurred luminance at every pixel. */
function forEachGradient(width: number, height: number, visit: (i: number, g: number) => void): void {
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
      visit(row + x, Math.round(Math.sqrt(gx * gx + gy * gy)));
    }
  }
}
