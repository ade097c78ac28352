import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { SegkitError } from '@segkit/core';
import { specialKind } from './atomic-write.js';

/**
 * Opens `path` for reading only when it is a regular file. Opened with O_NONBLOCK, so a FIFO
 * answers at once instead of waiting for a writer that never comes, then refused by what fstat
 * says: a FIFO, socket or device is a NOT_A_FILE error naming the path, before a byte is read
 * (/dev/zero would never end). Other errors are "cannot read: ENOENT" as before.
 */
export async function openRegularFile(path: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // open(2) of a Unix socket fails with ENXIO.
    if (code === 'ENXIO') throw new SegkitError('NOT_A_FILE', 'is a socket or device, not a regular file', [path]);
    throw new SegkitError('IO', `cannot read: ${code ?? (error as Error).message}`, [path]);
  }
  const info = await handle.stat().catch(() => undefined);
  if (info === undefined || info.isFile()) return handle;
  await handle.close();
  if (info.isDirectory()) throw new SegkitError('IO', 'cannot read: EISDIR', [path]);
  throw new SegkitError('NOT_A_FILE', `is ${specialKind(info)}, not a regular file`, [path]);
}

/** The bytes of a regular file (see openRegularFile). */
export async function readRegularFile(path: string): Promise<Buffer>;
/** The text of a regular file, decoded by Node as it reads. */
export async function readRegularFile(path: string, encoding: 'utf8'): Promise<string>;
export async function readRegularFile(path: string, encoding?: 'utf8'): Promise<Buffer | string> {
  const handle = await openRegularFile(path);
  try {
    return encoding === undefined ? await handle.readFile() : await handle.readFile(encoding);
  } catch (error) {
    throw new SegkitError('IO', `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, [
      path,
    ]);
  } finally {
    await handle.close();
  }
}
