import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListMultipartUploadsCommand,
  type ListMultipartUploadsCommandOutput,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  type BlobDownload,
  type BlobStore,
  checkExpiry,
  checkKey,
  checkUpload,
  type DownloadOptions,
  type SignedUpload,
  StorageError,
} from './blob-store.js';

export interface S3StoreOptions {
  bucket: string;
  /** Keys are stored as `PREFIX/KEY` ('' for the bucket's root); no leading or trailing '/'. */
  prefix: string;
  /** The client's settings: endpoint, region, credentials, forcePathStyle, checksum behaviour. */
  client: S3ClientConfig;
  /** Blobs larger than this go up in parts of this size (at least 5 MiB, S3's smallest part). */
  partSize?: number;
  /** Parts sent at once; memory held is about partSize × queueSize on top of the blob itself. */
  queueSize?: number;
}

/** S3's smallest part (but for the last one). */
const MIN_PART = 5 * 1024 * 1024;
/** How long a download URL lives once the window it was signed in has passed. */
const DOWNLOAD_SECONDS = 3600;
/**
 * Download URLs are signed as of the start of a 15-minute window, so that the same blob gets the
 * same URL for a while and a browser's cache keeps the bytes across page loads (every new
 * signature is a new cache entry).
 */
const WINDOW_MS = 15 * 60 * 1000;

/**
 * Blobs in an S3-compatible bucket under a prefix. A put of more than `partSize` bytes is a
 * multipart upload (lib-storage's Upload: parts sent `queueSize` at a time, the upload aborted on
 * failure); downloads are presigned GET URLs, so the bytes never pass through the server, and browser
 * uploads can go to a presigned PUT URL. Nothing is kept in the process: any number of servers
 * share one bucket, and a presigned URL needs no secret beyond the credentials.
 */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3' as const;
  readonly bucket: string;
  readonly prefix: string;
  readonly client: S3Client;
  readonly #partSize: number;
  readonly #queueSize: number;

  constructor(options: S3StoreOptions) {
    if (options.bucket === '') throw new StorageError('STORAGE_URL', 'an S3 store needs a bucket name');
    if (options.prefix !== '' && (options.prefix.startsWith('/') || options.prefix.endsWith('/'))) {
      throw new StorageError('STORAGE_URL', `an S3 key prefix has no leading or trailing '/': ${options.prefix}`);
    }
    const partSize = options.partSize ?? 8 * 1024 * 1024;
    if (!Number.isInteger(partSize) || partSize < MIN_PART) {
      throw new StorageError('STORAGE_URL', `an S3 part is at least ${MIN_PART} bytes, got ${partSize}`);
    }
    this.bucket = options.bucket;
    this.prefix = options.prefix;
    this.client = new S3Client(options.client);
    this.#partSize = partSize;
    this.#queueSize = options.queueSize ?? 4;
  }

  /** The object key of a blob key: under the prefix, and only for keys the server makes. */
  objectKey(key: string): string {
    checkKey(key);
    return this.prefix === '' ? key : `${this.prefix}/${key}`;
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    const Key = this.objectKey(key);
    // Upload sends one PutObject when the body fits in a part, a multipart upload otherwise.
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key, Body: data },
      partSize: this.#partSize,
      queueSize: this.#queueSize,
      leavePartsOnError: false,
    });
    await this.#guard('put', key, () => upload.done());
  }

  async putStream(key: string, body: Readable): Promise<number> {
    const Key = this.objectKey(key);
    let bytes = 0;
    let bodyFailed: { error: unknown } | undefined;
    async function* counted(): AsyncGenerator<Uint8Array> {
      try {
        for await (const chunk of body) {
          bytes += (chunk as Uint8Array).length;
          yield chunk as Uint8Array;
        }
      } catch (error) {
        bodyFailed = { error };
        throw error;
      }
    }
    // A body of unknown length: Upload reads it `partSize` at a time, sends one PutObject when it
    // ends within the first part, a multipart upload otherwise; with leavePartsOnError false a
    // failure of the body or of a part aborts the multipart upload, so no parts are left behind.
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key, Body: Readable.from(counted()) },
      partSize: this.#partSize,
      queueSize: this.#queueSize,
      leavePartsOnError: false,
    });
    try {
      await this.#guard('put', key, () => upload.done());
    } catch (error) {
      body.destroy();
      // The body's own failure is the one to report, even when aborting the upload failed too.
      throw bodyFailed === undefined ? error : bodyFailed.error;
    }
    return bytes;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const Key = this.objectKey(key);
    return this.#guard('get', key, async () => {
      try {
        const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key }));
        if (out.Body === undefined) return new Uint8Array(0);
        return await out.Body.transformToByteArray();
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    });
  }

  async delete(key: string): Promise<void> {
    const Key = this.objectKey(key);
    await this.#guard('delete', key, () => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key })));
  }

  async deleteUnder(prefix: string, keep?: string): Promise<number> {
    const Prefix = this.objectKey(prefix);
    const Kept = keep === undefined ? undefined : this.objectKey(keep);
    let removed = 0;
    await this.#guard('delete', prefix, async () => {
      let token: string | undefined;
      do {
        const page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix,
            ...(token === undefined ? {} : { ContinuationToken: token }),
          }),
        );
        for (const { Key } of page.Contents ?? []) {
          if (Key === undefined || Key === Kept) continue;
          await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key }));
          removed++;
        }
        token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
      let uploads: ListMultipartUploadsCommandOutput;
      try {
        uploads = await this.client.send(new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix }));
      } catch (error) {
        // Some S3-compatible stores (s3rver) cannot list multipart uploads: the bucket's lifecycle
        // rule for incomplete uploads is then what removes them.
        if ((error as { name?: string }).name === 'NotImplemented') return;
        throw error;
      }
      for (const { Key, UploadId } of uploads.Uploads ?? []) {
        if (Key === undefined || UploadId === undefined) continue;
        await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId }));
        removed++;
      }
    });
    return removed;
  }

  async signedUrl(key: string, expiresInSeconds: number): Promise<string> {
    const Key = this.objectKey(key);
    checkExpiry(expiresInSeconds);
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key }), {
      expiresIn: expiresInSeconds,
    });
  }

  async signedUploadUrl(key: string, expiresInSeconds: number, upload: SignedUpload): Promise<string> {
    const Key = this.objectKey(key);
    checkExpiry(expiresInSeconds);
    checkUpload(upload);
    // Content-Type and Content-Length are signed headers: S3 refuses a PUT that differs in either
    // (403 SignatureDoesNotMatch), so the browser cannot store more, or another type, than was asked.
    return getSignedUrl(
      this.client,
      new PutObjectCommand({
        Bucket: this.bucket,
        Key,
        ContentType: upload.contentType,
        ContentLength: upload.contentLength,
      }),
      { expiresIn: expiresInSeconds, signableHeaders: new Set(['content-type', 'content-length']) },
    );
  }

  async download(key: string, options: DownloadOptions): Promise<BlobDownload> {
    const Key = this.objectKey(key);
    const window = Math.floor(Date.now() / WINDOW_MS) * WINDOW_MS;
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key,
      ResponseContentType: options.contentType,
      ResponseCacheControl: `private, max-age=${DOWNLOAD_SECONDS}`,
      ...(options.attachmentName === undefined
        ? {}
        : { ResponseContentDisposition: `attachment; filename="${options.attachmentName}"` }),
    });
    const url = await getSignedUrl(this.client, command, {
      signingDate: new Date(window),
      expiresIn: DOWNLOAD_SECONDS + WINDOW_MS / 1000,
    });
    return { url };
  }

  async check(): Promise<void> {
    await this.#guard('check', '', () => this.client.send(new HeadBucketCommand({ Bucket: this.bucket })));
  }

  /** Runs one request, turning the SDK's errors into a StorageError naming the bucket and key. */
  async #guard<T>(what: string, key: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const name = (error as { name?: string }).name ?? 'Error';
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      const message = (error as { message?: string }).message ?? '';
      // A HEAD answer has no body, so the SDK can only say 'UnknownError': say what the status means.
      const said =
        message !== '' && message !== 'UnknownError' && message !== name
          ? `: ${message}`
          : status === 404
            ? ': no such bucket'
            : status === 403
              ? ': access denied (check the credentials and the bucket policy)'
              : '';
      const where = key === '' ? `bucket ${this.bucket}` : `${this.objectKey(key)} in bucket ${this.bucket}`;
      throw new StorageError(
        'STORAGE_FAILED',
        `S3 ${what} of ${where} failed: ${name}${status === undefined ? '' : ` (HTTP ${status})`}${said}`,
        { cause: error },
      );
    }
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  if (e.name === 'NoSuchBucket') return false;
  return e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
}
