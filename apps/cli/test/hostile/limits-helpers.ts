/**
 * What the limits' hostile suite (limits.test.ts) shares: the real CLI run in a child process with
 * its wall time and peak memory measured, the check that a refusal is one LIMIT line naming the file
 * and the item within a resource ceiling, and generators of hostile inputs. Nothing large is
 * committed: a "30000×30000 PNG" is a valid 1 MB file built here, a "600 MB JSON" a sparse file.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { expect } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/segkit.js', import.meta.url));

/** Generous ceilings for an input that must be refused at once (a guard against runaway allocation, not a benchmark). */
export const REFUSAL_SECONDS = 10;
export const REFUSAL_MEGABYTES = 1024;

export interface MeasuredRun {
  status: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  /** Peak resident memory of the child, in MiB (process.resourceUsage().maxRSS, read as it exits). */
  peakMegabytes: number;
}

/**
 * The child: segkit's own launcher, imported in a process that writes its peak memory to a file as
 * it exits (`node -e WRAPPER -- REPORT BIN ARGS…`).
 */
const WRAPPER = `
import { writeFileSync } from 'node:fs';
const [report, bin, ...args] = process.argv.slice(1);
process.argv = [process.argv[0], bin, ...args];
process.on('exit', () => writeFileSync(report, String(process.resourceUsage().maxRSS)));
await import(bin);
`;

/** Runs `segkit ARGS…` in a child process (killed after 60 s), with `env` added to the environment. */
export function runSegkit(args: string[], env: Record<string, string> = {}): MeasuredRun {
  const report = join(scratch('segkit-rss-'), 'max-rss');
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', WRAPPER, '--', report, BIN, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
    timeout: 60_000,
    maxBuffer: 64 * 2 ** 20,
  });
  const seconds = (performance.now() - started) / 1000;
  let kilobytes = Number.NaN;
  try {
    kilobytes = Number(readFileSync(report, 'utf8'));
  } catch {
    // killed before it could say: the ceiling check fails on NaN
  }
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    seconds,
    peakMegabytes: kilobytes / 1024,
  };
}

/**
 * A refusal: exit status 1, one line on stderr ending in [LIMIT] that names each of `names` (the
 * file, the item, the limit's flag), within the resource ceiling.
 */
export function expectRefused(run: MeasuredRun, ...names: string[]): void {
  expect(run.status, run.stderr).toBe(1);
  expect(run.stderr).toMatch(/^segkit: [^\n]* \[LIMIT\]\n$/);
  for (const name of names) expect(run.stderr).toContain(name);
  expectWithinCeiling(run);
}

export function expectWithinCeiling(run: MeasuredRun): void {
  expect(run.seconds, `${run.seconds.toFixed(1)} s: ${run.stderr}`).toBeLessThan(REFUSAL_SECONDS);
  expect(run.peakMegabytes, `${run.peakMegabytes.toFixed(0)} MiB: ${run.stderr}`).toBeLessThan(REFUSAL_MEGABYTES);
}

/** A fresh temporary folder. */
export function scratch(prefix = 'segkit-limits-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `value` as JSON to `dir/name` and returns the path. */
export function writeJson(dir: string, name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

/** A file of `bytes` bytes that takes no disk (a hole): a "600 MB" input made in a millisecond. */
export function sparseFile(path: string, bytes: number): string {
  const fd = openSync(path, 'w');
  try {
    ftruncateSync(fd, bytes);
  } finally {
    closeSync(fd);
  }
  return path;
}

/** `[x0, y0, x1, y1, …]`: `vertices` points going round a 4×4 square (any count ≥ 3, all inside it). */
export function flatPolygon(vertices: number): number[] {
  const corners = [0, 0, 4, 0, 4, 4, 0, 4];
  const out = new Array<number>(2 * vertices);
  for (let i = 0; i < vertices; i++) {
    out[2 * i] = corners[(2 * i) % 8];
    out[2 * i + 1] = corners[(2 * i + 1) % 8];
  }
  return out;
}

/** The same points as `[x, y]` pairs (Cityscapes, labelme, Label Studio). */
export function pointPairs(vertices: number): [number, number][] {
  const flat = flatPolygon(vertices);
  return Array.from({ length: vertices }, (_, i) => [flat[2 * i], flat[2 * i + 1]]);
}

/** A COCO instances document: one image of `width × height` with one polygon of `vertices` vertices. */
export function cocoDocument(width: number, height: number, vertices = 4, fileName = 'street.jpg') {
  return {
    images: [{ id: 7, file_name: fileName, width, height }],
    annotations: [
      {
        id: 3,
        image_id: 7,
        category_id: 1,
        segmentation: [flatPolygon(vertices)],
        area: 16,
        bbox: [0, 0, 4, 4],
        iscrowd: 0,
      },
    ],
    categories: [{ id: 1, name: 'car' }],
  };
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * A valid 8-bit PNG of `width × height` black pixels whose zlib stream is built without ever holding
 * the image: a deflated 1 MiB block of zeros ends in a full flush (no back-reference crosses it),
 * so the same bytes repeat for every MiB. 30000×30000 (900 MB of pixels) is about 1 MB of file:
 * the decompression bomb the pixel limit must refuse from the header, before it inflates anything.
 * `channels` 1 is grey, 3 RGB (a panoptic PNG).
 */
export function pngBomb(width: number, height: number, channels: 1 | 3 = 1): Buffer {
  const rowBytes = 1 + width * channels;
  const total = rowBytes * height;
  const step = 2 ** 20;
  const block = deflateRawSync(Buffer.alloc(step), { finishFlush: constants.Z_FULL_FLUSH, level: 9 });
  const blocks: Buffer[] = [Buffer.from([0x78, 0xda])];
  for (let i = 0; i < Math.floor(total / step); i++) blocks.push(block);
  blocks.push(deflateRawSync(Buffer.alloc(total % step), { level: 9 }));
  // Adler-32 of `total` zero bytes: a = 1, b = total mod 65521.
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(((total % 65521) * 65536 + 1) >>> 0, 0);
  blocks.push(adler);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = channels === 1 ? 0 : 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', Buffer.concat(blocks)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
