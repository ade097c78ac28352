import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { constants, crc32, deflateSync, inflateSync } from 'node:zlib';
import { isSegkitError, type SegkitError } from '@segkit/core';
import fc from 'fast-check';
import { decode as fastPngDecode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { decodePng, encodePng, type PngCodec, type PngDecodeOptions, type PngImage } from '../../src/io/png.js';
import { CHANNELS, chunk, filteredRows, ihdr, pngFile, type TestPng, writeTestPng } from './png-writer.js';

/*
 * decodePng on every PNG kind, through both inflates: node:zlib's (what the Node layer hands in,
 * jobs' nodePngCodec, rebuilt here with the same options) and the portable one (no codec). Each
 * must give the pixels the test wrote, fast-png's decode where it reads the same, and, on damaged
 * files, the same one-sentence INVALID_PNG error naming the file.
 */

const nodeZlib: PngCodec = {
  inflate: (data, maxLength) =>
    inflateSync(data, {
      chunkSize: Math.max(64, maxLength + 1),
      maxOutputLength: Math.max(1, maxLength),
      finishFlush: constants.Z_SYNC_FLUSH,
    }),
  crc32,
};
const PATHS: [string, PngCodec][] = [
  ['node:zlib', nodeZlib],
  ['the portable inflate', {}],
];

const bytesOf = (x: PngImage['data']) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
const same = (a: PngImage, b: PngImage) => {
  expect({ ...a, data: undefined }).toEqual({ ...b, data: undefined });
  expect(a.data.constructor).toBe(b.data.constructor);
  // Buffer.equals: vitest's deep equality walks a megapixel array element by element.
  expect(bytesOf(a.data).equals(bytesOf(b.data))).toBe(true);
};

/** The error decodePng throws (a SegkitError), or undefined with the image. */
function outcome(bytes: Uint8Array, codec: PngDecodeOptions): { image?: PngImage; error?: SegkitError } {
  try {
    return { image: decodePng(bytes, 'x.png', codec) };
  } catch (error) {
    if (!isSegkitError(error)) throw error;
    return { error };
  }
}

const message = (bytes: Uint8Array, codec: PngCodec) => outcome(bytes, codec).error?.message;

/** Random samples of `bits` bits: runs (label maps) and noise, so every filter sees both. */
function samples(count: number, bits: number, seed: number): number[] {
  const out: number[] = [];
  let s = seed;
  for (let i = 0; i < count; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out.push(i > 0 && s % 7 < 4 ? out[i - 1] : (s >>> 8) % 2 ** bits);
  }
  return out;
}

/** Every colour type with every depth it allows, palettes with and without tRNS. */
const KINDS: [colorType: number, depth: number, alphas: boolean][] = [
  ...[1, 2, 4, 8, 16].map((d): [number, number, boolean] => [0, d, false]),
  [2, 8, false],
  [2, 16, false],
  ...[1, 2, 4, 8].flatMap((d): [number, number, boolean][] => [
    [3, d, false],
    [3, d, true],
  ]),
  [4, 8, false],
  [4, 16, false],
  [6, 8, false],
  [6, 16, false],
];

function testPng(kind: (typeof KINDS)[number], width: number, height: number, interlaced: boolean, seed: number) {
  const [colorType, depth, alphas] = kind;
  const channels = CHANNELS[colorType];
  const png: TestPng = {
    width,
    height,
    colorType,
    depth,
    interlaced,
    samples: samples(width * height * channels, depth, seed),
    filter: (row) => (row * 7 + seed) % 5,
  };
  if (colorType === 3) {
    png.palette = Array.from({ length: 2 ** depth }, (_, i) => [i, (i * 3) & 255, 255 - i]);
    if (alphas) png.alphas = [0, 128, 255].slice(0, 2 ** depth - 1);
  }
  return png;
}

describe.each(PATHS)('decodePng with %s', (_, codec) => {
  it('gives the written samples of every colour type, depth and interlacing, any filters (seed 81)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KINDS),
        fc.integer({ min: 1, max: 19 }),
        fc.integer({ min: 1, max: 13 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 3 }),
        (kind, width, height, interlaced, seed, idats) => {
          const png = testPng(kind, width, height, interlaced, seed);
          const image = decodePng(writeTestPng(png, idats), 'kinds.png', codec);
          const [colorType, depth] = kind;
          expect(image).toMatchObject({ width, height, depth, channels: CHANNELS[colorType] });
          expect(image.data).toBeInstanceOf(depth === 16 ? Uint16Array : Uint8Array);
          expect(Array.from(image.data)).toEqual(png.samples);
          if (colorType === 3) {
            const alphas = png.alphas;
            const palette = png.palette as number[][];
            expect(image.palette).toEqual(
              alphas === undefined ? palette : palette.map((rgb, i) => [...rgb, alphas[i] ?? 255]),
            );
          } else {
            expect(image.palette).toBeUndefined();
          }
        },
      ),
      { seed: 81, numRuns: 400 },
    );
  });

  it('gives the written samples of label maps (flat regions) with one filter on every row (seed 85)', () => {
    // Regions of one colour make the filters' residuals 0 over long stretches, the case the
    // unfilter loops take several pixels at a time.
    fc.assert(
      fc.property(
        fc.constantFrom<[number, number]>([0, 8], [3, 8], [2, 8], [6, 8], [0, 16], [4, 8]),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 4 }),
        fc.array(fc.tuple(fc.nat(40), fc.nat(12), fc.nat(40), fc.nat(12), fc.nat(5)), { maxLength: 6 }),
        ([colorType, depth], width, height, filter, boxes) => {
          const channels = CHANNELS[colorType];
          const colour = (k: number) =>
            Array.from({ length: channels }, (_, c) => (k * 37 + c * 101) % 2 ** Math.min(depth, 8));
          const values = Array.from({ length: width * height }, () => colour(0)).flat();
          boxes.forEach(([x0, y0, w, h, k]) => {
            for (let y = y0; y < Math.min(height, y0 + h); y++)
              for (let x = x0; x < Math.min(width, x0 + w); x++)
                colour(k + 1).forEach((v, c) => {
                  values[(y * width + x) * channels + c] = v;
                });
          });
          const png: TestPng = { width, height, colorType, depth, samples: values, filter };
          if (colorType === 3) png.palette = Array.from({ length: 256 }, (_, i) => [i, i, i]);
          expect(Array.from(decodePng(writeTestPng(png), 'regions.png', codec).data)).toEqual(values);
        },
      ),
      { seed: 85, numRuns: 600 },
    );
  });

  it('decodes 8- and 16-bit images as fast-png does, palettes with tRNS included (seed 82)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KINDS.filter(([, depth]) => depth >= 8)),
        fc.integer({ min: 1, max: 23 }),
        fc.integer({ min: 1, max: 11 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (kind, width, height, seed) => {
          const bytes = writeTestPng(testPng(kind, width, height, false, seed));
          const theirs = fastPngDecode(bytes, { checkCrc: true });
          const expected: PngImage = {
            width: theirs.width,
            height: theirs.height,
            channels: theirs.channels,
            depth: theirs.depth,
            data: theirs.data as Uint8Array | Uint16Array,
          };
          if (theirs.palette !== undefined) expected.palette = theirs.palette as number[][];
          same(decodePng(bytes, 'fast-png.png', codec), expected);
        },
      ),
      { seed: 82, numRuns: 200 },
    );
  });

  it('round-trips what encodePng writes (seed 83)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 17 }),
        fc.integer({ min: 1, max: 13 }),
        fc.constantFrom(1, 2, 3, 4),
        fc.constantFrom(8, 16),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (width, height, channels, depth, seed) => {
          const values = samples(width * height * channels, depth, seed);
          const data = depth === 8 ? Uint8Array.from(values) : Uint16Array.from(values);
          const decoded = decodePng(encodePng({ width, height, channels, depth, data }), 'encoded.png', codec);
          expect(Array.from(decoded.data)).toEqual(values);
        },
      ),
      { seed: 83, numRuns: 100 },
    );
  });
});

describe('decodePng: both inflates alike', () => {
  const DATASETS = new URL('../../../../../shared/datasets/', import.meta.url).pathname;
  const present = existsSync(DATASETS);
  if (!present) console.warn(`skipping the PNG check on real files: ${DATASETS} is absent`);

  it.skipIf(!present)('decodes every PNG of ../shared/datasets as fast-png does, through both inflates', () => {
    const files = execFileSync('find', [DATASETS, '-name', '*.png'], { encoding: 'utf8' }).trim().split('\n');
    expect(files.length).toBeGreaterThan(1000);
    for (const [k, file] of files.entries()) {
      const bytes = readFileSync(file);
      const native = decodePng(bytes, file, nodeZlib);
      const theirs = fastPngDecode(bytes, { checkCrc: true });
      expect({ ...native, data: undefined, palette: undefined }).toEqual({
        width: theirs.width,
        height: theirs.height,
        channels: theirs.channels,
        depth: theirs.depth,
      });
      expect(native.palette).toEqual(theirs.palette);
      expect(bytesOf(native.data).equals(bytesOf(theirs.data as Uint8Array))).toBe(true);
      // The portable inflate is slower: every 25th file.
      if (k % 25 === 0) same(decodePng(bytes, file), native);
    }
  });

  it('damaged PNGs: the same image or the same INVALID_PNG sentence naming the file on both (seed 84)', () => {
    const palette = Array.from({ length: 16 }, (_, i) => [i * 16, 0, 255 - i * 16]);
    const goods = [
      writeTestPng({ width: 12, height: 9, colorType: 2, depth: 8, samples: samples(324, 8, 1), filter: 4 }),
      writeTestPng({
        width: 9,
        height: 7,
        colorType: 3,
        depth: 4,
        samples: samples(63, 4, 2),
        palette,
        interlaced: true,
      }),
      writeTestPng(
        { width: 10, height: 6, colorType: 0, depth: 16, samples: samples(60, 16, 3), filter: (y) => y % 5 },
        2,
      ),
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...goods),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 3 }),
        fc.option(fc.nat(), { nil: undefined }),
        (good, flips, cut) => {
          const bytes = good.slice();
          for (const [at, flip] of flips) bytes[at % bytes.length] ^= flip;
          const damaged = cut === undefined ? bytes : bytes.subarray(0, cut % bytes.length);
          const a = outcome(damaged, nodeZlib);
          const b = outcome(damaged, {});
          if (a.error !== undefined) {
            expect(['INVALID_PNG', 'LIMIT']).toContain(a.error.code);
            expect(a.error.message.startsWith('x.png: ')).toBe(true);
            expect(b.error?.message).toBe(a.error.message);
          } else {
            same(b.image as PngImage, a.image as PngImage);
          }
        },
      ),
      { seed: 84, numRuns: 3000 },
    );
  });
});

describe('decodePng: what a damaged PNG is told', () => {
  // A 5-row grey image, each row 4 bytes, filter None: raw image data is 5 × (1 + 4) bytes.
  const rows = [0, 1, 2, 3, 4].map((y) => [y, y, y + 1, y + 1]);
  const grey = (data: Uint8Array, header = ihdr(4, 5, 8, 0)) => pngFile(header, chunk('IDAT', deflateSync(data)));
  const raw = Uint8Array.from(filteredRows(rows, 1, () => 0));

  it.each(PATHS)('names the file and says what is wrong (%s)', (_, codec) => {
    expect(message(new TextEncoder().encode('GIF89a...'), codec)).toBe(
      'x.png: not a PNG: the file does not start with the PNG signature',
    );
    expect(message(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 13, 10), codec)).toBe(
      'x.png: not a readable PNG: the file ends inside the PNG signature (6 bytes)',
    );
    expect(message(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 1, 2), codec)).toBe(
      'x.png: not a readable PNG: its signature is damaged',
    );
    // Image data that ends early: a complete zlib stream of 2 rows, or a stream cut inside row 4.
    expect(message(grey(raw.subarray(0, 10)), codec)).toBe(
      'x.png: not a readable PNG: the image data ends after row 2 of 5',
    );
    const cutStream = deflateSync(raw, { level: 0 }).subarray(0, 2 + 5 + 17);
    expect(message(pngFile(ihdr(4, 5, 8, 0), chunk('IDAT', cutStream)), codec)).toBe(
      'x.png: not a readable PNG: the image data ends after row 3 of 5',
    );
    // Row 3's filter byte is 9.
    const badFilter = raw.slice();
    badFilter[10] = 9;
    expect(message(grey(badFilter), codec)).toBe('x.png: not a readable PNG: row 3 has filter type 9; PNG defines 0-4');
    // More image data than the header's 4×5 needs.
    expect(message(grey(new Uint8Array(1000)), codec)).toBe(
      'x.png: not a readable PNG: the image data inflates to more than the 4×5 image needs (25 bytes)',
    );
    expect(message(pngFile(ihdr(4, 5, 8, 0), chunk('IDAT', Uint8Array.of(0x78, 0x9c, 0xff, 0xff))), codec)).toBe(
      'x.png: not a readable PNG: the compressed image data is damaged (invalid block type)',
    );
    const good = grey(raw);
    const flipped = good.slice();
    flipped[20] ^= 1; // inside IHDR's body
    expect(message(flipped, codec)).toBe('x.png: not a readable PNG: chunk IHDR has a wrong CRC (the file is damaged)');
    expect(message(good.subarray(0, good.length - 20), codec)).toBe(
      `x.png: not a readable PNG: the file ends inside chunk IDAT (it needs ${good.length - 12} bytes, the file has ${good.length - 20})`,
    );
    expect(message(good.subarray(0, 37), codec)).toBe(
      'x.png: not a readable PNG: the file ends inside a chunk header (byte 33)',
    );
    expect(message(good.subarray(0, good.length - 12), codec)).toBe(
      'x.png: not a readable PNG: the file ends before its IEND chunk',
    );
    expect(message(grey(raw, ihdr(4, 5, 3, 2)), codec)).toBe(
      'x.png: not a readable PNG: bit depth 3 is not allowed for RGB (8, 16)',
    );
    expect(message(grey(raw, ihdr(4, 5, 8, 3)), codec)).toBe(
      'x.png: not a readable PNG: it is a palette image without a PLTE chunk',
    );
    expect(message(pngFile(ihdr(4, 5, 8, 0)), codec)).toBe(
      'x.png: not a readable PNG: it has no image data (IDAT chunk)',
    );
  });
});

describe('decodePng: bounded before it allocates', () => {
  /** A grey 8-bit PNG whose IDAT is `inflated` zero bytes (compressed: about a thousandth of that). */
  const bomb = (width: number, height: number, inflated: number) =>
    pngFile(ihdr(width, height, 8, 0), chunk('IDAT', deflateSync(new Uint8Array(inflated), { level: 9 })));

  it.each(PATHS)('refuses a 30000×30000 header at the default limit, from the header alone (%s)', (_, codec) => {
    const error = outcome(bomb(30000, 30000, 1000), codec).error;
    expect(error?.code).toBe('LIMIT');
    expect(error?.message).toBe(
      'x.png: the PNG header (30000×30000) has 900,000,000 pixels, over the limit of 268,435,456 pixels per image; raise it with --max-pixels N or SEGKIT_MAX_PIXELS',
    );
  });

  it.each(PATHS)('stops a stream that holds more than its header says at the header size (%s)', (_, codec) => {
    // 16 MB of zeros behind a 100×100 header: an error at byte 10,101, no 16 MB buffer.
    const error = outcome(bomb(100, 100, 16 * 2 ** 20), { ...codec, limits: { maxPixels: 2 ** 34 } }).error;
    expect(error?.message).toBe(
      'x.png: not a readable PNG: the image data inflates to more than the 100×100 image needs (10,100 bytes)',
    );
  });
});
