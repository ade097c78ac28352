/**
 * Issue 10 §3, the IO-level crashes: an output under a regular file, stdout closed early, and a
 * FIFO, socket or device given as input (or inside an input folder) each end with a typed error or
 * quietly, never a stack trace and never a hang (every run under the 10 s / 1 GB ceiling).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  CEILING,
  cocoDocument,
  expectRefused,
  expectSuccess,
  outputsWorkspace,
  type Run,
  SEGKIT_BIN,
  SETUP,
  segkitRun,
  snapshot,
} from './outputs-helpers.js';

// Each case spawns the CLI several times: on a loaded machine that takes minutes, not the default minute.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const mkfifo = (path: string) => expect(spawnSync('mkfifo', [path]).status).toBe(0);

/** A workspace with a small COCO dataset, its PNGs, panoptic and results forms, for every verb. */
function datasets(): { root: string; dir: string } {
  const { root, dir } = outputsWorkspace();
  const images = Array.from({ length: 40 }, (_, i) => ({ file_name: `img${i}.jpg` }));
  writeFileSync(join(dir, 'in.json'), JSON.stringify(cocoDocument(images)));
  // Wrong areas: validate reports one warning per annotation, some 300 kB of lines, more than a pipe holds.
  const many = Array.from({ length: 3000 }, (_, i) => ({ file_name: `m${i}.jpg` }));
  writeFileSync(join(dir, 'many.json'), JSON.stringify(cocoDocument(many)));
  for (const [to, out] of [
    ['png', 'png'],
    ['coco-panoptic', 'pan.json'],
    ['coco-results', 'results.json'],
  ]) {
    expectSuccess(segkitRun(['convert', join(dir, 'in.json'), join(dir, out), '--to', to], SETUP));
  }
  return { root, dir };
}

describe('an output under a regular file is a typed IO error naming the file in the way', () => {
  it('for convert to a folder or a file, --report, eval --html and scope --html', () => {
    const { root, dir } = datasets();
    writeFileSync(join(dir, 'file'), 'not a folder');
    const under = (name: string) => join(dir, 'file', 'sub', name);
    const runs: string[][] = [
      ['convert', join(dir, 'in.json'), under('out'), '--to', 'png'],
      ['convert', join(dir, 'in.json'), under('out.json')],
      ['convert', join(dir, 'in.json'), under('pan.json'), '--to', 'coco-panoptic'],
      ['convert', join(dir, 'in.json'), join(dir, 'out.json'), '--report', under('r.json')],
      ['eval', 'instance', '--gt', join(dir, 'in.json'), '--dt', join(dir, 'results.json'), '--html', under('r.html')],
      ['scope', join(dir, 'in.json'), '--html', under('s.html')],
    ];
    for (const args of runs) {
      const before = snapshot(root);
      const run = segkitRun(args);
      if (args.includes('--report') || args.includes('--html')) {
        // The report comes after the work: the main output may be written, the report is refused.
        expect(run.stderr).toContain(`cannot create the folder: ${join(dir, 'file')} is a file, not a folder [IO]`);
        expect(run.status).toBe(1);
        expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
        continue;
      }
      expectRefused(run, 'IO', root, before);
      expect(run.stderr).toContain(`cannot create the folder: ${join(dir, 'file')} is a file, not a folder`);
    }
  });
});

/**
 * Runs the CLI with stdout into a pipe whose reader goes away: at once (`| true`), or after the
 * first chunk (`| head -c 1`). Resolves with the run once the CLI has exited.
 */
function withClosedStdout(args: readonly string[], when: 'at once' | 'after the first chunk'): Promise<Run> {
  const child = spawn(process.execPath, [SEGKIT_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  if (when === 'at once') child.stdout.destroy();
  else child.stdout.once('data', () => child.stdout.destroy());
  const timer = setTimeout(() => child.kill('SIGKILL'), CEILING.seconds * 1000);
  return new Promise((resolve) => {
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout: '', stderr });
    });
  });
}

describe('stdout closed early ends quietly, as cat does', () => {
  let dir = '';
  beforeAll(() => {
    dir = datasets().dir;
  });
  const verbs = (): [string, string[], number][] => [
    ['validate (text, thousands of lines)', ['validate', join(dir, 'many.json'), '--max-listed', '100000'], 0],
    ['validate --format json', ['validate', join(dir, 'many.json'), '--format', 'json'], 0],
    ['convert --format json', ['convert', join(dir, 'in.json'), join(dir, 'epipe.json'), '--format', 'json'], 0],
    ['scope', ['scope', join(dir, 'in.json')], 0],
    ['sample', ['sample', join(dir, 'in.json')], 0],
    ['estimate', ['estimate', join(dir, 'in.json')], 0],
    [
      'eval semantic',
      ['eval', 'semantic', '--gt', join(dir, 'png'), '--pred', join(dir, 'png'), '--num-classes', '2'],
      0,
    ],
    ['eval instance', ['eval', 'instance', '--gt', join(dir, 'in.json'), '--dt', join(dir, 'results.json')], 0],
    ['eval panoptic', ['eval', 'panoptic', '--gt', join(dir, 'pan.json'), '--pred', join(dir, 'pan.json')], 0],
    ['--help', ['convert', '--help'], 0],
  ];
  for (const when of ['at once', 'after the first chunk'] as const) {
    it(`every verb, the reader gone ${when}: its own exit status, nothing on stderr`, async () => {
      for (const [label, args, status] of verbs()) {
        const run = await withClosedStdout(args, when);
        expect(run.stderr, label).toBe('');
        expect(run.signal, label).toBe(null);
        expect(run.status, label).toBe(status);
      }
    });
  }

  it('`segkit validate X | head -1` in a shell prints one line and no error', () => {
    const shell = spawnSync(
      'bash',
      ['-c', `set -o pipefail; "${process.execPath}" "${SEGKIT_BIN}" validate "${join(dir, 'many.json')}" | head -1`],
      { encoding: 'utf8', timeout: CEILING.seconds * 1000 },
    );
    expect(shell.stderr).toBe('');
    expect(shell.stdout.split('\n')).toHaveLength(2);
    expect(shell.status).toBe(0);
  });
});

describe('a FIFO, socket or device as input is refused at once (NOT_A_FILE), for every verb', () => {
  let root = '';
  let dir = '';
  let server: Server;
  beforeAll(async () => {
    ({ root, dir } = datasets());
    mkfifo(join(dir, 'fifo'));
    mkfifo(join(dir, 'fifo.json'));
    server = createServer();
    await new Promise<void>((resolve) => server.listen(join(dir, 'socket'), resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('as the input of every verb, and as a flag naming a file', () => {
    const fifo = join(dir, 'fifo');
    const runs: string[][] = [
      ['validate', fifo],
      ['validate', join(dir, 'fifo.json'), '--from', 'coco'],
      ['validate', join(dir, 'socket')],
      ['validate', '/dev/zero'],
      ['convert', fifo, join(dir, 'o.json'), '--from', 'coco'],
      ['convert', '/dev/null', join(dir, 'o.json'), '--from', 'coco'],
      ['convert', join(dir, 'in.json'), join(dir, 'o.json'), '--classes', fifo],
      ['convert', join(dir, 'png'), join(dir, 'o.json'), '--from', 'png', '--colors', fifo],
      ['scope', fifo],
      ['sample', fifo],
      ['estimate', fifo],
      ['eval', 'semantic', '--gt', fifo, '--pred', join(dir, 'png'), '--num-classes', '2'],
      ['eval', 'instance', '--gt', fifo, '--dt', join(dir, 'results.json')],
      ['eval', 'instance', '--gt', join(dir, 'in.json'), '--dt', fifo],
      ['eval', 'panoptic', '--gt', fifo, '--pred', join(dir, 'pan.json')],
    ];
    for (const args of runs) {
      const before = snapshot(root);
      const run = segkitRun(args);
      expectRefused(run, 'NOT_A_FILE', root, before);
      expect(run.stderr, args.join(' ')).toMatch(/is (a FIFO \(named pipe\)|a socket|a character device)/);
    }
  });

  it('as a file inside an input folder, or named by the data', () => {
    const { root: other, dir: inner } = datasets();
    mkfifo(join(inner, 'png', 'zz.png')); // listed with the class-index PNGs
    mkdirSync(join(inner, 'photos'));
    mkfifo(join(inner, 'photos', 'big.png')); // what scope --images reads to draw big.png's regions
    const big = cocoDocument([{ file_name: 'big.png' }]) as {
      images: { height: number; width: number }[];
      annotations: { segmentation: number[][] }[];
    };
    Object.assign(big.images[0], { height: 64, width: 64 });
    big.annotations[0].segmentation = [[4, 4, 60, 4, 30, 60]];
    writeFileSync(join(inner, 'big.json'), JSON.stringify(big));
    rmSync(join(inner, 'pan', 'img1.png'));
    mkfifo(join(inner, 'pan', 'img1.png')); // a segment PNG the panoptic JSON names
    const runs: string[][] = [
      ['validate', join(inner, 'png'), '--from', 'png'],
      ['convert', join(inner, 'png'), join(inner, 'o.json'), '--from', 'png'],
      ['eval', 'semantic', '--gt', join(inner, 'png'), '--pred', join(inner, 'png'), '--num-classes', '2'],
      ['scope', join(inner, 'big.json'), '--html', join(inner, 's.html'), '--images', join(inner, 'photos')],
      ['convert', join(inner, 'pan.json'), join(inner, 'o.json'), '--from', 'coco-panoptic'],
      ['eval', 'panoptic', '--gt', join(inner, 'pan.json'), '--pred', join(inner, 'pan.json')],
    ];
    for (const args of runs) {
      const before = snapshot(other);
      const run = segkitRun(args);
      expect(run.stderr, args.join(' ')).toContain('[NOT_A_FILE]');
      expectRefused(run, 'NOT_A_FILE', other, before);
    }
    // validate lists it as a problem of the dataset, with the rest (exit 1), rather than stopping.
    const validate = segkitRun(['validate', join(inner, 'pan.json')]);
    expect(validate.stdout).toContain(
      `error PNG ${join(inner, 'pan', 'img1.png')}: is a FIFO (named pipe), not a regular file`,
    );
    expect(validate.status).toBe(1);
  });
});
