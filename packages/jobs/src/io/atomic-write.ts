import { closeSync, openSync } from 'node:fs';
import { lstat, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SegkitError } from '@segkit/core';
import { makeFolder } from './make-folder.js';
import { sweepTemporaries, temporaryPath, trackTemporary, untrackTemporary } from './temp-files.js';

/**
 * Writes `chunks` to `path` through a temporary file in the same folder (see temp-files.ts), renamed
 * into place only once everything is on disk, so a failure or a kill never leaves a half-written
 * output behind. An existing file is replaced; a folder, FIFO or device at `path` is refused.
 */
export async function writeFileAtomic(path: string, chunks: Iterable<string | Uint8Array>): Promise<void> {
  const folder = dirname(path);
  await makeFolder(folder);
  await sweepTemporaries(folder);
  await refuseNonFile(path);
  const temporary = await writeTemporaryFile(path, chunks);
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new SegkitError('IO', `cannot write: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, [
      path,
    ]);
  } finally {
    untrackTemporary(temporary);
  }
}

/**
 * Writes `chunks` to a fresh temporary file beside `path` (registered for removal on a signal) and
 * returns its path; the caller renames it into place or removes it. Errors name `path`.
 */
export async function writeTemporaryFile(path: string, chunks: Iterable<string | Uint8Array>): Promise<string> {
  const temporary = temporaryPath(path);
  trackTemporary(temporary);
  try {
    // Created synchronously: a signal handler finds it made (and removes it) or not yet made, never
    // a creation in flight that lands after the cleanup. Opened again without O_CREAT to write.
    closeSync(openSync(temporary, 'wx'));
    const handle = await open(temporary, 'r+');
    try {
      let pending = '';
      for (const chunk of chunks) {
        if (typeof chunk !== 'string') {
          if (pending.length > 0) await handle.write(pending);
          pending = '';
          await handle.write(chunk);
          continue;
        }
        pending += chunk;
        if (pending.length >= 1 << 20) {
          await handle.write(pending);
          pending = '';
        }
      }
      if (pending.length > 0) await handle.write(pending);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return temporary;
  } catch (error) {
    await rm(temporary, { force: true });
    untrackTemporary(temporary);
    if (error instanceof SegkitError) throw error;
    throw new SegkitError('IO', `cannot write: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, [
      path,
    ]);
  }
}

/**
 * A file output may replace a file (or a link, which the rename replaces, never writing through it),
 * never a folder, FIFO, socket or device.
 */
export async function refuseNonFile(path: string): Promise<void> {
  const info = await lstat(path).catch(() => undefined);
  if (info === undefined || info.isFile() || info.isSymbolicLink()) return;
  if (info.isDirectory())
    throw new SegkitError('OUTPUT_EXISTS', 'is a folder; a file output cannot replace it', [path]);
  throw new SegkitError('NOT_A_FILE', `is ${specialKind(info)}, not a regular file; a file output cannot replace it`, [
    path,
  ]);
}

/** What a file that is neither regular nor a folder is, for messages. */
export function specialKind(info: {
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}): string {
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  return 'an unknown kind of file';
}
