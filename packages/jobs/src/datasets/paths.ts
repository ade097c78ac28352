import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * The deepest folder holding both `a` and `b` (as the user typed `a` when it already holds `b`), so
 * one source or sink can reach a JSON and a PNG folder given apart (`--png-dir elsewhere/`).
 */
export function commonFolder(a: string, b: string): string {
  if (isInside(a, b)) return a;
  let folder = resolve(a);
  while (!isInside(folder, b) && dirname(folder) !== folder) folder = dirname(folder);
  return folder;
}

/** True when `path` is `folder` or lies under it. */
export function isInside(folder: string, path: string): boolean {
  const inside = relative(resolve(folder), resolve(path));
  return inside === '' || (!inside.startsWith(`..${sep}`) && inside !== '..' && !isAbsolute(inside));
}

/** `path` relative to `folder`, '/'-separated (a FileSource or FileSink path). */
export function posixRelative(folder: string, path: string): string {
  const inside = relative(resolve(folder), resolve(path));
  return sep === '/' ? inside : inside.split(sep).join('/');
}
