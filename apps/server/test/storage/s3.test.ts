import { Readable } from 'node:stream';
import { HeadObjectCommand, type S3ClientConfig } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { StorageError } from '../../src/storage/blob-store.js';
import { s3ClientConfig } from '../../src/storage/open.js';
import { S3BlobStore } from '../../src/storage/s3.js';
import { startS3rver, type TestS3 } from '../s3rver.js';
import { blobStoreSuite } from './blob-store.suite.js';
import { openS3Store } from './s3-store.js';

let s3: TestS3;
blobStoreSuite('S3 on s3rver over HTTP', async () => {
  s3 = await startS3rver();
  return openS3Store(s3.bucket, 'tenant', s3.env, () => s3.close());
});

describe('S3BlobStore on s3rver: what only S3 does', () => {
  let server: TestS3;
  let config: S3ClientConfig;
  beforeAll(async () => {
    server = await startS3rver('segkit-s3-only');
    config = s3ClientConfig(server.env);
  });
  afterAll(async () => server.close());

  /** A store whose requests are recorded by command name. */
  function recorded(prefix: string): { store: S3BlobStore; commands: string[] } {
    const store = new S3BlobStore({ bucket: server.bucket, prefix, client: config, partSize: 5 * 1024 * 1024 });
    const commands: string[] = [];
    store.client.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push(context.commandName as string);
        return next(args);
      },
      { step: 'initialize' },
    );
    return { store, commands };
  }

  it('a blob over the part size goes up as a multipart upload of 5 MiB parts; a small one as one PutObject', async () => {
    const { store, commands } = recorded('parts');
    const big = new Uint8Array(12 * 1024 * 1024).map((_, i) => i % 253);
    await store.put('exports/big.zip', big);
    expect(commands.filter((c) => c === 'UploadPartCommand')).toHaveLength(3);
    expect(commands).toContain('CreateMultipartUploadCommand');
    expect(commands).toContain('CompleteMultipartUploadCommand');
    expect(commands).not.toContain('PutObjectCommand');
    expect(Buffer.from((await store.get('exports/big.zip')) as Uint8Array).equals(Buffer.from(big))).toBe(true);
    commands.length = 0;
    await store.put('images/small', new Uint8Array(100));
    expect(commands).toEqual(['PutObjectCommand']);
  });

  // s3rver answers AbortMultipartUpload with 405 (it does not implement it): what is tested here is
  // that the abort is sent and the body's own error is the one reported.
  it('putStream of a body that fails after two parts sends AbortMultipartUpload, never Complete; no object', async () => {
    const { store, commands } = recorded('aborted');
    async function* failing() {
      for (let i = 0; i < 44; i++) yield Buffer.alloc(256 * 1024, i);
      throw new Error('the zip failed');
    }
    await expect(store.putStream('exports/failed.zip', Readable.from(failing()))).rejects.toThrow(/the zip failed/);
    expect(commands).toContain('CreateMultipartUploadCommand');
    expect(commands.filter((c) => c === 'UploadPartCommand')).toHaveLength(2);
    expect(commands).toContain('AbortMultipartUploadCommand');
    expect(commands).not.toContain('CompleteMultipartUploadCommand');
    expect(await store.get('exports/failed.zip')).toBeUndefined();
  });

  it('signedUploadUrl gives a URL a browser PUTs the bytes to; the blob then reads back with its content type', async () => {
    const { store } = recorded('uploads');
    const bytes = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3]);
    const url = await store.signedUploadUrl('images/from-browser', 300, {
      contentType: 'image/png',
      contentLength: bytes.length,
    });
    const put = await fetch(url, { method: 'PUT', body: bytes, headers: { 'content-type': 'image/png' } });
    expect(put.status).toBe(200);
    expect(new Uint8Array((await store.get('images/from-browser')) as Uint8Array)).toEqual(bytes);
    const head = await store.client.send(
      new HeadObjectCommand({ Bucket: server.bucket, Key: store.objectKey('images/from-browser') }),
    );
    expect(head.ContentType).toBe('image/png');
    expect(head.ContentLength).toBe(bytes.length);
  });

  it('a download URL is the same within its 15-minute signing window, so browsers cache the bytes', async () => {
    const { store } = recorded('cache');
    await store.put('thumbs/a.webp', new Uint8Array([1]));
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2030-01-01T10:00:05Z'));
      const first = await store.download('thumbs/a.webp', { contentType: 'image/webp' });
      vi.setSystemTime(new Date('2030-01-01T10:14:59Z'));
      const second = await store.download('thumbs/a.webp', { contentType: 'image/webp' });
      vi.setSystemTime(new Date('2030-01-01T10:15:00Z'));
      const third = await store.download('thumbs/a.webp', { contentType: 'image/webp' });
      expect(second).toEqual(first);
      expect(third).not.toEqual(first);
      const url = new URL((first as { url: string }).url);
      expect(url.searchParams.get('X-Amz-Date')).toBe('20300101T100000Z');
      // It lives an hour past its window: at least an hour from whenever it was handed out.
      expect(url.searchParams.get('X-Amz-Expires')).toBe(String(3600 + 900));
    } finally {
      vi.useRealTimers();
    }
  });

  it('two prefixes in one bucket never see each other’s blobs', async () => {
    const a = recorded('team-a').store;
    const b = recorded('team-b').store;
    await a.put('images/same', new Uint8Array([1]));
    await b.put('images/same', new Uint8Array([2]));
    expect(new Uint8Array((await a.get('images/same')) as Uint8Array)).toEqual(new Uint8Array([1]));
    await a.delete('images/same');
    expect(new Uint8Array((await b.get('images/same')) as Uint8Array)).toEqual(new Uint8Array([2]));
    expect(a.objectKey('images/same')).toBe('team-a/images/same');
  });

  it('a missing bucket fails check, get and put with STORAGE_FAILED naming the bucket (not as a missing blob)', async () => {
    const store = new S3BlobStore({ bucket: 'no-such-bucket', prefix: 'p', client: config });
    for (const call of [
      () => store.check(),
      () => store.get('images/a'),
      () => store.put('images/a', new Uint8Array(1)),
    ]) {
      const error = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StorageError);
      expect((error as StorageError).code).toBe('STORAGE_FAILED');
      expect((error as StorageError).message).toContain('no-such-bucket');
    }
  });

  it('a wrong access key fails with STORAGE_FAILED (s3rver checks the key, not the signature)', async () => {
    const store = new S3BlobStore({
      bucket: server.bucket,
      prefix: 'p',
      client: { ...config, credentials: { accessKeyId: 'WRONG', secretAccessKey: 'WRONG' } },
    });
    await expect(store.get('images/a')).rejects.toMatchObject({ code: 'STORAGE_FAILED' });
  });
});
