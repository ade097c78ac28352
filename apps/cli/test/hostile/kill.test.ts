/**
 * Issue 10's kill test: SIGKILL, SIGTERM and SIGINT at seeded random moments of a convert that
 * takes a second or two (COCO → a folder of PNGs), ten times each. After every kill the output is
 * absent or complete (equal, file for file and byte for byte, to a run that was not killed), and no
 * temporary survives the next run (SIGINT and SIGTERM remove theirs at once, exit 130 / 143, so no
 * next run is needed; a kill -9's is swept by the next run that writes beside it).
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '@segkit/core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  cocoDocument,
  expectSuccess,
  longCocoDocument,
  outputsWorkspace,
  SETUP,
  segkitRun,
  snapshot,
  startSegkit,
  temporariesUnder,
} from './outputs-helpers.js';

// Each case spawns the CLI several times: on a loaded machine that takes minutes, not the default minute.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const SEED = 10;
const KILLS = 10;
/** Images of the converted dataset: about a second of work on a quiet machine. */
const IMAGES = 150;

describe(`kill test (seed ${SEED}): the output is absent or complete, no temporary survives the next run`, () => {
  let dir = '';
  let reference: Record<string, string> = {};
  let seconds = 0;
  beforeAll(async () => {
    ({ dir } = outputsWorkspace());
    writeFileSync(join(dir, 'long.json'), JSON.stringify(longCocoDocument(IMAGES)));
    writeFileSync(join(dir, 'small.json'), JSON.stringify(cocoDocument([{ file_name: 'a.jpg' }])));
    const started = performance.now();
    const { done } = startSegkit(['convert', join(dir, 'long.json'), join(dir, 'reference'), '--to', 'png']);
    expectSuccess(await done);
    seconds = (performance.now() - started) / 1000;
    reference = snapshot(join(dir, 'reference'));
    console.log(`kill test: an unkilled convert takes ${seconds.toFixed(2)} s`);
    expect(Object.keys(reference)).toHaveLength(IMAGES + 2); // d/, d/i*.png, classes.json
  });

  const random = mulberry32(SEED);
  for (const [signal, status] of [
    ['SIGKILL', null],
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`${signal} ${KILLS} times at random moments`, async () => {
      const out = join(dir, `out-${signal}`);
      for (let k = 0; k < KILLS; k++) {
        const at = random() * seconds * 1000;
        const { child, done } = startSegkit(['convert', join(dir, 'long.json'), out, '--to', 'png']);
        const timer = setTimeout(() => child.kill(signal), at);
        const run = await done;
        clearTimeout(timer);
        const where = `${signal} at ${at.toFixed(0)} ms (kill ${k})`;
        expect(run.stderr, where).not.toMatch(/internal error|\n\s+at /);
        // Finished before the signal (0), killed before the CLI set its handlers (the signal), or after (128 + n).
        const ended = run.status === 0 || run.signal === signal || (status !== null && run.status === status);
        expect(ended, `${where}: status ${run.status}, signal ${run.signal}, ${run.stderr}`).toBe(true);
        if (existsSync(out)) expect(snapshot(out), where).toEqual(reference);
        if (signal === 'SIGKILL') {
          // The next run writing beside it sweeps what the kill left.
          expectSuccess(segkitRun(['convert', join(dir, 'small.json'), join(dir, `next-${k}`), '--to', 'png'], SETUP));
        }
        // SIGINT and SIGTERM leave nothing even before a next run: every temporary is created
        // synchronously, so the handler never misses one whose creation was in flight.
        expect(temporariesUnder(dir), where).toEqual([]);
        rmSync(out, { recursive: true, force: true });
      }
    });
  }
});
