import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SegkitError } from '@segkit/core';

/**
 * Writes `chunks` to `path` through a temporary file in the same folder, renamed into place only
 * once everything is on disk, so a failure never leaves a half-written output behind.
 */
export async function writeFileAtomic(path: string, chunks: Iterable<string | Uint8Array>): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true });
  const temporary = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx');
    try {
      let pending = '';
      for (const chunk of chunks) {
        if (typeof chunk !== 'string') {
          if (pending.length > 0) await handle.write(pending);
          pending = '';
          await handle.write(chunk);
          continue;
        }
        pending += chunk;
        if (pending.length >= 1 << 20) {
          await handle.write(pending);
          pending = '';
        }
      }
      if (pending.length > 0) await handle.write(pending);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    if (error instanceof SegkitError) throw error;
    throw new SegkitError('IO', `cannot write: ${(error as Error).message}`, [path]);
  }
}
