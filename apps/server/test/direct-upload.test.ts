import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLASSES, pngBytes, STORAGE, type TestServer, testServer } from './helpers.js';

let server: TestServer;
let manager: { id: number; token: string };
beforeEach(async () => {
  server = await testServer();
  manager = await server.user('m@example.com');
  await server.call(manager.token, 'POST', '/api/projects', { name: 'roads', type: 'semantic', classes: CLASSES });
});
afterEach(async () => server.close());

interface Upload {
  key: string;
  url: string;
  method: 'PUT';
  headers: { 'content-type': string };
  expiresAt: string;
}

async function askUpload(fileName: string, bytes: number, contentType = 'image/png', token = manager.token) {
  return server.call(token, 'POST', '/api/projects/1/uploads', { fileName, bytes, contentType });
}

/** A PUT to the upload URL as a browser sends it: to the bucket (S3), or to this server's /blobs route. */
async function put(url: string, bytes: Uint8Array, contentType: string): Promise<number> {
  if (/^https?:/.test(url)) {
    const response = await fetch(url, { method: 'PUT', body: bytes, headers: { 'content-type': contentType } });
    return response.status;
  }
  const response = await server.app.inject({
    method: 'PUT',
    url,
    headers: { 'content-type': contentType },
    payload: Buffer.from(bytes),
  });
  return response.statusCode;
}

describe(`uploads straight to storage (${STORAGE})`, () => {
  it('POST uploads gives a signed PUT URL; the PUT stores the bytes; register makes them an image with a thumbnail', async () => {
    const png = pngBytes(5, 4, 77);
    const asked = await askUpload('field/a.png', png.length);
    expect(asked.statusCode).toBe(201);
    const upload = asked.json() as Upload;
    expect(upload.key).toMatch(/^uploads\/1\/[0-9a-f]{32}$/);
    expect(upload.method).toBe('PUT');
    expect(upload.headers).toEqual({ 'content-type': 'image/png' });
    const lives = Date.parse(upload.expiresAt) - Date.now();
    expect(lives).toBeGreaterThan(14 * 60 * 1000);
    expect(lives).toBeLessThanOrEqual(15 * 60 * 1000);
    expect(await put(upload.url, png, 'image/png')).toBe(200);
    expect(await server.blobKeys()).toContain(upload.key);

    const registered = await server.call(manager.token, 'POST', '/api/projects/1/uploads/register', {
      key: upload.key,
      fileName: 'field/a.png',
    });
    expect(registered.statusCode).toBe(201);
    expect(registered.json().images).toEqual([{ id: 1, fileName: 'field/a.png', width: 5, height: 4 }]);
    const file = await server.call(manager.token, 'GET', '/api/images/1/file');
    expect(file.statusCode).toBe(200);
    expect(Buffer.from(file.rawPayload).equals(Buffer.from(png))).toBe(true);
    const thumbnail = await server.call(manager.token, 'GET', '/api/images/1/thumbnail');
    expect(thumbnail.statusCode).toBe(200);
    expect(thumbnail.rawPayload.subarray(8, 12).toString()).toBe('WEBP');
    // The upload object is spent: gone from the store, and a second registration is 404.
    const keys = await server.blobKeys();
    expect(keys.filter((key) => key.startsWith('uploads/'))).toEqual([]);
    expect(keys.filter((key) => key.startsWith('images/'))).toHaveLength(1);
    const again = await server.call(manager.token, 'POST', '/api/projects/1/uploads/register', {
      key: upload.key,
      fileName: 'field/b.png',
    });
    expect(again.statusCode).toBe(404);
  });

  it('register refuses bytes that are not an image (422 UNREADABLE_IMAGE), adds nothing and deletes the upload', async () => {
    const text = new TextEncoder().encode('not a png at all');
    const upload = (await askUpload('x.png', text.length)).json() as Upload;
    expect(await put(upload.url, text, 'image/png')).toBe(200);
    const registered = await server.call(manager.token, 'POST', '/api/projects/1/uploads/register', {
      key: upload.key,
      fileName: 'x.png',
    });
    expect(registered.statusCode).toBe(422);
    expect(registered.json().error.code).toBe('UNREADABLE_IMAGE');
    expect(registered.json().error.message).toContain('x.png');
    expect(await server.blobKeys()).toEqual([]);
    expect((await server.call(manager.token, 'GET', '/api/projects/1/images')).json().images).toEqual([]);
  });

  it('register refuses an image over the pixel limit (422 LIMIT) and one whose name the project has (DUPLICATE_NAME)', async () => {
    await server.close();
    server = await testServer({
      limits: { ...(await import('@segkit/core')).resolveLimits(undefined), maxPixels: 20 },
    });
    manager = await server.user('m@example.com');
    await server.call(manager.token, 'POST', '/api/projects', { name: 'roads', type: 'semantic', classes: CLASSES });
    const big = pngBytes(5, 5);
    const upload = (await askUpload('big.png', big.length)).json() as Upload;
    expect(await put(upload.url, big, 'image/png')).toBe(200);
    const refused = await server.call(manager.token, 'POST', '/api/projects/1/uploads/register', {
      key: upload.key,
      fileName: 'big.png',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('LIMIT');
    const small = pngBytes(4, 5);
    const answers: Array<{ status: number; code?: string }> = [];
    for (let i = 0; i < 2; i++) {
      const next = (await askUpload(`other-${i}.png`, small.length)).json() as Upload;
      expect(await put(next.url, small, 'image/png')).toBe(200);
      const answer = await server.call(manager.token, 'POST', '/api/projects/1/uploads/register', {
        key: next.key,
        fileName: 's.png',
      });
      answers.push({ status: answer.statusCode, code: answer.json().error?.code });
    }
    expect(answers).toEqual([{ status: 201 }, { status: 422, code: 'DUPLICATE_NAME' }]);
    expect((await server.call(manager.token, 'GET', '/api/projects/1/images')).json().images).toHaveLength(1);
    // And a name already taken is refused when the URL is asked for.
    expect((await askUpload('s.png', 10)).json().error.code).toBe('DUPLICATE_NAME');
  });

  it('an upload over the size limit is refused before any URL is given (413)', async () => {
    await server.close();
    server = await testServer({ maxUploadBytes: 1000 });
    manager = await server.user('m@example.com');
    await server.call(manager.token, 'POST', '/api/projects', { name: 'roads', type: 'semantic', classes: CLASSES });
    const answer = await askUpload('a.png', 1001);
    expect(answer.statusCode).toBe(413);
    expect(answer.json().error.code).toBe('TOO_LARGE');
    expect((await askUpload('a.png', 1000)).statusCode).toBe(201);
  });

  it('only managers upload: an annotator gets 403 on both steps; a key of another project is 422', async () => {
    const annotator = await server.user('a@example.com');
    await server.call(manager.token, 'PUT', `/api/projects/1/members/${annotator.id}`, { role: 'annotator' });
    expect((await askUpload('a.png', 10, 'image/png', annotator.token)).statusCode).toBe(403);
    const upload = (await askUpload('a.png', 10)).json() as Upload;
    const register = (token: string, projectId: number) =>
      server.call(token, 'POST', `/api/projects/${projectId}/uploads/register`, { key: upload.key, fileName: 'a.png' });
    expect((await register(annotator.token, 1)).statusCode).toBe(403);
    await server.call(manager.token, 'POST', '/api/projects', { name: 'other', type: 'semantic', classes: CLASSES });
    const elsewhere = await register(manager.token, 2);
    expect(elsewhere.statusCode).toBe(422);
    expect(elsewhere.json().error.code).toBe('INVALID_UPLOAD');
    // Never PUT: 404.
    expect((await register(manager.token, 1)).statusCode).toBe(404);
  });
});

describe.runIf(STORAGE === 'local')('local signed upload URLs: the signature, expiry, type and length hold', () => {
  let upload: Upload;
  const png = pngBytes(3, 2);
  beforeEach(async () => {
    upload = (await askUpload('a.png', png.length)).json() as Upload;
  });
  const variant = (change: (u: URL) => void) => {
    const url = new URL(upload.url, 'http://x');
    change(url);
    return `${url.pathname}${url.search}`;
  };
  const nothingStored = async () => expect(await server.blobKeys()).toEqual([]);

  it('the URL is /blobs/KEY with expires, length, type and signature', () => {
    const url = new URL(upload.url, 'http://x');
    expect(url.pathname).toBe(`/blobs/${upload.key}`);
    expect(url.searchParams.get('length')).toBe(String(png.length));
    expect(url.searchParams.get('type')).toBe('image/png');
    expect(url.searchParams.get('signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['a changed signature', (u: URL) => u.searchParams.set('signature', '0'.repeat(64))],
    ['a later expiry', (u: URL) => u.searchParams.set('expires', String(Number(u.searchParams.get('expires')) + 60))],
    ['another key', (u: URL) => (u.pathname = u.pathname.replace(/[0-9a-f]$/, (c) => (c === '0' ? '1' : '0')))],
    ['another media type', (u: URL) => u.searchParams.set('type', 'image/jpeg')],
  ])('a URL with %s is refused with 403 and stores nothing', async (_, change) => {
    const url = variant(change);
    const type = new URL(url, 'http://x').searchParams.get('type') as string;
    expect(await put(url, png, type)).toBe(403);
    await nothingStored();
  });

  it('a GET link of the same key cannot be used to upload (403)', async () => {
    const get = new URL(await server.ctx.blobs.signedUrl(upload.key, 600), 'http://x');
    get.searchParams.set('length', String(png.length));
    get.searchParams.set('type', 'image/png');
    expect(await put(`${get.pathname}${get.search}`, png, 'image/png')).toBe(403);
    await nothingStored();
  });

  it('a PUT with another Content-Type than the one signed is 403', async () => {
    expect(await put(upload.url, png, 'image/jpeg')).toBe(403);
    await nothingStored();
  });

  it('a PUT of more or fewer bytes than signed is refused and stores nothing', async () => {
    expect(await put(upload.url, new Uint8Array([...png, 0]), 'image/png')).toBe(403);
    expect(await put(upload.url, png.subarray(1), 'image/png')).toBe(403);
    await nothingStored();
  });

  it('a URL past its expiry is 403', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 16 * 60 * 1000);
      expect(await put(upload.url, png, 'image/png')).toBe(403);
    } finally {
      vi.useRealTimers();
    }
    await nothingStored();
  });

  it('the URL as given stores the bytes (200)', async () => {
    expect(await put(upload.url, png, 'image/png')).toBe(200);
    expect(Buffer.from((await server.ctx.blobs.get(upload.key)) as Uint8Array).equals(Buffer.from(png))).toBe(true);
  });
});

describe.runIf(STORAGE === 's3')('S3 upload URLs: a presigned PutObject', () => {
  it('signs Content-Type and Content-Length and lives 15 minutes (s3rver does not check signatures: read the URL)', async () => {
    const upload = (await askUpload('a.png', 1234)).json() as Upload;
    const url = new URL(upload.url);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(
      expect.arrayContaining(['content-length', 'content-type', 'host']),
    );
    expect(url.pathname).toContain(`/server/${upload.key}`);
  });
});
