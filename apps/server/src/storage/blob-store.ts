/**
 * Where blobs live (original images, thumbnails, export zips). The server knows blobs only by key;
 * the local driver keeps them under the data folder, the S3 driver (scale issue) in a bucket.
 * Keys are '/'-separated, made by the server from ids (never from user-supplied names).
 */
export interface BlobStore {
  readonly kind: 'local' | 's3';
  /** Stores `data` under `key`, durably before it resolves; replaces an existing blob. */
  put(key: string, data: Uint8Array): Promise<void>;
  /** The blob's bytes, or undefined when there is none. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Removes the blob; a missing one is not an error. */
  delete(key: string): Promise<void>;
  /** A URL that reads the blob without a session until `expiresInSeconds` pass. */
  signedUrl(key: string, expiresInSeconds: number): Promise<string>;
}

const KEY = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;

/** Throws unless `key` is a key the server makes (lowercase, digits, `._-`, no `..`, no leading dot). */
export function checkKey(key: string): void {
  if (!KEY.test(key) || key.split('/').some((part) => part === '..' || part === '.')) {
    throw new Error(`invalid blob key ${JSON.stringify(key)}`);
  }
}
