/**
 * `segkit worker` beside `segkit serve --no-jobs` on one PostgreSQL database and one S3 bucket (an
 * s3rver over HTTP), as separate processes, each with a data folder of its own (nothing shared but the
 * database and the bucket, as on separate machines): a job enqueued on one server is run by a worker and downloads through another;
 * a worker killed with SIGKILL mid-job leaves the job to a second worker; SIGTERM lets a worker finish
 * its job, or gives it back when it cannot finish in SEGKIT_WORKER_STOP_SECONDS; a third server killed
 * with SIGKILL amid saves and uploads loses none it acknowledged, as read through another server.
 *
 * The worker that is killed or stopped mid-job is test/fixtures/held-worker.mjs: `startWorker` with
 * an export handler that holds (a test-only handler; no product code path knows it).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encode, rleToString } from '@segkit/core';
import { encodePng } from '@segkit/formats';
import { dropTestDatabase, freshSchemaUrl, postgresAnswers, postgresSkipNotice } from '@segkit/testing/postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startS3rver, type TestS3 } from '../../server/test/s3rver.js';

const BIN = fileURLToPath(new URL('../bin/segkit.js', import.meta.url));
const HELD = fileURLToPath(new URL('./fixtures/held-worker.mjs', import.meta.url));
const ADMIN = { email: 'admin@example.com', password: 'long password' };
// Short job settings: a lost job is retried 5 s after it started; maintenance and polls are quick.
const { DATABASE_URL: _, ...ENV } = process.env;
const JOB_ENV = {
  ...ENV,
  SEGKIT_JOB_EXPIRE_SECONDS: '5',
  SEGKIT_JOB_MAINTENANCE_SECONDS: '1',
  SEGKIT_JOB_POLL_SECONDS: '0.5',
  SEGKIT_WORKER_STOP_SECONDS: '1',
};

interface Child {
  process: ChildProcess;
  /** Its stdout and stderr so far. */
  output(): string;
  /** Resolves with the first match of `pattern` in its output; rejects if it exits first. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  exited: Promise<number | null>;
}

/** The servers (started once for the file) and the workers (per test). */
const servers: Child[] = [];
const workers: Child[] = [];

function start(args: string[], env: Record<string, string | undefined> = JOB_ENV): Child {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let text = '';
  const waiting = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    for (const check of [...waiting]) check();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const handle: Child = {
    process: child,
    output: () => text,
    exited,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(text);
          if (match) {
            waiting.delete(check);
            resolve(match);
          }
        };
        waiting.add(check);
        check();
        void exited.then((code) => {
          if (waiting.delete(check)) reject(new Error(`exited ${code} before ${pattern}: ${text}`));
        });
      }),
  };
  return handle;
}

/** `segkit worker` on the test's database and data folder. */
function segkitWorker(): Child {
  const worker = start([BIN, 'worker', '--database', database, '--data', ownData()]);
  workers.push(worker);
  return worker;
}
/** The held worker (see the file's comment), with extra environment variables. */
function heldWorker(env: Record<string, string> = {}): Child {
  const worker = start([HELD, database, ownData()], { ...JOB_ENV, ...env });
  workers.push(worker);
  return worker;
}

async function stop(child: Child, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  child.process.kill(signal);
  return child.exited;
}

let database: string;
let data: string;
let s3: TestS3 | undefined;
let processes = 0;
/** A data folder of a process's own, under the test's folder. */
const ownData = () => join(data, `process-${++processes}`);
let serverA: string;
let serverB: string;
/** Starts one more `segkit serve --no-jobs` on the test's database and bucket. */
let serve: () => Child;
let token: string;
let projectId: number;

async function api(server: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${server}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

interface JobView {
  id: number;
  state: string;
  progress: number;
  result?: { downloadUrl: string; blobKey: string; bytes: number };
  error?: unknown;
}

async function job(server: string, id: number): Promise<JobView> {
  return (await api(server, 'GET', `/api/jobs/${id}`)).json() as Promise<JobView>;
}

async function until(server: string, id: number, ok: (view: JobView) => boolean): Promise<JobView> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const view = await job(server, id);
    if (ok(view)) return view;
    if (Date.now() > deadline) throw new Error(`job ${id} never got there: ${JSON.stringify(view)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A 2×3 mask with the row-major pixel `at` set, as compressed COCO RLE. */
function onePixel(at: number) {
  const data = new Uint8Array(6);
  data[at] = 1;
  return { size: [2, 3], counts: rleToString(encode({ height: 2, width: 3, data })) };
}

async function requestExport(): Promise<number> {
  const started = await api(serverA, 'POST', `/api/projects/${projectId}/exports`, {});
  expect(started.status).toBe(202);
  return ((await started.json()) as { jobId: number }).jobId;
}

/** The names in a zip's central directory (a half-written zip has none: this throws). */
function zipNames(bytes: Buffer): string[] {
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a whole zip: no end of central directory');
  const names: string[] = [];
  let at = bytes.readUInt32LE(end + 16);
  for (let i = 0; i < bytes.readUInt16LE(end + 10); i++) {
    if (bytes.readUInt32LE(at) !== 0x02014b50) throw new Error(`no central directory entry at ${at}`);
    const nameLength = bytes.readUInt16LE(at + 28);
    names.push(bytes.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return names;
}

/** The export's zip, downloaded through server B: whole, of the size its job recorded. */
async function downloadThroughB(view: JobView): Promise<string[]> {
  const response = await api(serverB, 'GET', view.result?.downloadUrl ?? '');
  expect(response.status).toBe(200);
  const bytes = Buffer.from(await response.arrayBuffer());
  expect(bytes.length).toBe(view.result?.bytes);
  return zipNames(bytes);
}

describe('segkit worker and serve --no-jobs: usage', () => {
  it('segkit worker without a PostgreSQL database, and serve --no-jobs on SQLite, exit 2 with one line', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'segkit-worker-'));
    try {
      const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: ENV });
      const bare = run('worker', '--data', folder);
      expect(bare.status).toBe(2);
      expect(bare.stderr).toBe('segkit: segkit worker needs --database postgres://... (or DATABASE_URL)\n');
      const sqlite = run('worker', '--data', folder, '--database', join(folder, 'segkit.db'));
      expect(sqlite.status).toBe(2);
      expect(sqlite.stderr).toMatch(
        /^segkit: a worker needs the servers' PostgreSQL database .*on SQLite, the server runs its jobs itself\n$/,
      );
      const served = run('serve', '--data', folder, '--port', '0', '--no-jobs');
      expect(served.status).toBe(2);
      expect(served.stderr).toMatch(/^segkit: a server on SQLite runs its jobs itself .*needs PostgreSQL\n$/);
      const setting = spawnSync(process.execPath, [BIN, 'worker', '--database', 'postgres://127.0.0.1:1/x'], {
        encoding: 'utf8',
        env: { ...ENV, SEGKIT_JOB_EXPIRE_SECONDS: 'soon' },
      });
      expect(setting.status).toBe(2);
      expect(setting.stderr).toBe(
        'segkit: SEGKIT_JOB_EXPIRE_SECONDS (environment) must be an integer from 1 to 86399, got "soon"\n',
      );
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('segkit worker with two segkit serve --no-jobs on one PostgreSQL database', () => {
  let answers = false;
  beforeAll(async () => {
    answers = await postgresAnswers();
    if (!answers) {
      console.warn(postgresSkipNotice('the tests of segkit worker are').trimEnd());
      return;
    }
    database = await freshSchemaUrl();
    data = await mkdtemp(join(tmpdir(), 'segkit-worker-'));
    s3 = await startS3rver();
    // Every process below reads its blob store from these (SEGKIT_STORAGE and the S3 settings).
    // (The held worker is not the CLI, which silences the pinned SDK's warning about Node 22.)
    Object.assign(JOB_ENV, s3.env, {
      SEGKIT_STORAGE: `s3://${s3.bucket}/team`,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    serve = () => {
      const server = start([BIN, 'serve', '--data', ownData(), '--database', database, '--port', '0', '--no-jobs'], {
        ...JOB_ENV,
        SEGKIT_ADMIN_EMAIL: ADMIN.email,
        SEGKIT_ADMIN_PASSWORD: ADMIN.password,
      });
      servers.push(server);
      return server;
    };
    serverA = (await serve().waitFor(/serving on (http:\/\/\S+)/))[1] as string;
    serverB = (await serve().waitFor(/serving on (http:\/\/\S+)/))[1] as string;
    const login = await fetch(`${serverA}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    token = ((await login.json()) as { token: string }).token;
    const created = await api(serverA, 'POST', '/api/projects', {
      name: 'roads',
      type: 'semantic',
      classes: [{ id: 1, name: 'road', color: '#804080', isthing: false }],
      deliveryFormat: 'png',
    });
    projectId = ((await created.json()) as { id: number }).id;
    const form = new FormData();
    const png = encodePng({ width: 3, height: 2, channels: 1, depth: 8, data: new Uint8Array(6).fill(9) });
    form.append('file', new Blob([png]), 'a.png');
    const uploaded = await fetch(`${serverA}/api/projects/${projectId}/images`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    // Two servers starting on a loaded machine take more than the default 10 s.
  }, 60_000);
  afterEach(async () => {
    // Workers a failed test left running.
    for (const worker of workers.splice(0)) {
      if (worker.process.exitCode === null && worker.process.signalCode === null) await stop(worker, 'SIGKILL');
    }
  });
  afterAll(async () => {
    for (const server of servers.splice(0)) await stop(server);
    if (data !== undefined) await rm(data, { recursive: true, force: true });
    await s3?.close();
    await dropTestDatabase();
  });

  it('an export enqueued on server A is run by segkit worker and downloads through server B', async (context) => {
    if (!answers) return context.skip();
    const id = await requestExport();
    // Both servers only enqueue: the job waits for a worker.
    expect((await job(serverB, id)).state).toBe('queued');
    const worker = segkitWorker();
    await worker.waitFor(/worker running jobs from/);
    expect(worker.output()).toContain(`blobs in s3://${s3?.bucket}/team`);
    const done = await until(serverB, id, (view) => view.state === 'done');
    expect(done.progress).toBe(1);
    // The zip is in the bucket (under the prefix), not in any process's data folder.
    expect(await s3?.keys('team/exports/')).toContain(`team/${done.result?.blobKey}`);
    expect(await downloadThroughB(done)).toContain('a.png');
    expect(await stop(worker)).toBe(0);
  });

  it('a worker killed with SIGKILL mid-job leaves the job to a second worker, which writes a whole new zip', async (context) => {
    if (!answers) return context.skip();
    const held = heldWorker();
    await held.waitFor(/worker ready/);
    const id = await requestExport();
    await held.waitFor(new RegExp(`holding job ${id}\\b`));
    // The held job's progress, saved by the worker, reads the same through the other server.
    expect(await until(serverB, id, (view) => view.progress === 0.42)).toMatchObject({ state: 'running' });
    expect(await stop(held, 'SIGKILL')).toBe(null);
    const worker = segkitWorker();
    const done = await until(serverA, id, (view) => view.state === 'done');
    expect(done.result?.blobKey).not.toBe(`exports/${id}-held-partial.zip`);
    expect(await downloadThroughB(done)).toContain('a.png');
    // The killed run's partial zip is swept when the job is done: only the new zip is left of it.
    expect((await s3?.keys(`team/exports/${id}-`))?.sort()).toEqual([`team/${done.result?.blobKey}`]);
    expect(await stop(worker)).toBe(0);
  });

  it('SIGTERM on a worker that cannot finish in SEGKIT_WORKER_STOP_SECONDS gives the job back (queued) and exits 0', async (context) => {
    if (!answers) return context.skip();
    const held = heldWorker();
    await held.waitFor(/worker ready/);
    const id = await requestExport();
    await held.waitFor(new RegExp(`holding job ${id}\\b`));
    expect(await stop(held)).toBe(0);
    expect(held.output()).toContain(`gave job ${id} back`);
    expect(await job(serverB, id)).toMatchObject({ state: 'queued', progress: 0 });
    const worker = segkitWorker();
    const done = await until(serverB, id, (view) => view.state === 'done');
    expect(await downloadThroughB(done)).toContain('a.png');
    expect(await stop(worker)).toBe(0);
  });

  it('a server killed with SIGKILL mid-request loses no acknowledged save or upload: server B reads every one', async (context) => {
    if (!answers) return context.skip();
    const victim = serve();
    const serverC = (await victim.waitFor(/serving on (http:\/\/\S+)/))[1] as string;
    const png = (fill: number) =>
      encodePng({ width: 3, height: 2, channels: 1, depth: 8, data: new Uint8Array(6).fill(fill) });
    const uploadTo = async (server: string, name: string, fill: number) => {
      const form = new FormData();
      form.append('file', new Blob([png(fill)]), name);
      return fetch(`${server}/api/projects/${projectId}/images`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
    };
    const images: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await uploadTo(serverC, `kill-${i}.png`, i);
      expect(response.status).toBe(201);
      images.push(((await response.json()) as { images: Array<{ id: number }> }).images[0]?.id as number);
    }
    /** Save n of an image: class 1 on pixel n mod 6 of the 3×2 image. */
    const document = (n: number) => [{ id: 1, categoryId: 1, segmentation: onePixel(n % 6) }];
    // Four saving clients, one per image, and one uploading client, in closed loops on server C,
    // until its connections fail: what was answered 200 or 201 is acknowledged.
    const acked = new Map<number, { version: number; n: number }>();
    const uploaded: Array<{ id: number; fill: number }> = [];
    let answered = 0;
    const savers = images.map(async (image) => {
      let version = 0;
      for (let n = 0; ; n++) {
        // A request is acknowledged when its whole answer arrived; one the kill cut is not.
        let response: Response;
        let body: { version: number };
        try {
          response = await api(serverC, 'PUT', `/api/images/${image}/annotation`, {
            baseVersion: version,
            segments: document(n),
          });
          body = (await response.json()) as { version: number };
        } catch {
          return;
        }
        expect(response.status).toBe(200);
        version = body.version;
        acked.set(image, { version, n });
        answered++;
      }
    });
    const uploader = (async () => {
      for (let k = 0; ; k++) {
        let response: Response;
        let body: { images: Array<{ id: number }> };
        try {
          response = await uploadTo(serverC, `kill-upload-${k}.png`, 10 + (k % 200));
          body = (await response.json()) as { images: Array<{ id: number }> };
        } catch {
          return;
        }
        expect(response.status).toBe(201);
        const id = body.images[0]?.id as number;
        uploaded.push({ id, fill: 10 + (k % 200) });
        answered++;
      }
    })();
    const deadline = Date.now() + 30_000;
    while (answered < 40 || uploaded.length < 2) {
      if (Date.now() > deadline) throw new Error(`only ${answered} requests answered on server C`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Five clients in closed loops: requests are in flight when the kill comes.
    victim.process.kill('SIGKILL');
    await Promise.all([...savers, uploader]);
    expect(await victim.exited).toBe(null);
    for (const image of images) {
      const last = acked.get(image);
      if (last === undefined) throw new Error(`no save of image ${image} was acknowledged`);
      const read = await api(serverB, 'GET', `/api/images/${image}/annotation`);
      expect(read.status).toBe(200);
      const view = (await read.json()) as { version: number; segments: Array<{ segmentation: { counts: string } }> };
      // The save in flight at the kill may have committed unanswered (one more version), never fewer.
      expect(view.version === last.version || view.version === last.version + 1).toBe(true);
      if (view.version === last.version) {
        expect(view.segments.map((s) => s.segmentation.counts)).toEqual(
          document(last.n).map((s) => s.segmentation.counts),
        );
      }
      // Nothing of server C is left holding the image: the next save through B goes in.
      const next = await api(serverB, 'PUT', `/api/images/${image}/annotation`, {
        baseVersion: view.version,
        segments: document(0),
      });
      expect(next.status).toBe(200);
    }
    for (const { id, fill } of uploaded) {
      const file = await api(serverB, 'GET', `/api/images/${id}/file`);
      expect(file.status).toBe(200);
      expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(png(fill)))).toBe(true);
    }
  });

  it('SIGTERM on a worker lets its running job finish, then it exits 0', async (context) => {
    if (!answers) return context.skip();
    const gate = join(data, 'release-held-job');
    const held = heldWorker({ HOLD_GATE: gate, SEGKIT_WORKER_STOP_SECONDS: '60' });
    await held.waitFor(/worker ready/);
    const id = await requestExport();
    await held.waitFor(new RegExp(`holding job ${id}\\b`));
    held.process.kill('SIGTERM');
    await held.waitFor(/stopping/);
    await writeFile(gate, '');
    expect(await held.exited).toBe(0);
    const done = await job(serverB, id);
    expect(done.state).toBe('done');
    expect(await downloadThroughB(done)).toContain('a.png');
  });
});
