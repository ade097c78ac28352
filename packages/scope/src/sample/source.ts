/**
 * Where an image came from, guessed from its file name, so the sampler can spread its picks across
 * sources (camera, sequence, city, site). Two guesses, the first that groups the images wins:
 *
 *   aachen/aachen_000000_000019.png   → folder   "aachen"   (Cityscapes: one folder per city)
 *   0001TP_006690.png, Seq05VD_f0.png → prefix   "0001TP", "Seq05VD" (CamVid: sequence before "_")
 *
 * A guess "groups" the images when it gives at least 2 names and at most half as many names as
 * images; a guess that gives every image its own name (content-hash folders, numbered files) says
 * nothing about sources. When neither groups, every image has the one source "all".
 */

export const ONE_SOURCE = 'all';

/** The folder of a relative path ("" at the top). */
function folderOf(fileName: string): string {
  const slash = fileName.lastIndexOf('/');
  return slash < 0 ? '' : fileName.slice(0, slash);
}

/** The base name up to its first "_" or "-" (the whole base name, extension dropped, when there is none). */
function prefixOf(fileName: string): string {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '');
  const cut = base.search(/[_-]/);
  return cut <= 0 ? base : base.slice(0, cut);
}

function groups(names: readonly string[]): boolean {
  const distinct = new Set(names).size;
  return distinct >= 2 && distinct * 2 <= names.length;
}

/**
 * One source name per file name (same order). `pattern`, when given, decides alone: its first capture
 * group (or whole match) is the source, and a name it does not match gets the source "other".
 */
export function inferSources(fileNames: readonly string[], pattern?: RegExp): string[] {
  if (pattern !== undefined) {
    return fileNames.map((name) => {
      const match = pattern.exec(name);
      return match === null ? 'other' : (match[1] ?? match[0]);
    });
  }
  const folders = fileNames.map(folderOf);
  if (groups(folders)) return folders;
  const prefixes = fileNames.map(prefixOf);
  if (groups(prefixes)) return prefixes;
  return fileNames.map(() => ONE_SOURCE);
}
