import { randomBytes } from 'node:crypto';
import { existsSync, rmdirSync, rmSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/*
 * Every temporary file or folder segkit writes is named `.segkit-tmp-<pid>-<8 hex>-<name>` and sits
 * beside the output it becomes (same folder, so the final rename never crosses file systems):
 *
 *   out/                                  the output, once complete
 *   .segkit-tmp-4242-9f3a01bc-out/        while it is written (pid 4242)
 *
 * The process keeps a list of the ones it has open: a SIGINT or SIGTERM handler removes them
 * (`removeTemporariesSync`), and a later run removes those a kill -9 left (`sweepTemporaries`): only
 * those whose pid is no longer alive, so two runs side by side never remove each other's.
 */

const PREFIX = '.segkit-tmp-';
/** A temporary name, with the pid of the process that made it. */
export const TEMPORARY_NAME = /^\.segkit-tmp-(\d+)-[0-9a-f]{8}-/;

const live = new Set<string>();
/** Folders made for an output not yet in place, deepest first: removed on a signal when left empty. */
const madeFolders = new Set<string>();
const swept = new Set<string>();

/**
 * A fresh temporary path beside `target`. The target's name is kept in it for people looking at
 * the folder, shortened to ASCII so the temporary name fits where the target's does.
 */
export function temporaryPath(target: string, tag = ''): string {
  const name = basename(target)
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .slice(0, 64);
  return join(dirname(target), `${PREFIX}${process.pid}-${randomBytes(4).toString('hex')}-${tag}${name}`);
}

/** Registers a temporary path for removal on SIGINT / SIGTERM. */
export function trackTemporary(path: string): void {
  live.add(path);
}

/** The path is renamed into place or removed: no longer this process's to clean up. */
export function untrackTemporary(path: string): void {
  live.delete(path);
}

/**
 * Registers folders made to hold an output (deepest first) for removal on SIGINT / SIGTERM, where
 * they are left empty; forgotten again once the output is in place (`forgetMadeFolders`).
 */
export function trackMadeFolders(folders: readonly string[]): void {
  for (const folder of folders) madeFolders.add(folder);
}

export function forgetMadeFolders(folders: readonly string[]): void {
  for (const folder of folders) madeFolders.delete(folder);
}

/** The temporary paths this process has open (for tests and signal handlers). */
export function liveTemporaries(): string[] {
  return [...live];
}

/**
 * Removes every temporary path this process has open, synchronously: called from a signal handler
 * just before the process exits, when no promise will run again.
 */
export function removeTemporariesSync(): void {
  for (const path of live) removeNow(path);
  live.clear();
  for (const folder of madeFolders) {
    try {
      rmdirSync(folder); // only when empty: whatever else is in it stays
    } catch {
      // Not empty, or gone.
    }
  }
  madeFolders.clear();
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Removes `path` for good. A write already handed to libuv's threads may still create a file in a
 * folder being removed, after the removal listed it (rmSync then fails with ENOTEMPTY, and its own
 * retries only retry the rmdir): so whole passes, a moment apart, until the path is gone, after
 * which nothing can be created in it again (no folder of a temporary is made with mkdir -p).
 */
function removeNow(path: string): void {
  for (let pass = 0; pass < 50; pass++) {
    try {
      rmSync(path, { recursive: true, force: true });
    } catch {
      // ENOTEMPTY: a write in flight landed; the next pass takes it.
    }
    if (!existsSync(path)) return;
    Atomics.wait(pause, 0, 0, 2); // 2 ms for the writes in flight to land
  }
}

/** True when a process `pid` exists (EPERM: it exists, owned by someone else). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files and folders in `folder` that a killed run left: those whose pid is
 * neither this process nor alive. Once per folder per process; a missing folder has none. Returns
 * the names removed.
 */
export async function sweepTemporaries(folder: string): Promise<string[]> {
  if (swept.has(folder)) return [];
  swept.add(folder);
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = TEMPORARY_NAME.exec(name);
    if (match === null) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || isAlive(pid)) continue;
    await rm(join(folder, name), { recursive: true, force: true }).catch(() => undefined);
    removed.push(name);
  }
  return removed;
}
