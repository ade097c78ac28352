import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { s3ClientConfig } from '../../src/storage/open.js';
import { S3BlobStore } from '../../src/storage/s3.js';
import { blobStoreSuite } from './blob-store.suite.js';
import { openS3Store } from './s3-store.js';

/**
 * Opt-in: the same suite against a real S3-compatible endpoint (AWS, MinIO, Ceph, R2...), which,
 * unlike s3rver, verifies signatures. Set SEGKIT_S3_ENDPOINT and SEGKIT_S3_TEST_BUCKET (an existing
 * bucket; the tests write and then delete objects under `segkit-test-RANDOM/`), plus the AWS_*
 * credentials and region the server reads (docs/server.md).
 */
const endpoint = process.env.SEGKIT_S3_ENDPOINT;
const bucket = process.env.SEGKIT_S3_TEST_BUCKET;
const configured = endpoint !== undefined && endpoint !== '' && bucket !== undefined && bucket !== '';
if (!configured) {
  console.warn(
    'NOTICE: SEGKIT_S3_ENDPOINT and SEGKIT_S3_TEST_BUCKET are not both set; the blob store suite on a real S3 endpoint is skipped',
  );
}

if (configured) {
  const root = `segkit-test-${randomBytes(6).toString('hex')}`;
  blobStoreSuite(`S3 at ${endpoint}, bucket ${bucket}`, () =>
    openS3Store(bucket, root, process.env, async () => undefined),
  );

  describe('a real endpoint checks signatures (s3rver does not)', () => {
    it('a presigned URL with one signature digit changed is refused with 403, and the blob reads as made', async () => {
      const store = new S3BlobStore({ bucket, prefix: `${root}-sig`, client: s3ClientConfig(process.env) });
      await store.put('images/signed', new Uint8Array([1, 2, 3]));
      try {
        const url = new URL(await store.signedUrl('images/signed', 300));
        expect((await fetch(url)).status).toBe(200);
        const signature = url.searchParams.get('X-Amz-Signature') as string;
        url.searchParams.set('X-Amz-Signature', (signature[0] === '0' ? '1' : '0') + signature.slice(1));
        expect((await fetch(url)).status).toBe(403);
      } finally {
        await store.delete('images/signed');
      }
    });
  });
} else {
  describe.skip('BlobStore: S3 on a real endpoint (set SEGKIT_S3_ENDPOINT and SEGKIT_S3_TEST_BUCKET)', () => {
    it('runs the blob store suite', () => undefined);
  });
}
