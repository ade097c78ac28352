/**
 * Issue 10 §4, nothing half-written, nothing left behind: a failure at the last item leaves no
 * output and no temporary (for every folder format, and a panoptic JSON with its PNG folder); a
 * non-empty output folder is refused without --overwrite and replaced, not merged, with it; SIGINT
 * and SIGTERM remove the temporaries; a kill -9's temporaries are swept by the next run.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  cocoDocument,
  expectRefused,
  expectSuccess,
  FOLDER_FORMATS,
  longCocoDocument,
  outputFor,
  outputsWorkspace,
  SETUP,
  segkitRun,
  snapshot,
  startSegkit,
  TEMPORARY,
  temporariesUnder,
  waitFor,
} from './outputs-helpers.js';

// Each case spawns the CLI several times: on a loaded machine that takes minutes, not the default minute.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const images = (n: number) => Array.from({ length: n }, (_, i) => ({ file_name: `img${i}.jpg` }));

describe('a failure at the last item leaves nothing', () => {
  for (const format of FOLDER_FORMATS) {
    it(`--to ${format}: no output folder, no temporary, the tree as it was`, () => {
      const { root, dir } = outputsWorkspace();
      writeFileSync(join(dir, 'in.json'), JSON.stringify(cocoDocument(images(5), { badLast: true })));
      const before = snapshot(root);
      const run = segkitRun(['convert', join(dir, 'in.json'), outputFor(dir, format), '--to', format]);
      expectRefused(run, 'INVALID_POLYGON', root, before);
      expect(run.stderr).toContain('annotation 4 (id 5)');
    });
  }

  it('--to coco-panoptic as a JSON file: neither the JSON nor its PNG folder', () => {
    const { root, dir } = outputsWorkspace();
    writeFileSync(join(dir, 'in.json'), JSON.stringify(cocoDocument(images(5), { badLast: true })));
    const before = snapshot(root);
    const run = segkitRun(['convert', join(dir, 'in.json'), join(dir, 'pan.json'), '--to', 'coco-panoptic']);
    expectRefused(run, 'INVALID_POLYGON', root, before);
  });

  it('with --overwrite, a failed write leaves the old output as it was', () => {
    const { root, dir } = outputsWorkspace();
    writeFileSync(join(dir, 'good.json'), JSON.stringify(cocoDocument(images(3))));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(cocoDocument(images(5), { badLast: true })));
    expectSuccess(segkitRun(['convert', join(dir, 'good.json'), join(dir, 'out'), '--to', 'png'], SETUP));
    const before = snapshot(root);
    const run = segkitRun(['convert', join(dir, 'bad.json'), join(dir, 'out'), '--to', 'png', '--overwrite']);
    expectRefused(run, 'INVALID_POLYGON', root, before);
  });
});

describe('an existing output folder', () => {
  it('is refused when not empty, without --overwrite (OUTPUT_EXISTS), and left as it was', () => {
    const { root, dir } = outputsWorkspace();
    writeFileSync(join(dir, 'in.json'), JSON.stringify(cocoDocument(images(2))));
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', 'mine.txt'), 'keep me');
    const before = snapshot(root);
    const run = segkitRun(['convert', join(dir, 'in.json'), join(dir, 'out'), '--to', 'png']);
    expectRefused(run, 'OUTPUT_EXISTS', root, before);
    expect(run.stderr).toBe(
      `segkit: ${join(dir, 'out')}: is a folder that is not empty (1 entries); pass --overwrite to replace it [OUTPUT_EXISTS]\n`,
    );
  });

  it('is replaced, not merged, with --overwrite; an empty one is written without it', () => {
    const { dir } = outputsWorkspace();
    writeFileSync(join(dir, 'in.json'), JSON.stringify(cocoDocument(images(2))));
    mkdirSync(join(dir, 'out'));
    expectSuccess(segkitRun(['convert', join(dir, 'in.json'), join(dir, 'out'), '--to', 'png'], SETUP));
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['classes.json', 'img0.png', 'img1.png']);
    writeFileSync(join(dir, 'out', 'stale.png'), 'from an earlier run');
    expectSuccess(segkitRun(['convert', join(dir, 'in.json'), join(dir, 'out'), '--to', 'png', '--overwrite'], SETUP));
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['classes.json', 'img0.png', 'img1.png']);
    expect(readdirSync(dir).filter((name) => TEMPORARY.test(name))).toEqual([]);
  });

  it('a single-file output (a COCO JSON) is replaced, as an atomic rename', () => {
    const { dir } = outputsWorkspace();
    writeFileSync(join(dir, 'in.json'), JSON.stringify(cocoDocument(images(2))));
    writeFileSync(join(dir, 'out.json'), 'old');
    expectSuccess(segkitRun(['convert', join(dir, 'in.json'), join(dir, 'out.json')], SETUP));
    expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')).images).toHaveLength(2);
  });
});

describe('signals and kills while a folder is written', () => {
  for (const [signal, status, under] of [
    ['SIGTERM', 143, []],
    ['SIGINT', 130, ['new', 'deeper']], // the folders made for the output go too
  ] as const) {
    it(`${signal} while the temporary folder is being filled: exit ${status}, nothing left`, async () => {
      const { root, dir } = outputsWorkspace();
      writeFileSync(join(dir, 'long.json'), JSON.stringify(longCocoDocument(300)));
      const before = snapshot(root);
      const parent = join(dir, ...under);
      const { child, done } = startSegkit(['convert', join(dir, 'long.json'), join(parent, 'out'), '--to', 'png']);
      // Once the temporary holds a PNG, the writer is mid-way.
      const writing = await waitFor(() => {
        try {
          return readdirSync(parent).some((name) => TEMPORARY.test(name) && readdirSync(join(parent, name)).length > 0);
        } catch {
          return false; // the parent not made yet
        }
      });
      expect(writing).toBe(true);
      child.kill(signal);
      const run = await done;
      expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(run.status).toBe(status);
      expect(snapshot(root)).toEqual(before);
    });
  }

  it("kill -9 leaves a temporary; the next run sweeps it, and never a live run's", async () => {
    const { root, dir } = outputsWorkspace();
    writeFileSync(join(dir, 'long.json'), JSON.stringify(longCocoDocument(300)));
    writeFileSync(join(dir, 'small.json'), JSON.stringify(cocoDocument(images(1))));
    const killed = startSegkit(['convert', join(dir, 'long.json'), join(dir, 'out'), '--to', 'png']);
    expect(await waitFor(() => readdirSync(dir).some((name) => TEMPORARY.test(name)))).toBe(true);
    killed.child.kill('SIGKILL');
    expect((await killed.done).signal).toBe('SIGKILL');
    const left = readdirSync(dir).filter((name) => TEMPORARY.test(name));
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(new RegExp(`^\\.segkit-tmp-${killed.child.pid}-`));

    // A live run writing beside it keeps its temporary while a short run sweeps the dead one's.
    const live = startSegkit(['convert', join(dir, 'long.json'), join(dir, 'out2'), '--to', 'png']);
    expect(await waitFor(() => readdirSync(dir).some((n) => n.startsWith(`.segkit-tmp-${live.child.pid}-`)))).toBe(
      true,
    );
    expectSuccess(segkitRun(['convert', join(dir, 'small.json'), join(dir, 'small'), '--to', 'png'], SETUP));
    const now = readdirSync(dir).filter((name) => TEMPORARY.test(name));
    expect(now.some((name) => name === left[0])).toBe(false);
    expectSuccess(await live.done);
    expect(temporariesUnder(root)).toEqual([]);
    expect(readdirSync(join(dir, 'out2', 'd'))).toHaveLength(300);
  });
});
