import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/segkit.js', import.meta.url));
let data: string;
beforeEach(async () => {
  data = await mkdtemp(join(tmpdir(), 'segkit-serve-'));
});
afterEach(async () => rm(data, { recursive: true, force: true }));

function userCreate(email: string, password: string, ...extra: string[]) {
  return spawnSync(
    process.execPath,
    [BIN, 'user', 'create', '--data', data, '--email', email, '--name', 'Ada', '--password-stdin', ...extra],
    { input: password, encoding: 'utf8' },
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
    });
    const url = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stderr.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const match = /serving on (http:\/\/\S+)/.exec(text);
        if (match) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${text}`)));
    });
    const health = await fetch(`${url}/api/health`);
    expect(await health.json()).toEqual({ status: 'ok', database: 'sqlite', version: '0.1.0' });
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@example.com', password: 'long password' }),
    });
    expect(login.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
