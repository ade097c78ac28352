import { DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { openBlobStore, type StorageEnv, s3ClientConfig } from '../../src/storage/open.js';
import type { StoreUnderTest } from './blob-store.suite.js';

/** Every object key under `root` in the bucket, read past the store with a client of its own. */
async function listKeys(client: S3Client, bucket: string, root: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: root,
        ...(token === undefined ? {} : { ContinuationToken: token }),
      }),
    );
    for (const item of page.Contents ?? []) if (item.Key !== undefined) keys.push(item.Key);
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return keys.sort();
}

/**
 * An S3 driver opened from `s3://BUCKET/ROOT/store` as `segkit serve --storage` opens it, with an
 * object `ROOT/outside` beside its prefix that it must never touch.
 */
export async function openS3Store(
  bucket: string,
  root: string,
  env: StorageEnv,
  cleanUp: () => Promise<void>,
): Promise<StoreUnderTest> {
  const store = await openBlobStore(`s3://${bucket}/${root}/store`, { data: '/nonexistent-unused', env });
  const raw = new S3Client(s3ClientConfig(env));
  await raw.send(new PutObjectCommand({ Bucket: bucket, Key: `${root}/outside`, Body: 'not a blob' }));
  return {
    store,
    rawKeyOf: (key) => `${root}/store/${key}`,
    rawKeys: () => listKeys(raw, bucket, `${root}/`),
    outside: `${root}/outside`,
    absolute: (url) => url,
    close: async () => {
      for (const key of await listKeys(raw, bucket, `${root}/`)) {
        await raw.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      }
      raw.destroy();
      await cleanUp();
    },
  };
}
