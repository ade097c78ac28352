import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { type StorageEnv, s3ClientConfig } from '../src/storage/open.js';

/** An S3 server over HTTP on 127.0.0.1 (s3rver: files in a temporary folder), with one bucket. */
export interface TestS3 {
  bucket: string;
  endpoint: string;
  /** What the server reads to reach it (SEGKIT_S3_ENDPOINT, the AWS_* credentials s3rver accepts). */
  env: StorageEnv;
  /** The object keys under `prefix`, read with a client of the test's own (s3rver lists up to 1000). */
  keys(prefix: string): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * Starts s3rver on a free port. It checks the access key and the expiry of presigned URLs but not
 * SigV4 signatures, so tampering is tested on the local driver only.
 */
export async function startS3rver(bucket = 'segkit-test'): Promise<TestS3> {
  const directory = await mkdtemp(join(tmpdir(), 'segkit-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const address: AddressInfo = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  const env = {
    SEGKIT_S3_ENDPOINT: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
  };
  const client = new S3Client(s3ClientConfig(env));
  return {
    bucket,
    endpoint,
    env,
    keys: async (prefix) => {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
      return (page.Contents ?? []).map((item) => item.Key as string).sort();
    },
    close: async () => {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
