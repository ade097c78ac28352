import { invalid } from '../errors.js';

/**
 * An uploaded file's name as the project keeps it: a relative, '/'-separated path (zip entries keep
 * their folders, as COCO `file_name`s do). Refused: empty names, absolute paths, drive letters,
 * backslashes, `.` or `..` parts, control characters, parts over 255 bytes.
 */
export function uploadName(raw: string): string {
  const name = raw.normalize('NFC');
  const say = (why: string) => invalid(`file name ${JSON.stringify(raw)}: ${why}`, 'UNSAFE_NAME');
  if (name === '') throw say('is empty');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(name)) throw say('has control characters');
  if (name.includes('\\')) throw say('has a backslash');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw say('is absolute');
  const parts = name.split('/');
  for (const part of parts) {
    if (part === '' || part === '.' || part === '..') throw say('has an empty, "." or ".." part');
    if (Buffer.byteLength(part) > 255) throw say('has a part over 255 bytes');
  }
  if (Buffer.byteLength(name) > 1024) throw say('is over 1024 bytes');
  return name;
}
