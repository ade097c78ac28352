/**
 * Helpers of the hostile-input tests for outputs, partial writes and IO crashes (outputs.test.ts,
 * partial-writes.test.ts, io-crashes.test.ts, kill.test.ts): the real CLI in a child process under a
 * resource ceiling, generated datasets, and snapshots of a folder tree to prove nothing was written
 * outside the output and no temporary remains.
 */
import { type ChildProcess, type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const SEGKIT_BIN = fileURLToPath(new URL('../../bin/segkit.js', import.meta.url));

/** A temporary name as @segkit/jobs makes them (`.segkit-tmp-<pid>-<hex>-<name>`). */
export const TEMPORARY = /^\.segkit-tmp-\d+-[0-9a-f]{8}-/;

/**
 * The ceiling every refusal runs under: 10 s of wall time (a FIFO read would hang past it), a 1 GB
 * heap, and under 1 GB of peak resident memory, measured in the child. Not a benchmark: a
 * guard against an input that makes segkit run away.
 */
export const CEILING = { seconds: 10, heapMb: 1024 };

/** For runs that prepare a case rather than test a refusal: a loaded machine may take longer. */
export const SETUP = { seconds: 120 };

export interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Peak resident memory of the child in MB (absent when it was killed before it could say). */
  peakMb?: number;
}

/**
 * A preload that writes the process's peak resident memory (KB, from process.resourceUsage) to the
 * file named by SEGKIT_TEST_PEAK on exit, including an exit from a signal handler. Generated here,
 * so no script is committed; the child is node itself, so the timeout's SIGKILL reaches it.
 */
const PRELOAD = join(mkdtempSync(join(tmpdir(), 'segkit-hostile-peak-')), 'peak.cjs');
writeFileSync(
  PRELOAD,
  "process.on('exit', () => { try { require('fs').writeFileSync(process.env.SEGKIT_TEST_PEAK, String(process.resourceUsage().maxRSS)); } catch {} });\n",
);
let runs = 0;

/** Runs the built CLI as a user would (`node bin/segkit.js ...args`), under CEILING, measuring its peak memory. */
export function segkitRun(args: readonly string[], options: { cwd?: string; seconds?: number } = {}): Run {
  const peakFile = `${PRELOAD}.${process.pid}.${runs++}`;
  const result: SpawnSyncReturns<string> = spawnSync(
    process.execPath,
    [`--max-old-space-size=${CEILING.heapMb}`, '--require', PRELOAD, SEGKIT_BIN, ...args],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: (options.seconds ?? CEILING.seconds) * 1000,
      killSignal: 'SIGKILL',
      env: { ...process.env, SEGKIT_TEST_PEAK: peakFile },
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    },
  );
  const peak = existsSync(peakFile) ? Number(readFileSync(peakFile, 'utf8')) / 1024 : undefined;
  rmSync(peakFile, { force: true });
  return {
    status: result.status,
    signal: result.signal,
    stdout: result.stdout,
    stderr: result.stderr,
    ...(peak === undefined ? {} : { peakMb: peak }),
  };
}

/** A fresh folder for one test, nested three deep, so `../../../x` from its `out` still lands inside `root`. */
export function outputsWorkspace(): { root: string; dir: string } {
  const root = mkdtempSync(join(tmpdir(), 'segkit-hostile-outputs-'));
  const dir = join(root, 'a', 'b', 'c');
  mkdirSync(dir, { recursive: true });
  return { root, dir };
}

/** Every path under `dir` (files with a hash of their bytes, folders, links with their target). */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (folder: string, prefix: string) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      const key = prefix + name;
      const info = lstatSync(path);
      if (info.isSymbolicLink()) out[key] = `link -> ${readlinkSync(path)}`;
      else if (info.isDirectory()) {
        out[`${key}/`] = 'folder';
        walk(path, `${key}/`);
      } else if (info.isFile()) out[key] = createHash('sha1').update(readFileSync(path)).digest('hex');
      else out[key] = 'special';
    }
  };
  walk(dir, '');
  return out;
}

/** The temporaries anywhere under `dir`. */
export function temporariesUnder(dir: string): string[] {
  return Object.keys(snapshot(dir)).filter((path) => path.split('/').some((part) => TEMPORARY.test(part)));
}

/**
 * A refusal: exit status 1, one line on stderr naming the error code, no stack trace, and the tree
 * under `root` exactly as it was (nothing written outside the output, no output, no temporary),
 * within CEILING (peak resident memory as the child measured it).
 */
export function expectRefused(run: Run, code: string, root?: string, before?: Record<string, string>): void {
  expect(run.signal, `killed by ${run.signal}: ${run.stderr}`).toBe(null);
  expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(new RegExp(`^segkit: .*\\[${code}\\]\\n$`));
  expect(run.status).toBe(1);
  if (run.peakMb === undefined) throw new Error('the child did not report its peak memory');
  expect(run.peakMb).toBeLessThan(CEILING.heapMb);
  if (root !== undefined && before !== undefined) expect(snapshot(root)).toEqual(before);
}

/** A successful run, with no stack trace. */
export function expectSuccess(run: Run): void {
  expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(run.signal).toBe(null);
  expect(run.status, run.stderr).toBe(0);
}

export interface ImageSpec {
  file_name?: unknown;
  id?: unknown;
}

/**
 * A COCO instances document: each image 6×8 with one triangle of class 1 (named "car", a Cityscapes
 * label, so every writer takes it); `annotationIds` overrides the annotations' ids; `badLast` makes
 * the last image's annotation a one-point polygon that every writer refuses when it reaches it.
 */
export function cocoDocument(
  images: readonly ImageSpec[],
  options: { annotationIds?: readonly unknown[]; badLast?: boolean } = {},
): Record<string, unknown> {
  return {
    images: images.map((image, i) => ({ id: image.id ?? i + 1, height: 6, width: 8, ...image })),
    annotations: images.map((image, i) => ({
      id: options.annotationIds?.[i] ?? i + 1,
      image_id: image.id ?? i + 1,
      category_id: 1,
      segmentation: options.badLast && i === images.length - 1 ? [[1, 1]] : [[1, 1, 6, 1, 3, 5]],
      area: 12,
      bbox: [1, 1, 5, 4],
      iscrowd: 0,
    })),
    categories: [{ id: 1, name: 'car' }],
  };
}

/** Where a conversion to `format` writes in `dir`: a folder, or a file for the formats written as one. */
export function outputFor(dir: string, format: string): string {
  if (format === 'cvat') return join(dir, 'out.xml');
  if (['coco', 'coco-results', 'label-studio'].includes(format)) return join(dir, 'out.json');
  return join(dir, 'out');
}

/** Formats written as a folder of files named from the data. */
export const FOLDER_FORMATS = ['png', 'coco-panoptic', 'binary-masks', 'cityscapes', 'labelme', 'voc'] as const;
/** Formats written as one file: names from the data stay inside the document. */
export const FILE_FORMATS = ['coco', 'coco-results', 'cvat', 'label-studio'] as const;

/**
 * A COCO document that takes the CLI a second or two to write as PNGs: `images` images of 256×256,
 * each with three polygons of three classes (what the kill test interrupts).
 */
export function longCocoDocument(images: number): Record<string, unknown> {
  const list: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = [];
  for (let i = 1; i <= images; i++) {
    list.push({ id: i, file_name: `d/i${i}.jpg`, height: 256, width: 256 });
    for (let k = 0; k < 3; k++) {
      const x = (i * 7 + k * 50) % 200;
      annotations.push({
        id: annotations.length + 1,
        image_id: i,
        category_id: k + 1,
        segmentation: [[x, x, x + 50, x, x + 50, x + 40, x, x + 50]],
        area: 2000,
        bbox: [x, x, 50, 50],
        iscrowd: 0,
      });
    }
  }
  const categories = ['car', 'road', 'sky'].map((name, k) => ({ id: k + 1, name }));
  return { images: list, annotations, categories };
}

/** Resolves once `found()` is true, polling every few milliseconds (false after `seconds`). */
export async function waitFor(found: () => boolean, seconds = 20): Promise<boolean> {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    if (found()) return true;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return false;
}

/** The CLI started in the background: the child, and its run once it exits. */
export function startSegkit(args: readonly string[]): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [`--max-old-space-size=${CEILING.heapMb}`, SEGKIT_BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const done = new Promise<Run>((resolve) => {
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
  return { child, done };
}
