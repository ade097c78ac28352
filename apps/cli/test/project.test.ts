import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePng } from '@segkit/formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/segkit.js', import.meta.url));
let folder: string;
let server: ChildProcess;
let url: string;
let token: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'segkit-project-cli-'));
  server = spawn(process.execPath, [BIN, 'serve', '--data', join(folder, 'data'), '--port', '0'], {
    env: { ...process.env, SEGKIT_ADMIN_EMAIL: 'ada@example.com', SEGKIT_ADMIN_PASSWORD: 'long password' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  url = await new Promise<string>((resolve, reject) => {
    let text = '';
    server.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /serving on (http:\/\/\S+)/.exec(text);
      if (match) resolve(match[1]);
    });
    server.once('exit', (code) => reject(new Error(`serve exited ${code}: ${text}`)));
  });
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'ada@example.com', password: 'long password' }),
  });
  token = ((await login.json()) as { token: string }).token;
});
afterAll(async () => {
  server.kill('SIGTERM');
  await rm(folder, { recursive: true, force: true });
});

const segkit = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args, '--server', url, '--token', token], { encoding: 'utf8' });

describe('segkit project create|import|export|qa against a running server', () => {
  it('creates a project from a list of names, uploads a folder of images and COCO pre-labels, exports a zip', async () => {
    const created = segkit(
      'project',
      'create',
      '--name',
      'cli',
      '--type',
      'instance',
      '--classes',
      'road,car',
      '--things',
      'car',
      '--format',
      'json',
    );
    expect(created.stderr).toBe('');
    expect(JSON.parse(created.stdout)).toMatchObject({
      id: 1,
      name: 'cli',
      classes: [
        { id: 0, name: 'road', isthing: false },
        { id: 1, name: 'car', isthing: true },
      ],
    });
    const images = join(folder, 'images');
    await mkdir(join(images, 'left'), { recursive: true });
    const png = encodePng({ width: 8, height: 6, channels: 1, depth: 8, data: new Uint8Array(48) });
    await writeFile(join(images, 'left', 'a.png'), png);
    await writeFile(join(images, 'b.png'), png);
    await writeFile(join(images, 'notes.txt'), 'not an image');
    const coco = {
      images: [{ id: 1, file_name: 'left/a.png', width: 8, height: 6 }],
      annotations: [
        {
          id: 1,
          image_id: 1,
          category_id: 1,
          segmentation: [[1, 1, 6, 1, 6, 4]],
          area: 8,
          bbox: [1, 1, 5, 3],
          iscrowd: 0,
        },
      ],
      categories: [{ id: 1, name: 'car' }],
    };
    await writeFile(join(folder, 'pre.json'), JSON.stringify(coco));
    const imported = segkit('project', 'import', '1', '--images', images, '--labels', join(folder, 'pre.json'));
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toBe('uploaded 2 images\nimported 1 pre-label segments (coco) onto 1 images\n');
    const out = join(folder, 'delivery.zip');
    const exported = segkit('project', 'export', '1', '--out', out, '--as', 'coco-rle', '--format', 'json');
    expect(exported.stderr).toBe('');
    expect(JSON.parse(exported.stdout)).toMatchObject({ jobId: 1, out });
    expect((await readFile(out)).subarray(0, 2).toString()).toBe('PK');
  });

  it('qa without gold exits 1 with the server code; a wrong token exits 1 naming it', () => {
    const qa = segkit('project', 'qa', '1');
    expect(qa.status).toBe(1);
    expect(qa.stderr).toMatch(/\[NO_GOLD\]\n$/);
    const bad = spawnSync(process.execPath, [BIN, 'project', 'qa', '1', '--server', url, '--token', 'nope'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe('segkit: the bearer token is unknown or expired [UNAUTHORIZED]\n');
  });

  it('a --classes JSON file with a null category, or that is a FIFO, is refused with one line naming it', async () => {
    const bad = join(folder, 'bad-categories.json');
    await writeFile(bad, JSON.stringify({ categories: [{ id: 1, name: 'road' }, null] }));
    const nulls = segkit('project', 'create', '--name', 'x', '--type', 'semantic', '--classes', bad);
    expect(nulls.status).toBe(2);
    expect(nulls.stderr).toBe(`segkit: --classes ${bad}: categories[1] needs an integer "id" and a string "name"\n`);
    const fifo = join(folder, 'fifo.json');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const piped = segkit('project', 'create', '--name', 'x', '--type', 'semantic', '--classes', fifo);
    expect(piped.status).toBe(1);
    expect(piped.stderr.split('\n')).toHaveLength(2);
    expect(piped.stderr).toContain(fifo);
    expect(piped.stderr).toContain('[NOT_A_FILE]');
  });
});
