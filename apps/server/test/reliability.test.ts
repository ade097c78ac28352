/**
 * Crash safety and concurrency over a real socket, on the suite's engine (SQLite or PostgreSQL): a
 * server process killed with SIGKILL during a stream of saves keeps every acknowledged save; 50
 * clients saving at once lose no update.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encode, mulberry32, rleToString } from '@segkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLASSES, freshDatabase, multipart, pngBytes } from './helpers.js';

const CHILD = fileURLToPath(new URL('./fixtures/serve-child.mjs', import.meta.url));
let data: string;
let database: string;
let child: ChildProcess | undefined;

beforeEach(async () => {
  data = await mkdtemp(join(tmpdir(), 'segkit-crash-'));
  database = await freshDatabase(data);
});
afterEach(async () => {
  child?.kill('SIGKILL');
  await rm(data, { recursive: true, force: true });
});

async function startChild(): Promise<string> {
  child = spawn(process.execPath, [CHILD, data, '0', database], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child?.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child?.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

function client(url: string, token?: string) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined || body instanceof Uint8Array ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : body instanceof Uint8Array ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text.length > 0 && text.startsWith('{') ? JSON.parse(text) : undefined };
  };
}

async function setUp(url: string, images: number) {
  const anonymous = client(url);
  const login = await anonymous('POST', '/api/auth/login', { email: 'ada@example.com', password: 'long password' });
  const api = client(url, login.json.token);
  await api('POST', '/api/projects', { name: 'p', type: 'instance', classes: CLASSES });
  const body = multipart(Array.from({ length: images }, (_, i) => ({ name: `${i}.png`, bytes: pngBytes(16, 16) })));
  const uploaded = await api('POST', '/api/projects/1/images', new Uint8Array(body.payload), body.headers);
  expect(uploaded.status).toBe(201);
  return api;
}

function segmentsFor(n: number) {
  const data = new Uint8Array(256);
  data[n % 256] = 1;
  return [
    {
      id: 1,
      categoryId: 1,
      segmentation: { size: [16, 16], counts: rleToString(encode({ height: 16, width: 16, data })) },
    },
  ];
}

describe('reliability', () => {
  it('kill -9 during a stream of saves: after a restart every acknowledged save is there, whole (seed 4)', async () => {
    const url = await startChild();
    const api = await setUp(url, 1);
    const acknowledged: Array<{ version: number; n: number }> = [];
    const random = mulberry32(4);
    const killAfter = 150 + Math.floor(random() * 300); // ms into the stream
    let version = 0;
    let n = 0;
    const stream = (async () => {
      for (;;) {
        n++;
        try {
          const saved = await api('PUT', '/api/images/1/annotation', {
            baseVersion: version,
            segments: segmentsFor(n),
          });
          if (saved.status !== 200) throw new Error(`save answered ${saved.status}`);
          version = saved.json.version;
          acknowledged.push({ version, n });
        } catch {
          return; // the server is gone
        }
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, killAfter));
    child?.kill('SIGKILL');
    await stream;
    expect(acknowledged.length).toBeGreaterThan(0);
    const restarted = await startChild();
    const login = await client(restarted)('POST', '/api/auth/login', {
      email: 'ada@example.com',
      password: 'long password',
    });
    const after = client(restarted, login.json.token);
    const current = await after('GET', '/api/images/1/annotation');
    // The newest version is the last acknowledged one or the one in flight at the kill, never older.
    expect(current.json.version).toBeGreaterThanOrEqual(acknowledged[acknowledged.length - 1].version);
    expect(current.json.version).toBeLessThanOrEqual(acknowledged[acknowledged.length - 1].version + 1);
    for (const { version: v, n: k } of acknowledged) {
      const read = await after('GET', `/api/images/1/annotation?version=${v}`);
      expect(read.json.segments).toEqual(segmentsFor(k));
    }
  });

  it('50 clients saving at once: every 200 is a distinct version, conflicts are 409s, nothing is lost', async () => {
    const url = await startChild();
    const api = await setUp(url, 50);
    // Each client: 3 saves of its own image, then 1 save racing on image 1 from the version it read.
    const shared = (await api('GET', '/api/images/1/annotation')).json.version as number;
    const results = await Promise.all(
      Array.from({ length: 50 }, async (_, c) => {
        let version = 0;
        const own = c + 1;
        for (let k = 0; k < 3; k++) {
          if (own === 1) break;
          const saved = await api('PUT', `/api/images/${own}/annotation`, {
            baseVersion: version,
            segments: segmentsFor(k),
          });
          expect(saved.status).toBe(200);
          version = saved.json.version;
        }
        const race = await api('PUT', '/api/images/1/annotation', { baseVersion: shared, segments: segmentsFor(c) });
        return { own, version, race: race.status };
      }),
    );
    expect(results.filter((r) => r.race === 200)).toHaveLength(1);
    expect(results.filter((r) => r.race === 409)).toHaveLength(49);
    for (const r of results.filter((x) => x.own !== 1)) expect(r.version).toBe(3);
    const versions = await api('GET', '/api/images/1/annotation/versions');
    expect(versions.json.versions.map((v: { version: number }) => v.version)).toEqual([1]);
  });
});
