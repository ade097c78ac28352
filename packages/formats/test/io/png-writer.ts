/**
 * A PNG writer for tests, written from the spec apart from the decoder: every colour type and bit
 * depth, palettes with tRNS, Adam7 interlacing, and a chosen filter per row (random, or one type for
 * every row), so the decoder is checked on PNGs fast-png's encoder never makes. Also the pieces to
 * build broken files: `chunk` and `pngFile` take any chunks, `filteredRows` the raw image data.
 */
import { crc32, deflateSync } from 'node:zlib';

export interface TestPng {
  width: number;
  height: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA. */
  colorType: number;
  depth: number;
  /** Samples, one per array element (sub-byte samples unpacked), row-major. */
  samples: ArrayLike<number>;
  palette?: number[][];
  /** Palette alphas (tRNS), fewer than or as many as the palette entries. */
  alphas?: number[];
  interlaced?: boolean;
  /** Filter type per row: a number for every row, or a function of the row's index in its pass. */
  filter?: number | ((row: number) => number);
}

export const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

export function ihdr(width: number, height: number, depth: number, colorType: number, interlace = 0): Uint8Array {
  const body = new Uint8Array(13);
  const view = new DataView(body.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  body.set([depth, colorType, 0, 0, interlace], 8);
  return chunk('IHDR', body);
}

/** Signature + chunks + IEND. */
export function pngFile(...chunks: Uint8Array[]): Uint8Array {
  const parts = [Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10), ...chunks, chunk('IEND', new Uint8Array(0))];
  return Uint8Array.from(parts.flatMap((part) => Array.from(part)));
}

const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

/** The bytes of one unfiltered row: samples packed big-endian, sub-byte from the high bit. */
function packRow(samples: number[], depth: number): number[] {
  if (depth === 8) return samples;
  if (depth === 16) return samples.flatMap((s) => [s >> 8, s & 255]);
  const bytes = new Array<number>(Math.ceil((samples.length * depth) / 8)).fill(0);
  samples.forEach((s, i) => {
    bytes[(i * depth) >> 3] |= s << (8 - depth - ((i * depth) & 7));
  });
  return bytes;
}

function paethPredictor(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Filters unfiltered rows (PNG spec 9.2), `bpp` bytes per complete pixel (1 for sub-byte). */
export function filteredRows(rows: number[][], bpp: number, filterOf: (row: number) => number): number[] {
  const out: number[] = [];
  rows.forEach((row, y) => {
    const filter = filterOf(y);
    out.push(filter);
    row.forEach((x, i) => {
      const a = i >= bpp ? row[i - bpp] : 0;
      const b = y > 0 ? rows[y - 1][i] : 0;
      const c = y > 0 && i >= bpp ? rows[y - 1][i - bpp] : 0;
      const predicted = [0, a, b, (a + b) >> 1, paethPredictor(a, b, c)][filter];
      out.push((x - predicted) & 255);
    });
  });
  return out;
}

/** The raw (inflated) image data of `png`: its passes' rows, filtered. */
export function imageData(png: TestPng): Uint8Array {
  const { width, height, depth, samples } = png;
  const channels = CHANNELS[png.colorType];
  const bpp = Math.max(1, (channels * depth) >> 3);
  const filterOf = typeof png.filter === 'function' ? png.filter : () => (png.filter as number | undefined) ?? 0;
  const passes = png.interlaced ? ADAM7 : [[0, 0, 1, 1]];
  const out: number[] = [];
  for (const [x0, y0, dx, dy] of passes) {
    const rows: number[][] = [];
    for (let y = y0; y < height; y += dy) {
      const row: number[] = [];
      for (let x = x0; x < width; x += dx) {
        for (let c = 0; c < channels; c++) row.push(samples[(y * width + x) * channels + c]);
      }
      if (row.length > 0) rows.push(packRow(row, depth));
    }
    out.push(...filteredRows(rows, bpp, filterOf));
  }
  return Uint8Array.from(out);
}

/** A whole PNG file of `png`, the image data in `idatChunks` IDAT chunks. */
export function writeTestPng(png: TestPng, idatChunks = 1): Uint8Array {
  const compressed = deflateSync(imageData(png));
  const chunks = [ihdr(png.width, png.height, png.depth, png.colorType, png.interlaced ? 1 : 0)];
  if (png.palette !== undefined) chunks.push(chunk('PLTE', Uint8Array.from(png.palette.flat())));
  if (png.alphas !== undefined) chunks.push(chunk('tRNS', Uint8Array.from(png.alphas)));
  const step = Math.ceil(compressed.length / idatChunks);
  for (let i = 0; i < compressed.length; i += step) chunks.push(chunk('IDAT', compressed.subarray(i, i + step)));
  return pngFile(...chunks);
}
