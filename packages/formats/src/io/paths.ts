/**
 * '/'-separated relative paths inside a FileSource or FileSink, joined without node:path so the
 * codecs stay browser-safe: `joinPath('a/', './b', 'c.png')` → `a/b/c.png`, `joinPath('.', 'x')` → `x`.
 * `..` pops a part where there is one (so `a/../b` → `b`) and is kept at the start otherwise.
 */
export function joinPath(...parts: string[]): string {
  const absolute = parts.length > 0 && parts[0].startsWith('/');
  const out: string[] = [];
  for (const part of parts) {
    for (const piece of part.split('/')) {
      if (piece === '' || piece === '.') continue;
      if (piece === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (piece !== '..' || !absolute) out.push(piece);
    }
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined === '' ? '.' : joined;
}

/** `a/b/c.png` → `a/b`; `c.png` → `.`. */
export function dirnamePath(path: string): string {
  const slash = path.replace(/\/+$/, '').lastIndexOf('/');
  if (slash < 0) return '.';
  return slash === 0 ? '/' : path.slice(0, slash);
}

/** `a/b/c.png` → `c.png`. */
export function basenamePath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** `a/b.jpg` → `a/b`; a dot in a folder name is not an extension. */
export function stripExtension(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') ? path.slice(0, dot) : path;
}
