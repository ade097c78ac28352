import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { decodePng, encodePng } from '@segkit/formats';
import { describe, expect, it } from 'vitest';
import { nodePngCodec } from '../../src/io/png-file.js';

/*
 * The PNGs of issue 10 decoded in a child process under a resource ceiling (a guard against
 * runaway allocation, not a benchmark): a 0.9 MB PNG whose header says 30000×30000 (once 17 s and
 * 2.6 GB), and a 3.5 MB PNG whose 1000×1000 header hides 3.6 GB of image data (a deflate bomb).
 * The child builds the files itself and decodes them with the build output (`tsc -b` runs first
 * in `npm test`), through node:zlib (jobs' nodePngCodec) and through the portable inflate.
 */

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CEILING_MS = 10_000;
const CEILING_KB = 1024 * 1024;

const CHILD = `
import { constants, crc32, deflateRawSync } from 'node:zlib';
const root = process.argv[1];
const { decodePng } = await import(root + 'packages/formats/dist/index.js');
const { nodePngCodec } = await import(root + 'packages/jobs/dist/index.js');
const [width, height, repeats, maxPixels, path] = process.argv.slice(2);
const chunk = (type, body) => {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'latin1');
  out.set(body, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
  return out;
};
const header = Buffer.alloc(13);
header.writeUInt32BE(Number(width), 0);
header.writeUInt32BE(Number(height), 4);
header[8] = 8;
// Image data: 1 MiB of zeros as one non-final deflate block, repeated (zlib header first).
const block = deflateRawSync(Buffer.alloc(2 ** 20), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
const idat = Buffer.concat([Buffer.of(0x78, 0xda), ...Array(Number(repeats)).fill(block), Buffer.of(3, 0)]);
const png = Buffer.concat([Buffer.of(137, 80, 78, 71, 13, 10, 26, 10), chunk('IHDR', header), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
const start = performance.now();
let error;
try {
  decodePng(png, 'bomb.png', { ...(path === 'node' ? nodePngCodec : {}), limits: { maxPixels: Number(maxPixels) } });
} catch (e) {
  error = e;
}
console.log(JSON.stringify({ bytes: png.length, code: error?.code, message: error?.message, ms: performance.now() - start, maxRssKb: process.resourceUsage().maxRSS }));
`;

function decodeInChild(width: number, height: number, repeats: number, maxPixels: number, path: string) {
  const child = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', CHILD, ROOT, String(width), String(height), String(repeats), String(maxPixels), path],
    { encoding: 'utf8', timeout: CEILING_MS },
  );
  expect(child.signal, 'the child ran past the ceiling').toBeNull();
  expect(child.stderr).toBe('');
  return JSON.parse(child.stdout) as { bytes: number; code: string; message: string; ms: number; maxRssKb: number };
}

describe.each(['node', 'portable'])('decodePng of hostile PNGs in a child process (%s inflate)', (path) => {
  it('refuses a 0.9 MB PNG of 30000×30000 at the default limit at once', () => {
    const result = decodeInChild(30000, 30000, 900, 2 ** 28, path);
    expect(result.bytes).toBeGreaterThan(0.85e6);
    expect(result.code).toBe('LIMIT');
    expect(result.message).toMatch(/^bomb\.png: the PNG header \(30000×30000\) has 900,000,000 pixels, over the limit/);
    expect(result.maxRssKb).toBeLessThan(CEILING_KB);
  });

  it('stops a 3.5 MB PNG whose 1000×1000 header hides 3.6 GB at the header size, limit raised', () => {
    const result = decodeInChild(1000, 1000, 3500, 2 ** 31, path);
    expect(result.bytes).toBeGreaterThan(3.4e6);
    expect(result.code).toBe('INVALID_PNG');
    expect(result.message).toBe(
      'bomb.png: not a readable PNG: the image data inflates to more than the 1000×1000 image needs (1,001,000 bytes)',
    );
    expect(result.maxRssKb).toBeLessThan(CEILING_KB);
  });
});

describe('nodePngCodec', () => {
  it("gives a small PNG's samples a buffer of their own, not a slice of Node's shared pool", () => {
    const data = Uint8Array.from({ length: 12 }, (_, i) => i);
    const image = decodePng(encodePng({ width: 4, height: 3, channels: 1, depth: 8, data }), 'small.png', nodePngCodec);
    expect(Array.from(image.data)).toEqual(Array.from(data));
    expect(image.data.byteOffset).toBe(0);
    expect(image.data.buffer.byteLength).toBeLessThan(8192); // not the 8 KiB pool
  });

  it("fails past the size it is given with node's ERR_BUFFER_TOO_LARGE, which decodePng tells from damage", () => {
    const bytes = encodePng({ width: 64, height: 64, channels: 1, depth: 8, data: new Uint8Array(4096) });
    expect(() => decodePng(bytes, 'a.png', { ...nodePngCodec, inflate: (d) => nodePngCodec.inflate(d, 100) })).toThrow(
      'a.png: not a readable PNG: the image data inflates to more than the 64×64 image needs (4,160 bytes)',
    );
  });
});
