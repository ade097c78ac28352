import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { lstat, mkdir, open, readdir, realpath, rm, rmdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { SegkitError } from '@segkit/core';
import { type FileSink, type OutputTarget, outputKey, outputName, PATH_MAX_BYTES, utf8Bytes } from '@segkit/formats';
import { refuseNonFile, specialKind, writeTemporaryFile } from './atomic-write.js';
import { makeFolder } from './make-folder.js';
import {
  forgetMadeFolders,
  sweepTemporaries,
  temporaryPath,
  trackMadeFolders,
  trackTemporary,
  untrackTemporary,
} from './temp-files.js';

/*
 * A FileSink that writes nothing where anyone can see it until the whole write is done: each output
 * target (a folder, or a single file) is written as a temporary sibling (temp-files.ts) and renamed
 * into place by `commit`, in the order the targets are given (coco-panoptic: the PNG folder, then
 * the JSON). `abort` removes every temporary. So a failure at the last item leaves nothing, and a
 * kill leaves at most a temporary that the next run sweeps.
 *
 *   const sink = await openStagedSink('out', [{ path: '', folder: true }]);
 *   try { await format.write(dataset, sink); await sink.commit(); } catch (e) { await sink.abort(); throw e; }
 *
 * Every path passes formats' `outputName` (inside the output, a name file systems hold); a path
 * written twice, or one the file system takes for another (a case-insensitive one: `A.png` and
 * `a.png`), is an OUTPUT_CONFLICT: files are created with O_EXCL in a fresh folder, so the file
 * system itself says when two names are one file.
 */

export interface StagedSinkOptions {
  /** Replace a non-empty output folder (`--overwrite`); without it one is refused (OUTPUT_EXISTS). */
  overwrite?: boolean;
}

export interface StagedSink extends FileSink {
  /** Paths written so far, relative to the sink. */
  readonly written: string[];
  /** Moves every target into place (folders replace an empty or, with `overwrite`, any folder). */
  commit(): Promise<void>;
  /** Removes every temporary, and the parent folders the sink created when they are left empty. */
  abort(): Promise<void>;
}

interface Stage {
  target: OutputTarget;
  /** The target as messages name it (the root as the user typed it, joined with the target's path). */
  shown: string;
  /** Where it goes on disk (absolute; a link to a folder resolved). */
  place: string;
  /** Where it is written meanwhile; for a file, undefined until written. */
  temporary: string | undefined;
  /** The parent folders the sink made for it, deepest first (removed again on abort when empty). */
  made: string[];
  /** Folders made inside the temporary folder so far (relative). */
  folders: Set<string>;
}

/** A staged sink over `root` writing `targets` (paths relative to root; `''` is the root itself). */
export async function openStagedSink(
  root: string,
  targets: readonly OutputTarget[],
  options: StagedSinkOptions = {},
): Promise<StagedSink> {
  const stages: Stage[] = [];
  try {
    for (const target of targets) stages.push(await prepare(root, target, options));
  } catch (error) {
    await removeStages(stages);
    throw error;
  }
  const written: string[] = [];
  const keys = new Map<string, string>();
  let state: 'open' | 'committed' | 'aborted' = 'open';

  const write = async (path: string, data: Uint8Array | string): Promise<void> => {
    if (state !== 'open') throw new SegkitError('IO', `cannot write ${path}: the output is ${state}`, [root]);
    const relative = outputName(path, [root]);
    const key = outputKey(relative);
    if (keys.has(key)) {
      throw new SegkitError('OUTPUT_CONFLICT', `${JSON.stringify(relative)} is written twice`, [root]);
    }
    const { stage, inner } = route(stages, relative, root);
    keys.set(key, relative);
    if (!stage.target.folder) {
      stage.temporary = await writeTemporaryFile(stage.place, [data]);
    } else {
      // The whole path must fit PATH_MAX as the temporary folder's, which is a little longer than the output's.
      outputName(inner, [stage.shown], PATH_MAX_BYTES - utf8Bytes(stage.temporary as string) - 1);
      await writeInside(stage, inner, data, relative, keys);
    }
    written.push(relative);
  };

  return {
    name: root,
    written,
    write,
    async commit() {
      if (state !== 'open') throw new SegkitError('IO', `cannot commit: the output is ${state}`, [root]);
      state = 'committed';
      // Every rename at once, synchronously: a SIGINT or SIGTERM handler runs before them all or after
      // them all, never between (no JSON without its PNGs, no output half replaced).
      const placed: { stage: Stage; old: string | undefined }[] = [];
      try {
        for (const stage of stages) {
          if (stage.temporary === undefined) continue; // a file target never written: nothing to put in place
          placed.push({ stage, old: putInPlace(stage, options) });
        }
      } catch (error) {
        for (const { stage, old } of placed.reverse()) takeBack(stage, old);
        await removeStages(stages);
        throw error;
      }
      for (const stage of stages) forgetMadeFolders(stage.made); // they hold the output now
      // The replaced folders, out of sight already, are removed now (swept by the next run if we are killed).
      for (const { old } of placed) {
        if (old === undefined) continue;
        await rm(old, { recursive: true, force: true }).catch(() => undefined);
        untrackTemporary(old);
      }
    },
    async abort() {
      if (state === 'aborted') return;
      state = 'aborted';
      await removeStages(stages);
    },
  };
}

/** Checks what is at the target's place, makes its parent folder and its temporary. */
async function prepare(root: string, target: OutputTarget, options: StagedSinkOptions): Promise<Stage> {
  const shown = target.path === '' ? root : join(root, target.path);
  let place = resolve(shown);
  if (dirname(place) === place) {
    throw new SegkitError('OUTPUT_EXISTS', 'is the root of the file system; name a folder to write', [shown]);
  }
  let info = await lstat(place).catch(() => undefined);
  if (target.folder) {
    if (info?.isSymbolicLink()) {
      // A link to a folder: the folder it points to is replaced, the link stays.
      place = await realpath(place).catch(() => place);
      info = await lstat(place).catch(() => undefined);
    }
    if (info !== undefined && !info.isDirectory()) {
      const kind = info.isFile() ? 'a file' : specialKind(info);
      throw new SegkitError('OUTPUT_EXISTS', `is ${kind}; a folder output cannot replace it`, [shown]);
    }
    if (info !== undefined && !options.overwrite) {
      const entries = await readdir(place).catch(() => []);
      if (entries.length > 0) {
        throw new SegkitError(
          'OUTPUT_EXISTS',
          `is a folder that is not empty (${entries.length} entries); pass --overwrite to replace it`,
          [shown],
        );
      }
    }
  } else {
    await refuseNonFile(place);
  }
  const created = await makeFolder(dirname(place));
  const made: string[] = [];
  if (created !== undefined) {
    const top = resolve(created);
    for (let folder = dirname(place); ; folder = dirname(folder)) {
      made.push(folder);
      if (folder === top || dirname(folder) === folder) break;
    }
    trackMadeFolders(made);
  }
  await sweepTemporaries(dirname(place));
  const stage: Stage = { target, shown, place, temporary: undefined, made, folders: new Set() };
  if (target.folder) {
    const temporary = temporaryPath(place);
    trackTemporary(temporary);
    stage.temporary = temporary;
    try {
      // Made synchronously, as every temporary is (see writeTemporaryFile).
      mkdirSync(temporary);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new SegkitError('IO', `cannot create a temporary folder beside it: ${code ?? (error as Error).message}`, [
        shown,
      ]);
    }
  }
  return stage;
}

/** The target a path belongs to, and the path inside it; a path outside every target is a writer's bug. */
function route(stages: readonly Stage[], path: string, root: string): { stage: Stage; inner: string } {
  for (const stage of stages) {
    const at = stage.target.path;
    if (!stage.target.folder) {
      if (path === at) return { stage, inner: '' };
    } else if (at === '') return { stage, inner: path };
    else if (path.startsWith(`${at}/`)) return { stage, inner: path.slice(at.length + 1) };
  }
  throw new SegkitError(
    'UNSAFE_PATH',
    `${JSON.stringify(path)} is outside the outputs (${stages.map((s) => s.target.path || '.').join(', ')})`,
    [root],
  );
}

/** Writes one file inside a folder target's temporary folder, never over another. */
async function writeInside(
  stage: Stage,
  inner: string,
  data: Uint8Array | string,
  relative: string,
  keys: ReadonlyMap<string, string>,
): Promise<void> {
  const temporary = stage.temporary as string;
  const parts = inner.split('/');
  // Folders one at a time, never `mkdir -p`: a folder removed under us (a signal's cleanup) is not made again.
  for (let depth = 1; depth < parts.length; depth++) {
    const folder = parts.slice(0, depth).join('/');
    if (stage.folders.has(folder)) continue;
    try {
      await mkdir(join(temporary, folder));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const info = code === 'EEXIST' ? await lstat(join(temporary, folder)).catch(() => undefined) : undefined;
      if (info?.isDirectory() !== true) throw placeError(error, stage, folder, relative, keys, true);
    }
    stage.folders.add(folder);
  }
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(join(temporary, inner), 'wx');
  } catch (error) {
    throw placeError(error, stage, inner, relative, keys, false);
  }
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    throw new SegkitError('IO', `cannot write: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, [
      join(stage.shown, inner),
    ]);
  } finally {
    await handle.close();
  }
}

/** What a failed mkdir or exclusive create inside the temporary folder means for the user. */
function placeError(
  error: unknown,
  stage: Stage,
  inner: string,
  relative: string,
  keys: ReadonlyMap<string, string>,
  folder: boolean,
): SegkitError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR') {
    // The file system took this name for one already written: the same name in another case or form.
    const folded = outputKey(relative).toLowerCase();
    const other = [...keys.values()].find((path) => path !== relative && outputKey(path).toLowerCase() === folded);
    const what = folder ? `needs a folder ${JSON.stringify(inner)} where a file is written` : 'is already written';
    const why =
      other === undefined ? what : `and ${JSON.stringify(other)} are one file on this file system (it ignores case)`;
    return new SegkitError('OUTPUT_CONFLICT', `${JSON.stringify(relative)} ${why}`, [stage.shown]);
  }
  if (code === 'ENAMETOOLONG') {
    return new SegkitError('UNSAFE_PATH', `${JSON.stringify(relative)} is a longer name than the file system holds`, [
      stage.shown,
    ]);
  }
  return new SegkitError('IO', `cannot write: ${code ?? (error as Error).message}`, [join(stage.shown, inner)]);
}

/**
 * Renames a stage's temporary into place; a non-empty folder there is replaced only with
 * `overwrite`: it steps aside under a temporary name, returned for removal.
 */
function putInPlace(stage: Stage, options: StagedSinkOptions): string | undefined {
  const temporary = stage.temporary as string;
  let old: string | undefined;
  try {
    renameSync(temporary, stage.place);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!stage.target.folder || (code !== 'ENOTEMPTY' && code !== 'EEXIST')) {
      throw new SegkitError('IO', `cannot move into place: ${code ?? (error as Error).message}`, [stage.shown]);
    }
    if (!options.overwrite) {
      throw new SegkitError('OUTPUT_EXISTS', 'was filled while segkit wrote it; pass --overwrite to replace it', [
        stage.shown,
      ]);
    }
    // Replaced, not merged: the old folder steps aside, the new one moves in.
    old = temporaryPath(stage.place, 'old-');
    trackTemporary(old);
    try {
      renameSync(stage.place, old);
    } catch (again) {
      untrackTemporary(old);
      throw replaceError(again, stage);
    }
    try {
      renameSync(temporary, stage.place);
    } catch (again) {
      renameSync(old, stage.place); // the old folder back where it was
      untrackTemporary(old);
      throw replaceError(again, stage);
    }
  }
  untrackTemporary(temporary);
  stage.temporary = undefined;
  return old;
}

/** Undoes putInPlace after a later target failed: the new output removed, the old one back. */
function takeBack(stage: Stage, old: string | undefined): void {
  try {
    rmSync(stage.place, { recursive: true, force: true });
    if (old !== undefined) {
      renameSync(old, stage.place);
      untrackTemporary(old);
    }
  } catch {
    // Best effort: what is left is a temporary the next run sweeps.
  }
}

function replaceError(error: unknown, stage: Stage): SegkitError {
  const code = (error as NodeJS.ErrnoException).code;
  return new SegkitError('IO', `cannot replace: ${code ?? (error as Error).message}`, [stage.shown]);
}

/** Removes the stages' temporaries and the parent folders they created, where those are empty. */
async function removeStages(stages: readonly Stage[]): Promise<void> {
  for (const stage of stages) {
    if (stage.temporary !== undefined) {
      await rm(stage.temporary, { recursive: true, force: true }).catch(() => undefined);
      untrackTemporary(stage.temporary);
      stage.temporary = undefined;
    }
  }
  for (const stage of stages) {
    for (const folder of stage.made) {
      const removed = await rmdir(folder).then(
        () => true,
        () => false,
      );
      if (!removed) break; // not empty: what is above it is not empty either
    }
    forgetMadeFolders(stage.made);
  }
}
