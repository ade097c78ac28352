/**
 * '/'-separated relative paths as FileSource uses them (formats import no node:path): the folder of a
 * path, the last name, joining with `.` and `..` resolved. Windows separators in annotation files
 * (labelme writes `imagePath` as the annotator's OS spelled it) are read as '/'.
 */

export function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `join('a/b', '../c.jpg')` → `a/c.jpg`; a `..` above the root is kept, so nothing is silently lost. */
export function joinPath(...parts: string[]): string {
  const out: string[] = [];
  for (const part of parts) {
    for (const name of part.replace(/\\/g, '/').split('/')) {
      if (name === '' || name === '.') continue;
      if (name === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else out.push(name);
    }
  }
  return out.join('/');
}

/** `a/b.jpg` → `a/b`; a dot in a folder name is not an extension. */
export function stripExtension(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') ? path.slice(0, dot) : path;
}
