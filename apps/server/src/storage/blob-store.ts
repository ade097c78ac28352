import type { Readable } from 'node:stream';

/**
 * Where blobs live (original images, thumbnails, export zips). The server knows blobs only by key;
 * the local driver keeps them under the data folder (`local.ts`), the S3 driver in a bucket under a
 * prefix (`s3.ts`); `open.ts` picks one from a storage URL. Nothing else in the server knows where a
 * blob is, and no driver keeps anything about blobs in one process's memory, so several server
 * processes can share one store. Keys are '/'-separated, made by the server from ids (never from
 * user-supplied names).
 */
export interface BlobStore {
  readonly kind: 'local' | 's3';
  /** Stores `data` under `key`, whole, before it resolves; replaces an existing blob. */
  put(key: string, data: Uint8Array): Promise<void>;
  /**
   * Stores what `body` yields under `key`, read as it comes, so a blob of any size goes up with
   * the memory of the driver's buffers (local disk: a temporary file renamed into place; S3: a
   * multipart upload of `partSize` parts). The blob appears whole when `body` ends, or not at all:
   * when `body` or the store fails, nothing is left (the temporary file removed, the multipart
   * upload aborted). Resolves with the number of bytes stored.
   */
  putStream(key: string, body: Readable): Promise<number>;
  /** The blob's bytes, or undefined when there is none. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Removes the blob; a missing one is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Removes every blob whose key starts with `prefix` but `keep`, and what unfinished writes under it
   * left (local disk: their temporary files; S3: their multipart uploads, where the store lists
   * them). Resolves with how many blobs and partial writes it removed.
   */
  deleteUnder(prefix: string, keep?: string): Promise<number>;
  /**
   * A URL that reads the blob without a session until `expiresInSeconds` pass: a presigned GET on S3,
   * `/blobs/KEY?expires=T&signature=S` on local disk (served by this server's blobs route).
   */
  signedUrl(key: string, expiresInSeconds: number): Promise<string>;
  /**
   * A URL a browser PUTs one blob's bytes to, without a session, until `expiresInSeconds` pass. The
   * PUT must carry exactly `upload.contentLength` bytes with `Content-Type: upload.contentType`;
   * both are part of the signature. S3: a presigned PutObject (up to S3's 5 GB single PUT); local
   * disk: `/blobs/KEY?expires=T&length=N&type=M&signature=S`, stored by this server's blobs route
   * (`writeSigned`).
   */
  signedUploadUrl(key: string, expiresInSeconds: number, upload: SignedUpload): Promise<string>;
  /**
   * Stores the body of a PUT to a local signed upload URL, when its signature holds, it has not
   * expired, and it carries the signed content type; 'refused' otherwise. The body is read as it
   * comes; one longer or shorter than the signed length is 'wrong-length' and nothing is stored.
   * Absent on drivers whose upload URLs point elsewhere (S3).
   */
  writeSigned?(key: string, put: SignedPut, body: Readable): Promise<'stored' | 'refused' | 'wrong-length'>;
  /**
   * How a download route answers for the blob: the bytes, read by the server (local disk), or a URL
   * to send the client to, so that the bytes go from the bucket to the client and never through
   * the server (S3). Undefined when the blob is missing (as far as the driver can tell without an
   * extra request: an S3 URL to a missing blob answers 404 from the bucket).
   */
  download(key: string, options: DownloadOptions): Promise<BlobDownload | undefined>;
  /**
   * The blob a local signed URL names, when its signature holds and it has not expired; the
   * `/blobs/...` route serves it. Absent on drivers whose signed URLs point elsewhere (S3).
   */
  readSigned?(key: string, expires: number, signature: string): Promise<SignedRead>;
  /** Fails with a clear message when the store cannot be reached (a missing bucket, bad credentials). */
  check(): Promise<void>;
}

export interface DownloadOptions {
  /** The media type the client should see (`image/png`, `application/zip`). */
  contentType: string;
  /** When set, the client is told to save the download under this name (already safe: `[A-Za-z0-9._-]`). */
  attachmentName?: string;
}

export interface SignedUpload {
  /** The media type the PUT must carry. */
  contentType: string;
  /** The exact number of bytes the PUT must carry. */
  contentLength: number;
}

/** What a PUT to a local signed upload URL says: its query, and the Content-Type it came with. */
export interface SignedPut {
  expires: number;
  length: number;
  type: string;
  signature: string;
  /** The request's Content-Type header. */
  contentType: string | undefined;
}

export type BlobDownload = { readonly bytes: Uint8Array } | { readonly url: string };

export type SignedRead = { readonly bytes: Uint8Array } | 'missing' | 'refused';

/** A storage failure: a key or lifetime the server should never ask for, a bad storage URL, a store that failed. */
export class StorageError extends Error {
  readonly code: 'INVALID_KEY' | 'INVALID_EXPIRY' | 'STORAGE_URL' | 'STORAGE_FAILED';

  constructor(code: StorageError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
    this.code = code;
  }
}

const KEY = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;

/** True when `key` is a key the server makes (lowercase, digits, `._-`, no `..`, no leading dot). */
export function isKey(key: string): boolean {
  return KEY.test(key) && !key.split('/').some((part) => part === '..' || part === '.');
}

/** Throws unless `key` is a key the server makes: a bad key is the server's bug, never stored. */
export function checkKey(key: string): void {
  if (!isKey(key)) throw new StorageError('INVALID_KEY', `invalid blob key ${JSON.stringify(key)}`);
}

/** The longest a signed URL may live: SigV4 presigned URLs are capped at 7 days, local ones likewise. */
export const MAX_SIGNED_SECONDS = 7 * 24 * 3600;

/** Throws unless `seconds` is a whole number of seconds from 1 to 7 days. */
export function checkExpiry(seconds: number): void {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_SIGNED_SECONDS) {
    throw new StorageError(
      'INVALID_EXPIRY',
      `a signed URL lives 1 to ${MAX_SIGNED_SECONDS} seconds, got ${JSON.stringify(seconds)}`,
    );
  }
}

/** Throws unless the upload names a media type and a whole number of bytes (0 to 5 GB, S3's single PUT). */
export function checkUpload(upload: SignedUpload): void {
  const { contentLength, contentType } = upload;
  if (!Number.isSafeInteger(contentLength) || contentLength < 0 || contentLength > 5 * 1024 ** 3) {
    throw new StorageError('INVALID_KEY', `an upload is 0 to 5 GiB, got ${JSON.stringify(contentLength)} bytes`);
  }
  if (!/^[a-z]+\/[a-z0-9.+-]+$/.test(contentType)) {
    throw new StorageError('INVALID_KEY', `an upload's media type is type/subtype, got ${JSON.stringify(contentType)}`);
  }
}
