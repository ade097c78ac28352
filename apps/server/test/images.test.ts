import { encodePng } from '@segkit/formats';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZipFile } from 'yazl';
import { CLASSES, pngBytes, type TestServer, testServer, upload } from './helpers.js';

let server: TestServer;
let manager: { id: number; token: string };
let projectId: number;

beforeEach(async () => {
  server = await testServer({
    limits: { maxPixels: 10_000, maxClasses: 65536, maxVertices: 2 ** 20, maxFileBytes: 2 ** 31 },
  });
  manager = await server.user('mia@example.com');
  const created = await server.call(manager.token, 'POST', '/api/projects', {
    name: 'streets',
    type: 'instance',
    classes: CLASSES,
  });
  projectId = created.json().id;
});
afterEach(async () => server.close());

async function zip(entries: ReadonlyArray<{ name: string; bytes: Uint8Array }>): Promise<Uint8Array> {
  const file = new ZipFile();
  for (const entry of entries) file.addBuffer(Buffer.from(entry.bytes), entry.name);
  file.end();
  const chunks: Buffer[] = [];
  for await (const chunk of file.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function blobCount(): Promise<number> {
  return (await server.blobKeys()).length;
}

describe('POST /api/projects/{p}/images', () => {
  it('stores PNG and JPEG files with their sizes read from the files', async () => {
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } })
      .jpeg()
      .toBuffer();
    const response = await upload(server, manager.token, projectId, [
      { name: 'a.png', bytes: pngBytes(20, 10) },
      { name: 'b.jpg', bytes: jpeg },
    ]);
    expect(response.statusCode).toBe(201);
    expect(response.json().images).toEqual([
      { id: 1, fileName: 'a.png', width: 20, height: 10 },
      { id: 2, fileName: 'b.jpg', width: 40, height: 30 },
    ]);
    expect(await blobCount()).toBe(4); // two originals, two thumbnails
    const file = await server.call(manager.token, 'GET', '/api/images/1/file');
    expect(file.headers['content-type']).toBe('image/png');
    expect(new Uint8Array(file.rawPayload)).toEqual(pngBytes(20, 10));
    const thumb = await server.call(manager.token, 'GET', '/api/images/2/thumbnail');
    expect((await sharp(thumb.rawPayload).metadata()).format).toBe('webp');
    const list = await server.call(manager.token, 'GET', `/api/projects/${projectId}/images`);
    expect(list.json().images.map((image: { gold: boolean }) => image.gold)).toEqual([false, false]);
  });

  it('expands a zip, keeping its folders in the file names', async () => {
    const bytes = await zip([
      { name: 'left/1.png', bytes: pngBytes(8, 8) },
      { name: 'right/1.png', bytes: pngBytes(9, 9) },
    ]);
    const response = await upload(server, manager.token, projectId, [{ name: 'batch.zip', bytes }]);
    expect(response.statusCode).toBe(201);
    expect(response.json().images.map((image: { fileName: string }) => image.fileName)).toEqual([
      'left/1.png',
      'right/1.png',
    ]);
  });

  it('is all or nothing: one unreadable file rejects the upload and stores nothing', async () => {
    const noise = new Uint8Array(64 * 64).map((_, i) => (i * 7919) % 251);
    const full = encodePng({ width: 64, height: 64, channels: 1, depth: 8, data: noise });
    const broken = full.slice(0, full.length >> 1);
    const response = await upload(server, manager.token, projectId, [
      { name: 'good.png', bytes: pngBytes(10, 10) },
      { name: 'broken.png', bytes: broken },
    ]);
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('UNREADABLE_IMAGE');
    expect(response.json().error.message).toMatch(/^broken\.png: not a readable PNG/);
    expect((await server.call(manager.token, 'GET', `/api/projects/${projectId}/images`)).json().images).toEqual([]);
    expect(await blobCount()).toBe(0);
  });

  it('refuses an image over the pixel limit from its header (422 LIMIT), before decoding', async () => {
    // A 30000×30000 header with no pixel data: refused on its size alone.
    const header = pngBytes(1, 1);
    const view = new DataView(header.buffer, header.byteOffset);
    view.setUint32(16, 30000);
    view.setUint32(20, 30000);
    const response = await upload(server, manager.token, projectId, [{ name: 'bomb.png', bytes: header }]);
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('LIMIT');
    expect(response.json().error.message).toContain(
      'bomb.png: 30000×30000 is 900000000 pixels, over the limit of 10000',
    );
  });

  it.each([
    ['../escape.png', 'UNSAFE_NAME'],
    ['/abs.png', 'UNSAFE_NAME'],
    ['a\\b.png', 'UNSAFE_NAME'],
  ])('refuses a zip entry named %j (%s) and writes nothing', async (name, code) => {
    const payload = await zipWithRawName(name);
    const response = await upload(server, manager.token, projectId, [{ name: 'in.zip', bytes: payload }]);
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe(code);
    expect(response.json().error.message).toContain('in.zip: ');
    expect(await blobCount()).toBe(0);
  });

  it('refuses a zip bomb by its declared sizes before inflating it', async () => {
    server.ctx.config.maxUploadBytes = 1000; // the zip limit is four times the upload limit
    const bytes = await zip([{ name: 'big.png', bytes: new Uint8Array(100_000) }]);
    expect(bytes.length).toBeLessThan(1000);
    const response = await upload(server, manager.token, projectId, [{ name: 'bomb.zip', bytes }]);
    expect(response.statusCode).toBe(413);
    expect(response.json().error.message).toMatch(/bomb\.zip: its files inflate to more than 4000 bytes/);
  });

  it('stops a zip whose entry inflates to more than its declared size (a lying bomb)', async () => {
    const bytes = Buffer.from(await zip([{ name: 'big.png', bytes: new Uint8Array(100_000) }]));
    // Declare 100 bytes in the central directory (uncompressed size at offset 24 of its entry).
    const central = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt32LE(100, central + 24);
    const response = await upload(server, manager.token, projectId, [{ name: 'liar.zip', bytes }]);
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('UNREADABLE_ZIP');
    expect(response.json().error.message).toMatch(/^liar\.zip: /);
    expect(await blobCount()).toBe(0);
  });

  it('refuses a second file of a name the project holds', async () => {
    expect(
      (await upload(server, manager.token, projectId, [{ name: 'a.png', bytes: pngBytes(4, 4) }])).statusCode,
    ).toBe(201);
    const again = await upload(server, manager.token, projectId, [{ name: 'a.png', bytes: pngBytes(4, 4) }]);
    expect(again.statusCode).toBe(422);
    expect(again.json().error).toEqual({
      code: 'DUPLICATE_NAME',
      message: 'a.png: the project already has an image of this name',
    });
  });

  it('answers 404 for images of a project the caller is not in, and 403 to an annotator uploading', async () => {
    await upload(server, manager.token, projectId, [{ name: 'a.png', bytes: pngBytes(4, 4) }]);
    const outsider = await server.user('out@example.com');
    expect((await server.call(outsider.token, 'GET', '/api/images/1/file')).statusCode).toBe(404);
    expect((await server.call(outsider.token, 'GET', `/api/projects/${projectId}/images`)).statusCode).toBe(404);
    const annotator = await server.user('ann@example.com');
    await server.call(manager.token, 'PUT', `/api/projects/${projectId}/members/${annotator.id}`, {
      role: 'annotator',
    });
    const refused = await upload(server, annotator.token, projectId, [{ name: 'b.png', bytes: pngBytes(4, 4) }]);
    expect(refused.statusCode).toBe(403);
  });
});

/** A one-entry zip whose entry name is `name`, written by hand (stored, no compression). */
async function zipWithRawName(name: string): Promise<Uint8Array> {
  const data = Buffer.from(pngBytes(4, 4));
  const nameBytes = Buffer.from(name);
  const { crc32 } = await import('node:zlib');
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  const centralOffset = local.length + nameBytes.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, nameBytes, data, central, nameBytes, end]);
}
