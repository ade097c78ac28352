import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePng } from '@segkit/formats';
import { dropTestDatabase, freshSchemaUrl, postgresAnswers, postgresSkipNotice } from '@segkit/testing/postgres';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startS3rver } from '../../server/test/s3rver.js';

const BIN = fileURLToPath(new URL('../bin/segkit.js', import.meta.url));
// The children choose their database from the flags and from DATABASE_URL as each test sets it.
const { DATABASE_URL: _, ...ENV } = process.env;
let data: string;
beforeEach(async () => {
  data = await mkdtemp(join(tmpdir(), 'segkit-serve-'));
});
afterEach(async () => rm(data, { recursive: true, force: true }));

function userCreate(email: string, password: string, ...extra: string[]) {
  return spawnSync(
    process.execPath,
    [BIN, 'user', 'create', '--data', data, '--email', email, '--name', 'Ada', '--password-stdin', ...extra],
    { input: password, encoding: 'utf8', env: ENV },
  );
}

describe('segkit user create and segkit serve', () => {
  it('user create reads the password from stdin; a second user with the email exits 1 naming it', () => {
    const first = userCreate('ada@example.com', 'long password\n', '--role', 'admin', '--format', 'json');
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ id: 1, email: 'ada@example.com', name: 'Ada', role: 'admin' });
    const again = userCreate('ada@example.com', 'long password');
    expect(again.status).toBe(1);
    expect(again.stderr).toBe('segkit: a user with email ada@example.com exists [EMAIL_TAKEN]\n');
    const short = userCreate('bob@example.com', 'short');
    expect(short.status).toBe(1);
    expect(short.stderr).toContain('at least 8 characters');
  });

  it('serve answers /api/health and logs in the user created offline, then stops on SIGTERM', async () => {
    expect(userCreate('ada@example.com', 'long password', '--role', 'admin').status).toBe(0);
    const child = spawn(process.execPath, [BIN, 'serve', '--data', data, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: ENV,
    });
    const url = await serving(child);
    const health = await fetch(`${url}/api/health`);
    expect(await health.json()).toEqual({ status: 'ok', database: 'sqlite', version: '0.1.0' });
    expect((await logIn(url, 'ada@example.com', 'long password')).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('an unreachable --database exits 1 with one line naming its host, port and database, never the password', () => {
    const database = 'postgres://ada:hunter2secret@127.0.0.1:1/segkit';
    const created = userCreate('ada@example.com', 'long password', '--database', database);
    expect(created.status).toBe(1);
    expect(created.stderr).toMatch(
      /^segkit: cannot reach PostgreSQL at 127\.0\.0\.1:1\/segkit: .*ECONNREFUSED.* \(--database or DATABASE_URL\) \[DATABASE_UNREACHABLE\]\n$/,
    );
    expect(created.stderr).not.toContain('hunter2secret');
    const served = spawnSync(process.execPath, [BIN, 'serve', '--data', data, '--port', '0'], {
      env: { ...ENV, DATABASE_URL: database },
      encoding: 'utf8',
    });
    expect(served.status).toBe(1);
    expect(served.stderr).toContain('[DATABASE_UNREACHABLE]');
    expect(served.stderr).not.toContain('hunter2secret');
  });
});

describe('segkit user create and segkit serve on PostgreSQL', () => {
  let database: string | undefined;
  beforeAll(async () => {
    if (await postgresAnswers()) database = await freshSchemaUrl();
    else console.warn(postgresSkipNotice('the PostgreSQL tests of segkit serve are').trimEnd());
  });
  afterAll(dropTestDatabase);

  it('user create --database URL, then serve with DATABASE_URL: health says postgres and the user logs in', async (context) => {
    if (database === undefined) return context.skip();
    const created = userCreate(
      'ada@example.com',
      'long password',
      '--database',
      database,
      '--role',
      'admin',
      '--format',
      'json',
    );
    expect(created.status).toBe(0);
    expect(JSON.parse(created.stdout)).toEqual({ id: 1, email: 'ada@example.com', name: 'Ada', role: 'admin' });
    expect(userCreate('ada@example.com', 'long password', '--database', database).stderr).toBe(
      'segkit: a user with email ada@example.com exists [EMAIL_TAKEN]\n',
    );
    const child = spawn(process.execPath, [BIN, 'serve', '--data', data, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...ENV, DATABASE_URL: database },
    });
    const url = await serving(child);
    const health = await fetch(`${url}/api/health`);
    expect(await health.json()).toEqual({ status: 'ok', database: 'postgres', version: '0.1.0' });
    expect((await logIn(url, 'ada@example.com', 'long password')).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

/** The URL `segkit serve` prints once it listens. */
function serving(child: ChildProcess): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let text = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /serving on (http:\/\/\S+)/.exec(text);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${text}`)));
  });
}

function logIn(url: string, email: string, password: string) {
  return fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
}

/** Starts `segkit serve` with `args` and `env`; resolves with its URL once it listens. */
async function serve(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, 'serve', '--data', data, '--port', '0', ...args], {
    env: { ...ENV, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let text = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /serving on (http:\/\/\S+)/.exec(text);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${text}`)));
  });
  return { child, url, stderr: () => text };
}

describe('segkit serve --storage', () => {
  it('s3://BUCKET/PREFIX keeps every blob in the bucket under PREFIX; an image downloads from a presigned URL', async () => {
    const s3 = await startS3rver();
    try {
      const admin = { SEGKIT_ADMIN_EMAIL: 'ada@example.com', SEGKIT_ADMIN_PASSWORD: 'long password' };
      const { child, url, stderr } = await serve(['--storage', `s3://${s3.bucket}/cli`], { ...s3.env, ...admin });
      expect(stderr()).toContain(`blobs in s3://${s3.bucket}/cli`);
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'ada@example.com', password: 'long password' }),
      });
      const auth = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
      await fetch(`${url}/api/projects`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'p',
          type: 'semantic',
          classes: [{ id: 1, name: 'a', color: '#ff0000', isthing: false }],
        }),
      });
      const png = encodePng({ width: 5, height: 4, channels: 1, depth: 8, data: new Uint8Array(20).fill(9) });
      const form = new FormData();
      form.append('file', new Blob([png]), 'a.png');
      expect((await fetch(`${url}/api/projects/1/images`, { method: 'POST', headers: auth, body: form })).status).toBe(
        201,
      );
      // fetch follows the 302 to the bucket (and drops the Authorization header on the way, as it must).
      const file = await fetch(`${url}/api/images/1/file`, { headers: auth });
      expect(file.redirected).toBe(true);
      expect(file.url.startsWith(`${s3.endpoint}/${s3.bucket}/cli/images/`)).toBe(true);
      expect(file.headers.get('content-type')).toBe('image/png');
      expect(new Uint8Array(await file.arrayBuffer())).toEqual(png);
      const keys = await s3.keys('');
      expect(keys).toHaveLength(2);
      expect(keys.every((key) => /^cli\/(images\/[0-9a-f]{32}|thumbs\/[0-9a-f]{32}\.webp)$/.test(key))).toBe(true);
      expect(await readdir(data)).not.toContain('blobs');
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      await s3.close();
    }
  });

  it('SEGKIT_STORAGE naming a bucket that does not exist: exit 1 with one line naming it', async () => {
    const s3 = await startS3rver();
    try {
      // Not spawnSync: s3rver answers from this process, whose event loop must keep running.
      const child = spawn(process.execPath, [BIN, 'serve', '--data', data, '--port', '0'], {
        env: { ...ENV, ...s3.env, SEGKIT_STORAGE: 's3://no-such-bucket/x' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const status = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      const result = { status, stderr };
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(
        'segkit: S3 check of bucket no-such-bucket failed: NotFound (HTTP 404): no such bucket [STORAGE_FAILED]\n',
      );
    } finally {
      await s3.close();
    }
  });

  it('a storage URL of another scheme is a usage error (exit 2)', () => {
    const result = spawnSync(process.execPath, [BIN, 'serve', '--data', data, '--storage', 'gs://bucket/x'], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('segkit: --storage is s3://BUCKET/PREFIX or file:DIR, got "gs://bucket/x"\n');
  });
});
