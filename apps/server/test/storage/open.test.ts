import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalBlobStore } from '../../src/storage/local.js';
import { openBlobStore, parseS3Url, s3ClientConfig } from '../../src/storage/open.js';
import { S3BlobStore } from '../../src/storage/s3.js';

describe('parseS3Url', () => {
  it.each([
    ['s3://segkit/prod', { bucket: 'segkit', prefix: 'prod' }],
    ['s3://segkit/team/a/', { bucket: 'segkit', prefix: 'team/a' }],
    ['s3://my.bucket-1', { bucket: 'my.bucket-1', prefix: '' }],
    ['s3://my.bucket-1/', { bucket: 'my.bucket-1', prefix: '' }],
  ])('parseS3Url(%j) returns %j', (url, expected) => {
    expect(parseS3Url(url)).toEqual(expected);
  });

  it.each([
    ['s3://', 'valid bucket'],
    ['s3://ab/x', 'valid bucket'],
    ['s3://Upper/x', 'valid bucket'],
    ['s3://b_u_c/x', 'valid bucket'],
    ['s3://bucket/a/../b', "'..'"],
    ['s3://bucket/a//b', 'empty'],
    ['s3://bucket/x?versionId=1', 'valid bucket'],
  ])('parseS3Url(%j) throws STORAGE_URL naming the URL', (url, words) => {
    expect(() => parseS3Url(url)).toThrow(expect.objectContaining({ code: 'STORAGE_URL' }));
    expect(() => parseS3Url(url)).toThrow(words);
  });
});

describe('s3ClientConfig reads the standard AWS variables and ours', () => {
  it('a custom endpoint turns on path-style addressing and defaults the region to us-east-1', () => {
    const config = s3ClientConfig({
      SEGKIT_S3_ENDPOINT: 'http://127.0.0.1:9000',
      AWS_ACCESS_KEY_ID: 'id',
      AWS_SECRET_ACCESS_KEY: 'secret',
    });
    expect(config).toEqual({
      endpoint: 'http://127.0.0.1:9000',
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'id', secretAccessKey: 'secret' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  });

  it('SEGKIT_S3_ENDPOINT wins over AWS_ENDPOINT_URL_S3, which wins over AWS_ENDPOINT_URL', () => {
    const all = { SEGKIT_S3_ENDPOINT: 'http://a', AWS_ENDPOINT_URL_S3: 'http://b', AWS_ENDPOINT_URL: 'http://c' };
    expect(s3ClientConfig(all).endpoint).toBe('http://a');
    expect(s3ClientConfig({ ...all, SEGKIT_S3_ENDPOINT: '' }).endpoint).toBe('http://b');
    expect(s3ClientConfig({ AWS_ENDPOINT_URL: 'http://c' }).endpoint).toBe('http://c');
  });

  it('on AWS itself (no endpoint): virtual-hosted addressing, the region and credentials left to the SDK chain', () => {
    expect(s3ClientConfig({})).toEqual({
      forcePathStyle: false,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    expect(s3ClientConfig({ AWS_DEFAULT_REGION: 'eu-west-3' }).region).toBe('eu-west-3');
    expect(s3ClientConfig({ AWS_REGION: 'eu-central-1', AWS_DEFAULT_REGION: 'eu-west-3' }).region).toBe('eu-central-1');
  });

  it('SEGKIT_S3_FORCE_PATH_STYLE and the checksum variables override the defaults', () => {
    expect(s3ClientConfig({ SEGKIT_S3_ENDPOINT: 'http://a', SEGKIT_S3_FORCE_PATH_STYLE: 'false' }).forcePathStyle).toBe(
      false,
    );
    expect(s3ClientConfig({ SEGKIT_S3_FORCE_PATH_STYLE: '1' }).forcePathStyle).toBe(true);
    const checked = s3ClientConfig({
      AWS_REQUEST_CHECKSUM_CALCULATION: 'when_supported',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_SUPPORTED',
    });
    expect(checked.requestChecksumCalculation).toBe('WHEN_SUPPORTED');
    expect(checked.responseChecksumValidation).toBe('WHEN_SUPPORTED');
    expect(
      s3ClientConfig({ AWS_SESSION_TOKEN: 't', AWS_ACCESS_KEY_ID: 'i', AWS_SECRET_ACCESS_KEY: 's' }).credentials,
    ).toEqual({ accessKeyId: 'i', secretAccessKey: 's', sessionToken: 't' });
  });

  it.each([
    [{ SEGKIT_S3_FORCE_PATH_STYLE: 'maybe' }, 'SEGKIT_S3_FORCE_PATH_STYLE is true or false'],
    [{ AWS_REQUEST_CHECKSUM_CALCULATION: 'ALWAYS' }, 'AWS_REQUEST_CHECKSUM_CALCULATION is WHEN_REQUIRED'],
    [{ AWS_ACCESS_KEY_ID: 'only-the-id' }, 'set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY'],
  ])('s3ClientConfig(%j) throws STORAGE_URL: %s', (env, message) => {
    expect(() => s3ClientConfig(env)).toThrow(message);
  });
});

describe('openBlobStore picks the driver from the storage URL, else SEGKIT_STORAGE', () => {
  let data: string;
  beforeEach(async () => {
    data = await mkdtemp(join(tmpdir(), 'segkit-open-'));
  });
  afterEach(async () => rm(data, { recursive: true, force: true }));

  it('no URL and no SEGKIT_STORAGE: local files under DATA/blobs, with a 32-byte secret in DATA (mode 0600)', async () => {
    const store = await openBlobStore(undefined, { data, env: {} });
    expect(store).toBeInstanceOf(LocalBlobStore);
    expect((store as LocalBlobStore).root).toBe(join(data, 'blobs'));
    expect((await readFile(join(data, 'secret.key'))).length).toBe(32);
    expect((await stat(join(data, 'secret.key'))).mode & 0o777).toBe(0o600);
  });

  it('ten stores opened at once on one data folder share one secret: a URL one signs, another accepts', async () => {
    const stores = (await Promise.all(
      Array.from({ length: 10 }, () => openBlobStore(undefined, { data, env: {} })),
    )) as LocalBlobStore[];
    const url = new URL(await stores[0].signedUrl('images/a', 60), 'http://x');
    const expires = Number(url.searchParams.get('expires'));
    const signature = url.searchParams.get('signature') as string;
    for (const store of stores) expect(store.verifySignature('images/a', expires, signature)).toBe(true);
  });

  it('SEGKIT_STORAGE=s3://... gives the S3 driver; an explicit URL wins over it', async () => {
    const env = { SEGKIT_STORAGE: 's3://segkit/prod/eu', SEGKIT_S3_ENDPOINT: 'http://127.0.0.1:1' };
    const s3 = await openBlobStore(undefined, { data, env });
    expect(s3).toBeInstanceOf(S3BlobStore);
    expect((s3 as S3BlobStore).bucket).toBe('segkit');
    expect((s3 as S3BlobStore).objectKey('images/a')).toBe('prod/eu/images/a');
    const local = await openBlobStore(`file://${join(data, 'elsewhere')}`, { data, env });
    expect((local as LocalBlobStore).root).toBe(join(data, 'elsewhere'));
  });

  it('a URL of another scheme throws STORAGE_URL', async () => {
    await expect(openBlobStore('gs://bucket/x', { data, env: {} })).rejects.toMatchObject({ code: 'STORAGE_URL' });
  });
});
