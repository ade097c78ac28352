/**
 * The local cost of the edge-following lasso (intelligent scissors, Mortensen & Barrett, "Intelligent
 * Scissors for Image Composition", SIGGRAPH 1995): low on strong edges, high in flat areas.
 *
 *   cost(q) = round(255 · (0.43 · fZ(q) + 0.43 · fG(q) + 0.14))      an integer in 36..255
 *
 * on the luminance Y = (77 R + 150 G + 29 B) >> 8 blurred with the 3×3 binomial kernel [1 2 1]ᵀ[1 2 1]
 * (borders replicated):
 * - fG = 1 − min(G, Gref) / Gref with G the Sobel gradient magnitude and Gref the 99th percentile
 *   of the magnitudes ≥ 16 (one grey level of the blurred ×16 luminance) at the sample pixels,
 *   rounded up to a multiple of 16: one very strong edge does not flatten all others, and a mostly
 *   flat image keeps its few edges strong; fG = 1 everywhere on an image without such gradients.
 *   The sample pixels are every pixel of an image of up to 2^16 pixels (256 × 256), and beyond that
 *   the pixels at every s-th column and row from (0, 0), s = ⌈√(pixels / 2^16)⌉ (s = 14 at
 *   4096 × 3072: 64k samples, ~12 ms): a fixed grid over the whole image gives the percentile to a
 *   bin or so without a pass over every pixel, so that the costs themselves can be computed block
 *   by block where the live wire's search goes (`liveWireCostBlock`), each equal to the whole
 *   image's (`liveWireCost`).
 * - fZ = 0 on a Laplacian zero crossing, else 1: the 4-neighbour Laplacian L changes sign between q
 *   and a 4-neighbour and |L(q)| is the smaller of the two (the pixel nearer the crossing).
 * - The constant 0.14 stands in for M&B's gradient-direction term fD (weight 0.14): it is a per-link
 *   term that would double the work of every relaxation, so it is left out; the constant keeps paths
 *   from wandering, as fD's smoothness does.
 * A step onto q costs cost(q) to a 4-neighbour and `diagonalStepCost(cost(q))` ≈ √2 · cost(q) to a
 * diagonal neighbour (M&B scale the gradient term by link length the same way).
 * Cost: `liveWireCost`, four sequential passes over the image and 7 bytes a pixel of intermediates
 * while it runs; `gradientReference`, about 100 operations a sample; `liveWireCostBlock`, the same
 * passes over the block grown by 3 pixels (each step reads its neighbours), ~1.5× a pixel's share
 * of `liveWireCost` for a 64 × 64 block.
 */

const FLAT = Math.round(255 * 0.14);

/** The cost of a diagonal step onto a pixel of local cost c: c · 181/128 (≈ √2), rounded. */
export function diagonalStepCost(c: number): number {
  return (c * 181 + 64) >> 7;
}

/** About the most pixels whose gradient goes into Gref's histogram (see the module comment). */
const SAMPLES = 2 ** 16;

/** The step between sample columns and rows for a width × height image: 1 up to 2^16 pixels. */
export function sampleStep(width: number, height: number): number {
  return Math.max(1, Math.ceil(Math.sqrt((width * height) / SAMPLES)));
}

/** The cost of each gradient magnitude 0..reference, off and on a zero crossing. */
export interface CostTables {
  readonly reference: number;
  readonly off: Uint8Array;
  readonly on: Uint8Array;
}

/** Gref from a histogram of magnitudes (bin = G >> 4) of `samples` pixels, then the cost tables. */
export function costTables(histogram: Uint32Array, samples: number): CostTables {
  const edges = samples - histogram[0];
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
  return { reference, off, on };
}

/**
 * Writes the local cost of every pixel of `rgba` (row-major) into `out`: `liveWireCostBlock` over
 * strips of 256 rows, with the image's `gradientReference`, so its scratch stays a strip's size.
 */
export function liveWireCost(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  out: Uint8Array,
): void {
  if (width * height === 0) return;
  const tables = gradientReference(rgba, width, height);
  for (let y = 0; y < height; y += STRIP_ROWS) {
    liveWireCostBlock(rgba, width, height, tables, 0, y, width, Math.min(height, y + STRIP_ROWS), out);
  }
}

const STRIP_ROWS = 256;

/**
 * Gref and the cost tables of an image, from the gradients of its sample pixels alone (each from
 * the 5 × 5 luminances around it): what `liveWireCostBlock` needs before any block.
 */
export function gradientReference(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): CostTables {
  const step = sampleStep(width, height);
  const histogram = new Uint32Array(1500);
  let samples = 0;
  const patch = new Int32Array(25); // luminance at columns clamp(x - 2 .. x + 2), rows clamp(y - 2 .. y + 2)
  const smooth = new Int32Array(9); // blurred at columns x - 1 .. x + 1, rows y - 1 .. y + 1 (clamped)
  const cols = new Int32Array(5);
  for (let y = 0; y < height; y += step) {
    for (let x = 0; x < width; x += step) {
      for (let i = 0; i < 5; i++) cols[i] = Math.min(Math.max(x - 2 + i, 0), width - 1);
      for (let j = 0; j < 5; j++) {
        const row = Math.min(Math.max(y - 2 + j, 0), height - 1) * width;
        for (let i = 0; i < 5; i++) {
          const o = (row + cols[i]) * 4;
          patch[j * 5 + i] = (77 * rgba[o] + 150 * rgba[o + 1] + 29 * rgba[o + 2]) >> 8;
        }
      }
      // A blurred neighbour outside the image is the blurred pixel itself (borders replicated), whose
      // 3 × 3 luminances are the patch's middle ones; inside, the patch's clamped ones are exact.
      for (let b = 0; b < 3; b++) {
        const pb = (b === 0 && y === 0) || (b === 2 && y === height - 1) ? 1 : b;
        for (let a = 0; a < 3; a++) {
          const pa = (a === 0 && x === 0) || (a === 2 && x === width - 1) ? 1 : a;
          const t = pb * 5 + pa;
          smooth[b * 3 + a] =
            patch[t] +
            2 * patch[t + 1] +
            patch[t + 2] +
            2 * (patch[t + 5] + 2 * patch[t + 6] + patch[t + 7]) +
            patch[t + 10] +
            2 * patch[t + 11] +
            patch[t + 12];
        }
      }
      const gx = smooth[2] + 2 * smooth[5] + smooth[8] - smooth[0] - 2 * smooth[3] - smooth[6];
      const gy = smooth[6] + 2 * smooth[7] + smooth[8] - smooth[0] - 2 * smooth[1] - smooth[2];
      histogram[Math.round(Math.sqrt(gx * gx + gy * gy)) >> 4]++;
      samples++;
    }
  }
  return costTables(histogram, samples);
}

// Scratch of liveWireCostBlock, in the frame of the block grown by 3 pixels; grown, never shrunk.
let lumaScratch = new Uint8Array(0);
let smoothScratch = new Uint16Array(0);
let laplacianScratch = new Int16Array(0);

/**
 * Writes the local cost of the pixels [x0, x1) × [y0, y1) of `rgba` into `out` (the whole image's
 * cost array, row-major), exactly as `liveWireCost` would, given the image's `gradientReference`.
 */
export function liveWireCostBlock(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  tables: CostTables,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  out: Uint8Array,
): void {
  // Cost at q needs L on q's 4-neighbours, L and G need the blur one pixel further, the blur the
  // luminance one more: the frame is the block grown by 3 (clipped to the image).
  const fx0 = Math.max(0, x0 - 3);
  const fy0 = Math.max(0, y0 - 3);
  const fx1 = Math.min(width, x1 + 3);
  const fy1 = Math.min(height, y1 + 3);
  const fw = fx1 - fx0;
  const size = fw * (fy1 - fy0);
  if (lumaScratch.length < size) {
    lumaScratch = new Uint8Array(size);
    smoothScratch = new Uint16Array(size);
    laplacianScratch = new Int16Array(size);
  }
  const luma = lumaScratch;
  const smooth = smoothScratch;
  const laplacian = laplacianScratch;
  for (let y = fy0; y < fy1; y++) {
    let o = (y * width + fx0) * 4;
    const row = (y - fy0) * fw - fx0;
    for (let x = fx0; x < fx1; x++, o += 4) luma[row + x] = (77 * rgba[o] + 150 * rgba[o + 1] + 29 * rgba[o + 2]) >> 8;
  }
  // Frame indices below are (y - fy0) · fw + (x - fx0): `row + x` with row = (y - fy0) · fw - fx0.
  const sx0 = Math.max(0, x0 - 2);
  const sx1 = Math.min(width, x1 + 2);
  for (let y = Math.max(0, y0 - 2), ye = Math.min(height, y1 + 2); y < ye; y++) {
    const up = ((y > 0 ? y - 1 : 0) - fy0) * fw - fx0;
    const row = (y - fy0) * fw - fx0;
    const down = ((y < height - 1 ? y + 1 : y) - fy0) * fw - fx0;
    for (let x = sx0; x < sx1; x++) {
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
  const lx0 = Math.max(0, x0 - 1);
  const lx1 = Math.min(width, x1 + 1);
  for (let y = Math.max(0, y0 - 1), ye = Math.min(height, y1 + 1); y < ye; y++) {
    const up = ((y > 0 ? y - 1 : 0) - fy0) * fw - fx0;
    const row = (y - fy0) * fw - fx0;
    const down = ((y < height - 1 ? y + 1 : y) - fy0) * fw - fx0;
    for (let x = lx0; x < lx1; x++) {
      const l = x > 0 ? x - 1 : 0;
      const r = x < width - 1 ? x + 1 : x;
      laplacian[row + x] = 4 * smooth[row + x] - smooth[row + l] - smooth[row + r] - smooth[up + x] - smooth[down + x];
    }
  }
  const { reference, off, on } = tables;
  for (let y = y0; y < y1; y++) {
    const up = ((y > 0 ? y - 1 : 0) - fy0) * fw - fx0;
    const row = (y - fy0) * fw - fx0;
    const down = ((y < height - 1 ? y + 1 : y) - fy0) * fw - fx0;
    const outRow = y * width;
    for (let x = x0; x < x1; x++) {
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
      const magnitude = Math.round(Math.sqrt(gx * gx + gy * gy));
      const g = magnitude < reference ? magnitude : reference;
      const i = row + x;
      const v = laplacian[i];
      let crossing = false;
      if (v !== 0) {
        const m = v < 0 ? -v : v;
        if (
          (x > 0 && crosses(v, m, laplacian[i - 1])) ||
          (x < width - 1 && crosses(v, m, laplacian[i + 1])) ||
          (y > 0 && crosses(v, m, laplacian[i - fw])) ||
          (y < height - 1 && crosses(v, m, laplacian[i + fw]))
        ) {
          crossing = true;
        }
      }
      out[outRow + x] = crossing ? on[g] : off[g];
    }
  }
}

/** Whether L = v (|v| = m) and a neighbour's L = w straddle zero with |v| the smaller. */
function crosses(v: number, m: number, w: number): boolean {
  return w !== 0 && (v ^ w) < 0 && m <= (w < 0 ? -w : w);
}
