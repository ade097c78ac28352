import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  type BlobDownload,
  type BlobStore,
  checkExpiry,
  checkKey,
  type DownloadOptions,
  type SignedRead,
} from './blob-store.js';

/**
 * Blobs as files under `root`: written to a temporary file, fsynced, renamed, so a blob is either
 * whole or absent. Signed URLs are `/blobs/KEY?expires=T&signature=HMAC(key, T)` with a secret
 * the server keeps in the data folder, checked by `verifySignature`. Downloads are sent by the
 * server itself: reading its own disk costs less than a redirect and a second request.
 * Several processes may share one store only through one folder (one machine, or a shared file
 * system) holding the blobs and the secret alike.
 */
export class LocalBlobStore implements BlobStore {
  readonly kind = 'local' as const;
  readonly root: string;
  readonly #secret: Buffer;

  constructor(root: string, secret: Buffer) {
    this.root = root;
    this.#secret = secret;
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    const path = this.#path(key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      const handle = await open(temporary, 'wx');
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async putStream(key: string, body: Readable): Promise<number> {
    const path = this.#path(key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, counter, createWriteStream(temporary, { flags: 'wx' }));
      const handle = await open(temporary, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, path);
      return bytes;
    } catch (error) {
      body.destroy();
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(this.#path(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.#path(key), { force: true });
  }

  async download(key: string, _options: DownloadOptions): Promise<BlobDownload | undefined> {
    const bytes = await this.get(key);
    return bytes === undefined ? undefined : { bytes };
  }

  async readSigned(key: string, expires: number, signature: string): Promise<SignedRead> {
    checkKey(key);
    if (!this.verifySignature(key, expires, signature)) return 'refused';
    const bytes = await this.get(key);
    return bytes === undefined ? 'missing' : { bytes };
  }

  async check(): Promise<void> {
    await mkdir(this.root, { recursive: true });
  }

  async signedUrl(key: string, expiresInSeconds: number): Promise<string> {
    checkKey(key);
    checkExpiry(expiresInSeconds);
    const expires = Math.floor(Date.now() / 1000) + expiresInSeconds;
    return `/blobs/${key}?expires=${expires}&signature=${this.#sign(key, expires)}`;
  }

  /** True when `signature` was made by this store for `key` and `expires` has not passed. */
  verifySignature(key: string, expires: number, signature: string, now = Date.now()): boolean {
    if (!Number.isInteger(expires) || expires * 1000 < now) return false;
    const expected = Buffer.from(this.#sign(key, expires), 'hex');
    const given = Buffer.from(signature, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  #sign(key: string, expires: number): string {
    return createHmac('sha256', this.#secret).update(`${key}\n${expires}`).digest('hex');
  }

  #path(key: string): string {
    checkKey(key);
    return join(this.root, ...key.split('/'));
  }
}
