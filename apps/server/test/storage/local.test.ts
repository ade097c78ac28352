import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { AppContext } from '../../src/context.js';
import { openContext } from '../../src/server.js';
import { LocalBlobStore } from '../../src/storage/local.js';
import { closePool } from '../../src/workers/pool.js';
import { blobStoreSuite, type StoreUnderTest } from './blob-store.suite.js';

/** Every file under `dir`, as '/'-separated paths relative to it. */
async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'));
}

/** The local driver as `segkit serve` opens it, behind a listening app that serves its signed URLs. */
async function openLocal(): Promise<StoreUnderTest & { ctx: AppContext; base: string }> {
  const data = await mkdtemp(join(tmpdir(), 'segkit-local-store-'));
  await writeFile(join(data, 'outside.txt'), 'not a blob');
  const ctx = await openContext({ data, env: {} });
  const app = await buildApp(ctx);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    ctx,
    base,
    store: ctx.blobs,
    rawKeyOf: (key) => `blobs/${key}`,
    rawKeys: () => files(data),
    outside: 'outside.txt',
    absolute: (url) => new URL(url, base).href,
    close: async () => {
      await app.close();
      await closePool();
      await ctx.db.close();
      await rm(data, { recursive: true, force: true });
    },
  };
}

blobStoreSuite('local disk (DATA/blobs, signed URLs served by /blobs)', openLocal);

describe('LocalBlobStore.deleteUnder', () => {
  it('removes the temporary file a killed write left (KEY.PID.RANDOM.tmp), as well as whole blobs', async () => {
    const local = await openLocal();
    try {
      await local.store.put('exports/5-whole.zip', new Uint8Array([1]));
      await writeFile(join((local.store as LocalBlobStore).root, 'exports', '5-partial.zip.4242.0a1b2c3d.tmp'), 'half');
      await local.store.put('exports/6-other.zip', new Uint8Array([2]));
      expect(await local.store.deleteUnder('exports/5-')).toBe(2);
      expect((await local.rawKeys()).filter((key) => key.startsWith('blobs/'))).toEqual(['blobs/exports/6-other.zip']);
    } finally {
      await local.close();
    }
  });
});

describe('local signed URLs: only the server that holds the secret makes them', () => {
  let local: Awaited<ReturnType<typeof openLocal>>;
  let url: URL;
  beforeAll(async () => {
    local = await openLocal();
    await local.store.put('exports/7-abc.zip', new Uint8Array([1, 2, 3]));
    url = new URL(await local.store.signedUrl('exports/7-abc.zip', 600), local.base);
  });
  afterAll(async () => local.close());

  const variant = (change: (u: URL) => void) => {
    const copy = new URL(url.href);
    change(copy);
    return copy.href;
  };

  it('the URL as made reads the bytes', async () => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('a signature with one hex digit changed is refused with 403 FORBIDDEN', async () => {
    const signature = url.searchParams.get('signature') as string;
    const flipped = (signature[0] === '0' ? '1' : '0') + signature.slice(1);
    const response = await fetch(variant((u) => u.searchParams.set('signature', flipped)));
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
  });

  it('a later expiry with the same signature is refused (the expiry is signed)', async () => {
    const expires = Number(url.searchParams.get('expires'));
    const response = await fetch(variant((u) => u.searchParams.set('expires', String(expires + 3600))));
    expect(response.status).toBe(403);
  });

  it("another blob's key with this signature is refused (the key is signed)", async () => {
    await local.store.put('exports/8-def.zip', new Uint8Array([9]));
    const response = await fetch(variant((u) => (u.pathname = '/blobs/exports/8-def.zip')));
    expect(response.status).toBe(403);
  });

  it('a missing or empty signature is refused; a key the server never makes is 404', async () => {
    expect((await fetch(variant((u) => u.searchParams.set('signature', '')))).status).toBe(403);
    expect((await fetch(variant((u) => u.searchParams.delete('signature')))).status).toBe(400);
    expect((await fetch(variant((u) => (u.pathname = '/blobs/Exports/7-abc.zip')))).status).toBe(404);
  });

  it('a store with another secret refuses the URL; one with the same secret accepts it', () => {
    const expires = Number(url.searchParams.get('expires'));
    const signature = url.searchParams.get('signature') as string;
    const root = (local.store as LocalBlobStore).root;
    const other = new LocalBlobStore(root, Buffer.alloc(32, 7));
    expect(other.verifySignature('exports/7-abc.zip', expires, signature)).toBe(false);
    expect((local.store as LocalBlobStore).verifySignature('exports/7-abc.zip', expires, signature)).toBe(true);
  });

  it('verifySignature refuses the URL one second after its expiry, and accepts it up to then', () => {
    const expires = Number(url.searchParams.get('expires'));
    const signature = url.searchParams.get('signature') as string;
    const store = local.store as LocalBlobStore;
    expect(store.verifySignature('exports/7-abc.zip', expires, signature, expires * 1000)).toBe(true);
    expect(store.verifySignature('exports/7-abc.zip', expires, signature, expires * 1000 + 1000)).toBe(false);
  });
});
