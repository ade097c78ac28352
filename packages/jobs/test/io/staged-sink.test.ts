import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SegkitError } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { checkOutputPaths } from '../../src/datasets/check-outputs.js';
import { writeFileAtomic } from '../../src/io/atomic-write.js';
import { listRegularFiles } from '../../src/io/list-files.js';
import { readRegularFile } from '../../src/io/regular-file.js';
import { openStagedSink } from '../../src/io/staged-sink.js';
import { liveTemporaries, removeTemporariesSync, sweepTemporaries, TEMPORARY_NAME } from '../../src/io/temp-files.js';

const workspace = () => mkdtempSync(join(tmpdir(), 'segkit-staged-'));
const FOLDER = [{ path: '', folder: true }];

async function refusal(work: () => Promise<unknown>): Promise<SegkitError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof SegkitError) return error;
    throw error;
  }
  throw new Error('not refused');
}

/** A pid that was alive a moment ago and is not now (a child that ran `true`). */
function deadPid(): number {
  const child = spawnSync('true');
  if (child.pid === undefined) throw new Error('could not spawn');
  return child.pid;
}

const mkfifo = (path: string) => {
  const made = spawnSync('mkfifo', [path]);
  if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr}`);
};

describe('openStagedSink(root, targets)', () => {
  it('shows nothing at the output until commit, then the whole folder at once', async () => {
    const dir = workspace();
    const sink = await openStagedSink(join(dir, 'out'), FOLDER);
    await sink.write('a/1.png', new Uint8Array([1, 2, 3]));
    await sink.write('b.txt', 'hello');
    const during = readdirSync(dir);
    expect(during).toHaveLength(1);
    expect(during[0]).toMatch(TEMPORARY_NAME);
    expect(during[0]).toMatch(new RegExp(`^\\.segkit-tmp-${process.pid}-[0-9a-f]{8}-out$`));
    await sink.commit();
    expect(readdirSync(dir)).toEqual(['out']);
    expect(readFileSync(join(dir, 'out', 'b.txt'), 'utf8')).toBe('hello');
    expect([...readFileSync(join(dir, 'out', 'a', '1.png'))]).toEqual([1, 2, 3]);
    expect(sink.written).toEqual(['a/1.png', 'b.txt']);
    expect(liveTemporaries()).toEqual([]);
  });

  it('abort removes the temporary and the parent folders it created, leaving the folder as it was', async () => {
    const dir = workspace();
    const sink = await openStagedSink(join(dir, 'x', 'y', 'out'), FOLDER);
    await sink.write('a.png', 'data');
    await sink.abort();
    expect(readdirSync(dir)).toEqual([]);
    expect(liveTemporaries()).toEqual([]);
  });

  it('refuses a non-empty output folder without overwrite; with it, replaces the old content (no merge)', async () => {
    const dir = workspace();
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', 'old.png'), 'old');
    const error = await refusal(() => openStagedSink(join(dir, 'out'), FOLDER));
    expect(error.code).toBe('OUTPUT_EXISTS');
    expect(error.message).toBe(
      `${join(dir, 'out')}: is a folder that is not empty (1 entries); pass --overwrite to replace it`,
    );
    const sink = await openStagedSink(join(dir, 'out'), FOLDER, { overwrite: true });
    await sink.write('new.png', 'new');
    expect(readdirSync(join(dir, 'out'))).toEqual(['old.png']); // untouched until commit
    await sink.commit();
    expect(readdirSync(join(dir, 'out'))).toEqual(['new.png']);
    expect(readdirSync(dir)).toEqual(['out']);
  });

  it('writes into an existing empty folder without overwrite', async () => {
    const dir = workspace();
    mkdirSync(join(dir, 'out'));
    const sink = await openStagedSink(join(dir, 'out'), FOLDER);
    await sink.write('a.png', 'a');
    await sink.commit();
    expect(readdirSync(join(dir, 'out'))).toEqual(['a.png']);
  });

  it('puts targets in place in order (PNG folder, then JSON) and skips a file never written', async () => {
    const dir = workspace();
    const sink = await openStagedSink(dir, [
      { path: 'pan', folder: true },
      { path: 'pan.json', folder: false },
      { path: 'never.json', folder: false },
    ]);
    await sink.write('pan/a.png', 'png');
    await sink.write('pan.json', '{}');
    expect(readdirSync(dir).every((name) => TEMPORARY_NAME.test(name))).toBe(true);
    await sink.commit();
    expect(readdirSync(dir).sort()).toEqual(['pan', 'pan.json']);
  });

  it('refuses a path outside every target, a path written twice and a name that climbs out', async () => {
    const dir = workspace();
    const sink = await openStagedSink(dir, [{ path: 'pan.json', folder: false }]);
    expect((await refusal(() => sink.write('other.json', '{}'))).code).toBe('UNSAFE_PATH');
    const folder = await openStagedSink(join(dir, 'out'), FOLDER);
    await folder.write('a.png', '1');
    const twice = await refusal(() => folder.write('./a.png', '2'));
    expect(twice.code).toBe('OUTPUT_CONFLICT');
    expect(twice.message).toBe(`${join(dir, 'out')}: "a.png" is written twice`);
    const out = await refusal(() => folder.write('../../x.png', '3'));
    expect(out.code).toBe('UNSAFE_PATH');
    expect(out.message).toBe(
      `${join(dir, 'out')}: output name "../../x.png" climbs out of the output folder with ".."`,
    );
    const nul = await refusal(() => folder.write('a\u0000.png', '4'));
    expect(nul.code).toBe('UNSAFE_PATH');
    const file = await refusal(() => folder.write('a.png/b.png', '5'));
    expect(file.code).toBe('OUTPUT_CONFLICT');
    expect(file.message).toBe(`${join(dir, 'out')}: "a.png/b.png" needs a folder "a.png" where a file is written`);
    await folder.abort();
    await sink.abort();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an output under a regular file is an IO error naming the file in the way', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'file'), 'x');
    const error = await refusal(() => openStagedSink(join(dir, 'file', 'sub', 'out'), FOLDER));
    expect(error.code).toBe('IO');
    expect(error.message).toBe(
      `${join(dir, 'file', 'sub')}: cannot create the folder: ${join(dir, 'file')} is a file, not a folder`,
    );
    const atomic = await refusal(() => writeFileAtomic(join(dir, 'file', 'r.json'), ['{}']));
    expect(atomic.message).toBe(
      `${join(dir, 'file')}: cannot create the folder: ${join(dir, 'file')} is a file, not a folder`,
    );
    const asFolder = await refusal(() => openStagedSink(join(dir, 'file'), FOLDER, { overwrite: true }));
    expect(asFolder.code).toBe('OUTPUT_EXISTS');
    expect(asFolder.message).toBe(`${join(dir, 'file')}: is a file; a folder output cannot replace it`);
  });

  it('removeTemporariesSync (what the signal handlers call) removes an open staged folder and the folders made for it', async () => {
    const dir = workspace();
    mkdirSync(join(dir, 'kept'));
    writeFileSync(join(dir, 'kept', 'mine.txt'), 'x');
    const sink = await openStagedSink(join(dir, 'x', 'y', 'out'), FOLDER);
    const other = await openStagedSink(join(dir, 'kept', 'out'), FOLDER);
    await sink.write('a.png', 'a');
    await other.write('a.png', 'a');
    expect(readdirSync(join(dir, 'x', 'y'))).toHaveLength(1);
    removeTemporariesSync();
    expect(readdirSync(dir)).toEqual(['kept']);
    expect(readdirSync(join(dir, 'kept'))).toEqual(['mine.txt']);
    // A write after the cleanup does not bring the folder back (no mkdir -p of the temporary).
    await expect(sink.write('b/c.png', 'c')).rejects.toThrow(SegkitError);
    expect(readdirSync(dir)).toEqual(['kept']);
  });
});

describe('sweepTemporaries(folder)', () => {
  it("removes only temporaries whose process is gone, never this process's or a live one's", async () => {
    const dir = workspace();
    const dead = deadPid();
    const names = [
      `.segkit-tmp-${dead}-0123abcd-out`,
      `.segkit-tmp-${dead}-89abcdef-r.json`,
      `.segkit-tmp-${process.pid}-00000000-mine`,
      `.segkit-tmp-${process.ppid}-11111111-parent`,
      'out',
      '.segkit-tmp-not-a-pid',
    ];
    mkdirSync(join(dir, names[0]));
    writeFileSync(join(dir, names[0], 'a.png'), 'x');
    for (const name of names.slice(1)) writeFileSync(join(dir, name), 'x');
    const removed = await sweepTemporaries(dir);
    expect(removed.sort()).toEqual(names.slice(0, 2).sort());
    expect(readdirSync(dir).sort()).toEqual(names.slice(2).sort());
  });
});

describe('inputs that are not regular files', () => {
  it('readRegularFile refuses a FIFO at once (never waits for a writer) and a directory', async () => {
    const dir = workspace();
    mkfifo(join(dir, 'pipe'));
    const error = await refusal(() => readRegularFile(join(dir, 'pipe')));
    expect(error.code).toBe('NOT_A_FILE');
    expect(error.message).toBe(`${join(dir, 'pipe')}: is a FIFO (named pipe), not a regular file`);
    expect((await refusal(() => readRegularFile('/dev/zero'))).message).toBe(
      '/dev/zero: is a character device, not a regular file',
    );
    expect((await refusal(() => readRegularFile(dir))).message).toBe(`${dir}: cannot read: EISDIR`);
    expect((await refusal(() => readRegularFile(join(dir, 'none')))).message).toBe(
      `${join(dir, 'none')}: cannot read: ENOENT`,
    );
  });

  it('listRegularFiles refuses a FIFO inside the folder, lists no link, and walks a link loop once', async () => {
    const dir = workspace();
    mkdirSync(join(dir, 'a'));
    writeFileSync(join(dir, 'a', 'x.png'), 'x');
    symlinkSync('..', join(dir, 'a', 'loop'));
    symlinkSync('/etc', join(dir, 'out'));
    symlinkSync('/etc/hostname', join(dir, 'host.png'));
    expect(await listRegularFiles(dir)).toEqual(['a/x.png']);
    mkfifo(join(dir, 'a', 'pipe.png'));
    const error = await refusal(() => listRegularFiles(dir));
    expect(error.code).toBe('NOT_A_FILE');
    expect(error.message).toBe(`${join(dir, 'a', 'pipe.png')}: is a FIFO (named pipe), not a regular file or folder`);
  });
});

describe('checkOutputPaths(outputs, inputs)', () => {
  it('refuses an output that is another output, lies inside one, is an input or lies inside an input folder', async () => {
    const dir = workspace();
    mkdirSync(join(dir, 'in'));
    writeFileSync(join(dir, 'in.json'), '{}');
    symlinkSync(join(dir, 'in'), join(dir, 'link'));
    const out = { path: join(dir, 'out'), what: 'the output' };
    const input = { path: join(dir, 'in'), what: 'the input' };
    const cases: [{ path: string; what: string }[], string][] = [
      [
        [out, { path: join(dir, 'out'), what: '--report' }],
        `--report ${join(dir, 'out')} is the output ${join(dir, 'out')} itself`,
      ],
      [
        [out, { path: join(dir, 'out', 'r.json'), what: '--report' }],
        `--report ${join(dir, 'out', 'r.json')} lies inside the output ${join(dir, 'out')}`,
      ],
      [
        [{ path: join(dir, 'in', 'r.json'), what: '--report' }],
        `--report ${join(dir, 'in', 'r.json')} lies inside the input folder ${join(dir, 'in')}`,
      ],
      [
        [{ path: join(dir, 'link', 'sub', 'r.json'), what: '--report' }],
        `--report ${join(dir, 'link', 'sub', 'r.json')} lies inside the input folder ${join(dir, 'in')}`,
      ],
      [
        [{ path: join(dir, 'in'), what: 'the output' }],
        `the output ${join(dir, 'in')} is the input ${join(dir, 'in')} itself`,
      ],
      [
        [{ path: dir, what: 'the output' }],
        `the input ${join(dir, 'in')} lies inside the output ${dir}, which would replace it`,
      ],
    ];
    for (const [outputs, message] of cases) {
      const error = await refusal(() => checkOutputPaths(outputs, [input]));
      expect(error.code).toBe('OUTPUT_CONFLICT');
      expect(error.message).toContain(message);
    }
    // Beside the input, and a file input's folder: fine.
    await checkOutputPaths(
      [out, { path: join(dir, 'r.json'), what: '--report' }],
      [input, { path: join(dir, 'in.json'), what: 'x' }],
    );
  });
});
