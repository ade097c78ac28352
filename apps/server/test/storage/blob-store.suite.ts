import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type BlobStore, StorageError } from '../../src/storage/blob-store.js';

/** A driver under test, with a view of the storage behind it that does not go through the driver. */
export interface StoreUnderTest {
  store: BlobStore;
  /** Where each key must land: a file path under the root, an object key under the prefix. */
  rawKeyOf(key: string): string;
  /** Every object or file the backing storage holds around the store (outside its root or prefix too). */
  rawKeys(): Promise<string[]>;
  /** Something stored beside the store, outside its root or prefix, that it must never touch. */
  outside: string;
  /** A signed URL as a client resolves it (local URLs are relative to the server that serves them). */
  absolute(url: string): string;
  close(): Promise<void>;
}

/** Bytes 0..250 repeated, then a tail, so a shifted, shortened or framed copy is told apart. */
function pattern(length: number, seed = 0): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i + seed) % 251;
  return out;
}

/** `data` in slices of `size` bytes, as a stream delivers it. */
function* chunks(data: Uint8Array, size: number): Generator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield Buffer.from(data.subarray(i, i + size));
}

/**
 * The one suite every blob store driver passes (hono's `runTest({ newRouter })` pattern): run by
 * local.test.ts on the local disk, by s3.test.ts on s3rver, by s3-endpoint.test.ts on a real
 * S3-compatible endpoint when one is configured.
 */
export function blobStoreSuite(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`BlobStore: ${name}`, () => {
    let t: StoreUnderTest;
    let store: BlobStore;
    let serial = 0;
    /** A fresh key per test, so tests share one store without seeing each other's blobs. */
    const fresh = (prefix = 'images') => `${prefix}/t${++serial}-${Math.random().toString(16).slice(2, 10)}`;
    beforeAll(async () => {
      t = await open();
      store = t.store;
    });
    afterAll(async () => t?.close());
    /** The blob as a plain Uint8Array (the local driver answers a Buffer), or undefined. */
    const read = async (key: string) => {
      const bytes = await store.get(key);
      return bytes === undefined ? undefined : new Uint8Array(bytes);
    };

    it('put then get returns the same bytes, an empty blob included', async () => {
      const key = fresh();
      await store.put(key, pattern(1000));
      expect(await read(key)).toEqual(pattern(1000));
      const empty = fresh();
      await store.put(empty, new Uint8Array(0));
      expect(await read(empty)).toEqual(new Uint8Array(0));
    });

    it('get of a key never put returns undefined, and delete of it resolves', async () => {
      const key = fresh();
      expect(await read(key)).toBeUndefined();
      await expect(store.delete(key)).resolves.toBeUndefined();
    });

    it('put over an existing key replaces the blob, a shorter one included', async () => {
      const key = fresh();
      await store.put(key, pattern(5000, 1));
      await store.put(key, pattern(300, 2));
      expect(await read(key)).toEqual(pattern(300, 2));
    });

    it('delete removes the blob from the backing storage, and leaves the others', async () => {
      const [gone, kept] = [fresh(), fresh()];
      await store.put(gone, pattern(10));
      await store.put(kept, pattern(20));
      await store.delete(gone);
      expect(await read(gone)).toBeUndefined();
      expect(await read(kept)).toEqual(pattern(20));
      const raw = await t.rawKeys();
      expect(raw).not.toContain(t.rawKeyOf(gone));
      expect(raw).toContain(t.rawKeyOf(kept));
    });

    it('a 12 MB blob round-trips byte for byte (a multipart upload on S3)', async () => {
      const key = fresh('exports');
      const big = pattern(12 * 1024 * 1024 + 7, 3);
      await store.put(key, big);
      const back = await store.get(key);
      expect(back?.length).toBe(big.length);
      expect(Buffer.from(back as Uint8Array).equals(Buffer.from(big))).toBe(true);
    });

    it('putStream stores a 12 MB body that arrives in 64 KiB chunks byte for byte, and returns its length', async () => {
      const key = fresh('exports');
      const big = pattern(12 * 1024 * 1024 + 7, 4);
      const bytes = await store.putStream(key, Readable.from(chunks(big, 64 * 1024)));
      expect(bytes).toBe(big.length);
      const back = await store.get(key);
      expect(back?.length).toBe(big.length);
      expect(Buffer.from(back as Uint8Array).equals(Buffer.from(big))).toBe(true);
    });

    it('putStream of a body that fails after 6 MiB rejects and leaves nothing, not even over an old blob', async () => {
      const key = fresh('exports');
      await store.put(key, pattern(100, 9));
      const before = await t.rawKeys();
      async function* failing() {
        yield* chunks(pattern(6 * 1024 * 1024, 1), 256 * 1024);
        throw new Error('the zip failed');
      }
      await expect(store.putStream(key, Readable.from(failing()))).rejects.toThrow(/the zip failed/);
      expect(new Uint8Array((await store.get(key)) as Uint8Array)).toEqual(pattern(100, 9));
      expect(await t.rawKeys()).toEqual(before);
      const empty = fresh('exports');
      await expect(store.putStream(empty, Readable.from(failing()))).rejects.toThrow(/the zip failed/);
      expect(await store.get(empty)).toBeUndefined();
      expect(await t.rawKeys()).toEqual(before);
    });

    it('deleteUnder removes the blobs whose keys start with the prefix but the one kept, and no other', async () => {
      const base = fresh('exports');
      const under = [`${base}-1-a.zip`, `${base}-1-b.zip`, `${base}-1-keep.zip`];
      const others = [`${base}-10-a.zip`, `${base}-2-a.zip`];
      for (const key of [...under, ...others]) await store.put(key, pattern(8));
      expect(await store.deleteUnder(`${base}-1-`, `${base}-1-keep.zip`)).toBe(2);
      for (const key of under.slice(0, 2)) expect(await read(key)).toBeUndefined();
      for (const key of [`${base}-1-keep.zip`, ...others]) expect(await read(key)).toEqual(pattern(8));
      expect(await store.deleteUnder(`${base}-1-`)).toBe(1);
      expect(await read(`${base}-1-keep.zip`)).toBeUndefined();
      expect(await store.deleteUnder(`${fresh('nothing')}/x-`)).toBe(0);
      expect(await t.rawKeys()).toContain(t.outside);
    });

    it('putStream of an empty body stores an empty blob', async () => {
      const key = fresh();
      expect(await store.putStream(key, Readable.from([]))).toBe(0);
      expect(await read(key)).toEqual(new Uint8Array(0));
    });

    it.each([
      ['../escape'],
      ['images/../../escape'],
      ['/absolute'],
      ['images/'],
      ['images//double'],
      ['.hidden'],
      ['Images/upper'],
      ['images/a b'],
      [''],
    ])('the key %j is refused with INVALID_KEY by every method, and nothing is stored', async (key) => {
      const before = await t.rawKeys();
      for (const call of [
        () => store.put(key, pattern(4)),
        () => store.putStream(key, Readable.from([Buffer.from(pattern(4))])),
        () => store.get(key),
        () => store.delete(key),
        () => store.signedUrl(key, 60),
        () => store.download(key, { contentType: 'image/png' }),
      ]) {
        const error = await call().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(StorageError);
        expect((error as StorageError).code).toBe('INVALID_KEY');
      }
      expect(await t.rawKeys()).toEqual(before);
    });

    it('each blob lands at its own place under the root or prefix, and nothing outside is touched', async () => {
      const keys = [fresh('images'), `${fresh('thumbs')}.webp`, `${fresh('exports')}.zip`];
      for (const key of keys) await store.put(key, pattern(64));
      const raw = await t.rawKeys();
      for (const key of keys) expect(raw).toContain(t.rawKeyOf(key));
      for (const key of keys) await store.delete(key);
      const after = await t.rawKeys();
      for (const key of keys) expect(after).not.toContain(t.rawKeyOf(key));
      expect(after).toContain(t.outside);
    });

    it('signedUrl gives a URL that a plain fetch, with no session, reads the bytes from', async () => {
      const key = fresh();
      await store.put(key, pattern(777, 5));
      const response = await fetch(t.absolute(await store.signedUrl(key, 300)));
      expect(response.status).toBe(200);
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(pattern(777, 5));
    });

    it('a signed URL made two hours ago to live one hour is refused with 403', async () => {
      const key = fresh();
      await store.put(key, pattern(10));
      vi.useFakeTimers({ toFake: ['Date'] });
      let url: string;
      try {
        vi.setSystemTime(Date.now() - 2 * 3600 * 1000);
        url = await store.signedUrl(key, 3600);
      } finally {
        vi.useRealTimers();
      }
      const response = await fetch(t.absolute(url));
      expect(response.status).toBe(403);
    });

    it('signedUrl refuses a lifetime of 0 s or over 7 days with INVALID_EXPIRY', async () => {
      for (const seconds of [0, -5, 1.5, 7 * 24 * 3600 + 1]) {
        await expect(store.signedUrl(fresh(), seconds)).rejects.toMatchObject({ code: 'INVALID_EXPIRY' });
      }
    });

    it('download delivers the bytes with the media type and file name asked for', async () => {
      const key = `${fresh('exports')}.zip`;
      await store.put(key, pattern(2048, 7));
      const delivery = await store.download(key, { contentType: 'application/zip', attachmentName: 'p-1.zip' });
      if (delivery === undefined) throw new Error('download of a stored blob gave nothing');
      if ('bytes' in delivery) {
        // Local disk: the server sends the bytes itself, with headers it sets.
        expect(new Uint8Array(delivery.bytes)).toEqual(pattern(2048, 7));
      } else {
        const response = await fetch(t.absolute(delivery.url));
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/zip');
        expect(response.headers.get('content-disposition')).toBe('attachment; filename="p-1.zip"');
        expect(new Uint8Array(await response.arrayBuffer())).toEqual(pattern(2048, 7));
      }
    });

    it('download of a missing blob is nothing: undefined, or a URL that answers 404', async () => {
      const delivery = await store.download(fresh(), { contentType: 'image/png' });
      if (delivery !== undefined) {
        expect('url' in delivery).toBe(true);
        const response = await fetch(t.absolute((delivery as { url: string }).url));
        expect(response.status).toBe(404);
      }
    });

    it('check resolves on a store that answers', async () => {
      await expect(store.check()).resolves.toBeUndefined();
    });
  });
}
