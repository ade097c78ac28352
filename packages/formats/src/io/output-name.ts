/**
 * The one gate between a name that comes from data (COCO `file_name`, an annotation id, CVAT `name`,
 * labelme `imagePath`, Label Studio `data.image`) and a path a writer creates inside its output:
 *
 *   outputName('train/a.png')      → 'train/a.png'
 *   outputName('./train//a.png')   → UNSAFE_PATH (an empty part)
 *   outputName('../../x.png')      → UNSAFE_PATH (climbs out of the output folder)
 *   outputName('C:\\x.png')        → UNSAFE_PATH (a drive letter)
 *
 * A name passes when it is relative, '/'-separated, every part a plain name (no `..`, no empty part,
 * no NUL or other control character, no backslash, no drive letter, no lone UTF-16 surrogate, which
 * would be written as U+FFFD and so could meet another name), each part at most 255 bytes of UTF-8
 * and the whole at most 4096 (Linux's NAME_MAX and PATH_MAX; macOS and Windows allow less in all).
 * `.` parts are dropped. Pure: no file system is asked; the Node layer's sink checks again where the
 * file system itself disagrees (a case-insensitive one), see @segkit/jobs' staged sink.
 */
import { SegkitError, showValue } from '@segkit/core';

/** Bytes one path part may take on the file systems segkit writes to (ext4, APFS, NTFS in UTF-16 is less). */
export const NAME_MAX_BYTES = 255;
/** Bytes a whole path may take (Linux PATH_MAX, counting the output folder's own path). */
export const PATH_MAX_BYTES = 4096;

// C0 controls, DEL and C1 controls: NUL crashes Node's fs calls, the others make names no one can type.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** UTF-8 length of a well-formed string, without encoding it. */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4; // a surrogate pair: one 4-byte code point
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Why `name` cannot be a path inside an output folder, or undefined when it can. */
export function unsafeNameReason(name: string, maxPathBytes = PATH_MAX_BYTES): string | undefined {
  if (name === '') return 'is empty';
  const control = CONTROL.exec(name);
  if (control !== null) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return `holds the control character U+${code}`;
  }
  if (LONE_SURROGATE.test(name)) return 'is not valid Unicode (a lone surrogate)';
  if (name.startsWith('/')) return 'is absolute';
  if (/^[A-Za-z]:/.test(name)) return 'starts with a drive letter';
  if (name.includes('\\')) return 'holds a backslash (a folder separator on Windows)';
  const parts = name.split('/');
  if (parts.includes('..')) return 'climbs out of the output folder with ".."';
  if (parts.includes(''))
    return name.endsWith('/') ? 'ends with "/" (names a folder, not a file)' : 'has an empty part ("//")';
  if (parts.every((part) => part === '.')) return 'names the output folder itself';
  for (const part of parts) {
    const bytes = utf8Bytes(part);
    if (bytes > NAME_MAX_BYTES) return `has a part of ${bytes} bytes; file systems allow ${NAME_MAX_BYTES}`;
  }
  const bytes = utf8Bytes(name);
  if (bytes > maxPathBytes) return `is ${bytes} bytes long; at most ${maxPathBytes} fit in the output folder`;
  return undefined;
}

/**
 * `name` as a path inside an output folder (its `.` parts dropped), or an UNSAFE_PATH SegkitError
 * located at `where` (outermost first, e.g. `['out/', 'image 3 (file_name "../x.jpg")']`).
 */
export function outputName(name: string, where: readonly string[] = [], maxPathBytes = PATH_MAX_BYTES): string {
  const reason = unsafeNameReason(name, maxPathBytes);
  if (reason !== undefined)
    throw new SegkitError('UNSAFE_PATH', `output name ${JSON.stringify(name)} ${reason}`, where);
  return name
    .split('/')
    .filter((part) => part !== '.')
    .join('/');
}

/**
 * `name` as one part of an output path (a folder or file name a writer joins with others): as
 * `outputName`, and holding no '/'.
 */
export function outputPart(name: string, where: readonly string[] = []): string {
  const path = outputName(name, where);
  if (path.includes('/')) {
    throw new SegkitError(
      'UNSAFE_PATH',
      `output name ${JSON.stringify(name)} holds a "/" where one name is expected`,
      where,
    );
  }
  return path;
}

/**
 * How two names compare for "the same file": Unicode-normalised (NFC), as macOS stores names and as
 * two names that look the same should be. Case is compared by the file system itself (the Node
 * layer's sink refuses a file that already exists), since folding it here would refuse names that
 * Linux keeps apart.
 */
export function outputKey(path: string): string {
  return path.normalize('NFC');
}

/**
 * The plan of a writer's output names, checked before anything is written: every name passes
 * `outputName`, and two items that would land on one file, or one item's file where another needs
 * a folder, are an OUTPUT_CONFLICT naming both, never a silent overwrite.
 *
 *   const names = new OutputNames(sink.name);
 *   names.claim('a.png', 'image 0 (file_name "a.jpg")');
 *   names.claim('a.png', 'image 1 (file_name "a.png")'); // OUTPUT_CONFLICT: image 0 ... and image 1 ... would both be written as a.png
 */
export class OutputNames {
  private readonly files = new Map<string, string>();
  private readonly folders = new Map<string, string>();
  private readonly ownFolders = new Map<string, string>();

  /** `output`: how messages name the output (the sink's name). */
  constructor(readonly output: string) {}

  /** Reserves a name the writer itself uses (`classes.json`), so no item can take it. */
  reserve(path: string, what = 'segkit'): void {
    this.claim(path, `${what}'s own ${path}`);
  }

  /**
   * Reserves the folder `name` for `item` alone (binary masks: one folder per image): a second
   * claim of it, or a file of that name, is a conflict.
   */
  claimFolder(name: string, item: string): string {
    const path = outputName(name, [this.output, item]);
    const key = outputKey(path);
    const other = this.ownFolders.get(key) ?? this.files.get(key);
    if (other !== undefined)
      throw this.conflict(`${other} and ${item} would both be written in ${JSON.stringify(path)}`);
    this.ownFolders.set(key, item);
    return path;
  }

  /** Whether a file `path` is planned already. */
  has(path: string): boolean {
    return this.files.has(outputKey(path));
  }

  /** Checks `name` for `item` and reserves it; returns the path to write. */
  claim(name: string, item: string): string {
    const path = outputName(name, [this.output, item]);
    const key = outputKey(path);
    const file = this.files.get(key);
    if (file !== undefined) throw this.conflict(`${file} and ${item} would both be written as ${JSON.stringify(path)}`);
    const folder = this.folders.get(key) ?? this.ownFolders.get(key);
    if (folder !== undefined) {
      throw this.conflict(`${item} would be written as ${JSON.stringify(path)}, the folder ${folder} writes into`);
    }
    // Every folder above the file: a later item may not take one of them as a file.
    for (let slash = key.indexOf('/'); slash >= 0; slash = key.indexOf('/', slash + 1)) {
      const above = key.slice(0, slash);
      const taken = this.files.get(above);
      if (taken !== undefined) {
        throw this.conflict(`${item} needs a folder ${JSON.stringify(above)} where ${taken} is written`);
      }
      if (!this.folders.has(above)) this.folders.set(above, item);
    }
    this.files.set(key, item);
    return path;
  }

  private conflict(message: string): SegkitError {
    return new SegkitError('OUTPUT_CONFLICT', message, [this.output]);
  }
}

/** A name as the data spells it, in full (it is the name the user must find and change), any other value as showValue shows it. */
const shownName = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : showValue(value));

/** How a writer names an annotation in these messages: `annotation 3 (id "../x")`. */
export function annotationItem(annotation: { id?: unknown }, index: number): string {
  return annotation.id === undefined ? `annotation ${index}` : `annotation ${index} (id ${shownName(annotation.id)})`;
}

/** How a writer names an image in these messages: `image 3 (file_name "../x.jpg")`, or by id. */
export function imageItem(image: { file_name?: unknown; id?: unknown }, index: number): string {
  if (typeof image.file_name === 'string') return `image ${index} (file_name ${shownName(image.file_name)})`;
  return `image ${index} (id ${shownName(image.id)})`;
}
