import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  type BlobDownload,
  type BlobStore,
  checkExpiry,
  checkKey,
  checkUpload,
  type DownloadOptions,
  type SignedPut,
  type SignedRead,
  type SignedUpload,
  StorageError,
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

  async deleteUnder(prefix: string, keep?: string): Promise<number> {
    const path = this.#path(prefix);
    const folder = dirname(path);
    const start = basename(path);
    const kept = keep === undefined ? undefined : this.#path(keep);
    let names: string[];
    try {
      names = await readdir(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    let removed = 0;
    for (const name of names) {
      const file = join(folder, name);
      if (!name.startsWith(start) || file === kept) continue;
      await rm(file, { force: true });
      removed++;
    }
    return removed;
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

  async signedUploadUrl(key: string, expiresInSeconds: number, upload: SignedUpload): Promise<string> {
    checkKey(key);
    checkExpiry(expiresInSeconds);
    checkUpload(upload);
    const expires = Math.floor(Date.now() / 1000) + expiresInSeconds;
    const { contentLength: length, contentType: type } = upload;
    const signature = this.#signPut(key, expires, length, type);
    return `/blobs/${key}?expires=${expires}&length=${length}&type=${encodeURIComponent(type)}&signature=${signature}`;
  }

  async writeSigned(key: string, put: SignedPut, body: Readable): Promise<'stored' | 'refused' | 'wrong-length'> {
    checkKey(key);
    const { expires, length, type, signature } = put;
    if (!Number.isSafeInteger(length) || length < 0 || !Number.isInteger(expires) || expires * 1000 < Date.now()) {
      return 'refused';
    }
    const expected = Buffer.from(this.#signPut(key, expires, length, type), 'hex');
    const given = Buffer.from(signature, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'refused';
    // The type must be the one signed, as S3 checks a signed Content-Type header.
    if (put.contentType !== type) return 'refused';
    let seen = 0;
    let wrong = false;
    async function* exactly(): AsyncGenerator<Buffer> {
      for await (const chunk of body) {
        seen += (chunk as Buffer).length;
        if (seen > length) break;
        yield chunk as Buffer;
      }
      if (seen !== length) {
        wrong = true;
        throw new StorageError('STORAGE_FAILED', `the upload carried ${seen} bytes where ${length} were signed`);
      }
    }
    try {
      await this.putStream(key, Readable.from(exactly()));
    } catch (error) {
      if (wrong) return 'wrong-length';
      throw error;
    }
    return 'stored';
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

  /** A PUT's signature: a message no GET signature (`key\nexpires`, lowercase keys) can be. */
  #signPut(key: string, expires: number, length: number, type: string): string {
    return createHmac('sha256', this.#secret).update(`PUT\n${key}\n${expires}\n${length}\n${type}`).digest('hex');
  }

  #path(key: string): string {
    checkKey(key);
    return join(this.root, ...key.split('/'));
  }
}
