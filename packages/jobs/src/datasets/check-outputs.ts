import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { SegkitError } from '@segkit/core';
import { isInside } from './paths.js';

/** A path on the command line and how messages name it: `{ path: 'r.json', what: '--report' }`. */
export interface NamedPath {
  path: string;
  what: string;
}

/**
 * Refuses, before anything is read or written, outputs that would overwrite each other or an input:
 * two outputs that are one path or one inside the other (`--report out/r.json` with the output
 * `out/`), an output that is an input, lies inside an input folder (a second run would read it back
 * as data) or holds an input (`--overwrite` would replace it). Paths are compared with links
 * resolved, so `out` and a link to it are one. An OUTPUT_CONFLICT naming both paths otherwise.
 */
export async function checkOutputPaths(outputs: readonly NamedPath[], inputs: readonly NamedPath[]): Promise<void> {
  const real = await Promise.all(outputs.map(async (o) => ({ ...o, real: await realish(o.path) })));
  const sources = await Promise.all(
    inputs.map(async (i) => ({ ...i, real: await realish(i.path), folder: await isFolder(i.path) })),
  );
  for (const [k, a] of real.entries()) {
    for (const b of real.slice(k + 1)) {
      if (a.real === b.real) conflict(`${b.what} ${b.path} is ${a.what} ${a.path} itself`);
      if (isInside(b.real, a.real)) conflict(`${a.what} ${a.path} lies inside ${b.what} ${b.path}`);
      if (isInside(a.real, b.real)) conflict(`${b.what} ${b.path} lies inside ${a.what} ${a.path}`);
    }
    for (const input of sources) {
      if (a.real === input.real) conflict(`${a.what} ${a.path} is ${input.what} ${input.path} itself`);
      if (input.folder && isInside(input.real, a.real)) {
        conflict(`${a.what} ${a.path} lies inside ${input.what} folder ${input.path}`);
      }
      if (isInside(a.real, input.real)) {
        conflict(`${input.what} ${input.path} lies inside ${a.what} ${a.path}, which would replace it`);
      }
    }
  }
}

/** The message names both paths: no location prefix repeating one of them. */
function conflict(message: string): never {
  throw new SegkitError('OUTPUT_CONFLICT', message);
}

async function isFolder(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() === true;
}

/** `path` absolute with its deepest existing part's links resolved (the rest does not exist yet). */
async function realish(path: string): Promise<string> {
  const absolute = resolve(path);
  const missing: string[] = [];
  for (let p = absolute; ; p = dirname(p)) {
    const found = await realpath(p).catch(() => undefined);
    if (found !== undefined) return join(found, ...missing);
    if (dirname(p) === p) return absolute;
    missing.unshift(basename(p));
  }
}
