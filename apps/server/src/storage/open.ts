import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { type BlobStore, StorageError } from './blob-store.js';
import { LocalBlobStore } from './local.js';

/** The environment variables the storage reads (process.env by default). */
export type StorageEnv = Readonly<Record<string, string | undefined>>;

/**
 * The blob store a storage URL names:
 * - none (and no `SEGKIT_STORAGE`): files under `DATA/blobs`, the default;
 * - `file:///DIR` (or `file:DIR`): files under DIR;
 * - `s3://BUCKET/PREFIX`: objects `PREFIX/KEY` in BUCKET, with the client set up by `s3ClientConfig`.
 * Local signed URLs use a 32-byte secret kept in the data folder (`secret.key`, mode 0600).
 */
export async function openBlobStore(
  url: string | undefined,
  options: { data: string; env?: StorageEnv },
): Promise<BlobStore> {
  const env = options.env ?? process.env;
  const chosen = url ?? nonEmpty(env.SEGKIT_STORAGE);
  if (chosen === undefined) return new LocalBlobStore(join(options.data, 'blobs'), await secret(options.data));
  if (chosen.startsWith('file:')) {
    const root = chosen.startsWith('file://') ? fileURLToPath(chosen) : resolve(chosen.slice('file:'.length));
    return new LocalBlobStore(root, await secret(options.data));
  }
  if (chosen.startsWith('s3://')) {
    const { bucket, prefix } = parseS3Url(chosen);
    const client = s3ClientConfig(env);
    // Loaded only here: the AWS SDK takes about 250 ms to import, which local-disk servers never pay.
    const { S3BlobStore } = await import('./s3.js');
    return new S3BlobStore({ bucket, prefix, client });
  }
  throw new StorageError(
    'STORAGE_URL',
    `storage URL ${JSON.stringify(chosen)} is neither s3://BUCKET/PREFIX nor file:DIR`,
  );
}

/** `s3://BUCKET/PREFIX` → its bucket and its prefix without leading or trailing '/'. */
export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([^/?#]+)(\/[^?#]*)?$/.exec(url);
  const bucket = match?.[1] ?? '';
  // S3 bucket names: 3-63 of lowercase letters, digits, dots and hyphens.
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new StorageError(
      'STORAGE_URL',
      `storage URL ${JSON.stringify(url)} does not name a valid bucket (s3://BUCKET/PREFIX)`,
    );
  }
  const prefix = (match?.[2] ?? '').replace(/^\/+|\/+$/g, '');
  if (prefix.split('/').some((part) => part === '..' || part === '.' || (prefix !== '' && part === ''))) {
    throw new StorageError(
      'STORAGE_URL',
      `storage URL ${JSON.stringify(url)} has an empty, '.' or '..' part in its prefix`,
    );
  }
  return { bucket, prefix };
}

/**
 * The S3 client's settings from the environment:
 * - endpoint: `SEGKIT_S3_ENDPOINT`, else `AWS_ENDPOINT_URL_S3`, else `AWS_ENDPOINT_URL` (none: AWS itself);
 * - path-style addressing (`http://host/bucket/key`): `SEGKIT_S3_FORCE_PATH_STYLE` = true/false,
 *   on by default with a custom endpoint (MinIO, Ceph, s3rver), off on AWS;
 * - region: `AWS_REGION`, else `AWS_DEFAULT_REGION`, else us-east-1 with a custom endpoint, else the
 *   SDK's own chain (the shared config file);
 * - credentials: `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`), else the
 *   SDK's chain (profiles, web identity, container and instance roles);
 * - checksums: only where S3 requires them (`WHEN_REQUIRED`), unless `AWS_REQUEST_CHECKSUM_CALCULATION`
 *   / `AWS_RESPONSE_CHECKSUM_VALIDATION` say `WHEN_SUPPORTED`: many S3-compatible stores reject or
 *   mis-store the SDK's default streaming checksums.
 */
export function s3ClientConfig(env: StorageEnv): S3ClientConfig {
  const endpoint =
    nonEmpty(env.SEGKIT_S3_ENDPOINT) ?? nonEmpty(env.AWS_ENDPOINT_URL_S3) ?? nonEmpty(env.AWS_ENDPOINT_URL);
  const region =
    nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? (endpoint === undefined ? undefined : 'us-east-1');
  const accessKeyId = nonEmpty(env.AWS_ACCESS_KEY_ID);
  const secretAccessKey = nonEmpty(env.AWS_SECRET_ACCESS_KEY);
  const sessionToken = nonEmpty(env.AWS_SESSION_TOKEN);
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new StorageError('STORAGE_URL', 'set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither');
  }
  return {
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(region === undefined ? {} : { region }),
    forcePathStyle: flag('SEGKIT_S3_FORCE_PATH_STYLE', env.SEGKIT_S3_FORCE_PATH_STYLE) ?? endpoint !== undefined,
    ...(accessKeyId === undefined || secretAccessKey === undefined
      ? {}
      : {
          credentials: { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) },
        }),
    requestChecksumCalculation: checksumSetting(
      'AWS_REQUEST_CHECKSUM_CALCULATION',
      env.AWS_REQUEST_CHECKSUM_CALCULATION,
    ),
    responseChecksumValidation: checksumSetting(
      'AWS_RESPONSE_CHECKSUM_VALIDATION',
      env.AWS_RESPONSE_CHECKSUM_VALIDATION,
    ),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function flag(name: string, value: string | undefined): boolean | undefined {
  const v = nonEmpty(value)?.toLowerCase();
  if (v === undefined) return undefined;
  if (v === '1' || v === 'true' || v === 'yes') return true;
  if (v === '0' || v === 'false' || v === 'no') return false;
  throw new StorageError('STORAGE_URL', `${name} is true or false, got ${JSON.stringify(value)}`);
}

function checksumSetting(name: string, value: string | undefined): 'WHEN_REQUIRED' | 'WHEN_SUPPORTED' {
  const v = nonEmpty(value)?.toUpperCase() ?? 'WHEN_REQUIRED';
  if (v === 'WHEN_REQUIRED' || v === 'WHEN_SUPPORTED') return v;
  throw new StorageError('STORAGE_URL', `${name} is WHEN_REQUIRED or WHEN_SUPPORTED, got ${JSON.stringify(value)}`);
}

/**
 * The key local signed URLs are made with: 32 random bytes kept in the data folder (mode 0600).
 * Written to a temporary file and linked into place, so processes starting together on one data
 * folder all read the same whole key (link fails with EEXIST when another got there first).
 */
async function secret(data: string): Promise<Buffer> {
  await mkdir(data, { recursive: true });
  const path = join(data, 'secret.key');
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(randomBytes(32));
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await rm(temporary, { force: true });
  }
  return readFile(path);
}
