/**
 * `npm run bench:server`: the server under load on loopback, in processes of its own, measured from
 * this one with undici keep-alive connections. Prints absolute figures (there is no reference server
 * to compare with here), for each engine and number of server processes:
 *   1. 50 annotators saving 1920×1080 documents of 20 instances (PUT, each its own image), then a
 *      mixed load (save, read the document, load the image), each annotator a closed loop with no
 *      pause between requests (the heaviest load 50 annotators can make): throughput, p50/p95/p99
 *      latency per request kind, and the CPU the servers, PostgreSQL's backends and this client used
 *      per request. With several server processes the annotators are spread round-robin over them;
 *   2. QA of a 25-image batch (GET /api/batches/{b}/qa), 25 honeypots × 1 annotator, timed (SQLite);
 *   3. an export of SEGKIT_BENCH_EXPORT images (default 5000) as coco-rle, timed: on SQLite by the
 *      server itself, on PostgreSQL by one `segkit worker` process (the servers run --no-jobs), with
 *      the time per image and, labelled as such, what that makes a million-image export.
 * The machine's load average is printed before and after each load, as the figures depend on it.
 * Seeded (mulberry32), so every run sends the same documents. A table of the mixed loads ends the run.
 *
 * PostgreSQL: a throw-away database `segkit_bench_<random>` on SEGKIT_BENCH_POSTGRES (default
 * SEGKIT_TEST_POSTGRES, else postgres://postgres@127.0.0.1:5432/postgres; the user needs CREATEDB),
 * one per configuration, dropped after it; skipped with a notice when the cluster does not answer.
 * All processes of one configuration share one data folder (local blobs, one machine).
 *
 * Environment: SEGKIT_BENCH_ENGINES (sqlite,postgres), SEGKIT_BENCH_PG_SERVERS (server processes on
 * PostgreSQL, one configuration each: 1,2), SEGKIT_BENCH_PARTS (load,qa,export; QA runs on SQLite
 * only; the export runs in each engine's last configuration), SEGKIT_BENCH_SECONDS (per load, 15),
 * SEGKIT_BENCH_EXPORT (images, 5000), SEGKIT_BENCH_ONLY_LOAD=1 (the same as SEGKIT_BENCH_PARTS=load),
 * SEGKIT_BENCH_PROFILE=DIR (each server writes a --cpu-prof profile into DIR).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encode, mulberry32, rleToString } from '@segkit/core';
import { encodePng } from '@segkit/formats';
import pg from 'pg';
import { Agent, request as undiciRequest } from 'undici';

const W = 1920;
const H = 1080;
const ANNOTATORS = 50;
const DURATION = Number(process.env.SEGKIT_BENCH_SECONDS ?? 15);
const EXPORT_IMAGES = Number(process.env.SEGKIT_BENCH_EXPORT ?? 5000);
const PROFILE = process.env.SEGKIT_BENCH_PROFILE;
const list = (value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
const ENGINES = list(process.env.SEGKIT_BENCH_ENGINES ?? 'sqlite,postgres');
const PG_SERVERS = list(process.env.SEGKIT_BENCH_PG_SERVERS ?? '1,2').map(Number);
const PARTS = new Set(
  list(process.env.SEGKIT_BENCH_PARTS ?? (process.env.SEGKIT_BENCH_ONLY_LOAD === '1' ? 'load' : 'load,qa,export')),
);
const POSTGRES =
  process.env.SEGKIT_BENCH_POSTGRES ??
  process.env.SEGKIT_TEST_POSTGRES ??
  'postgres://postgres@127.0.0.1:5432/postgres';
const BIN = fileURLToPath(new URL('../apps/cli/bin/segkit.js', import.meta.url));
const ADMIN = { email: 'admin@bench.segkit', password: 'bench password' };
for (const engine of ENGINES) {
  if (engine !== 'sqlite' && engine !== 'postgres')
    throw new Error(`SEGKIT_BENCH_ENGINES: sqlite or postgres, got ${JSON.stringify(engine)}`);
}
for (const part of PARTS) {
  if (!['load', 'qa', 'export'].includes(part))
    throw new Error(`SEGKIT_BENCH_PARTS: load, qa or export, got ${JSON.stringify(part)}`);
}
for (const n of PG_SERVERS) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`SEGKIT_BENCH_PG_SERVERS: positive integers, got ${n}`);
}

/** A segkit process (serve or worker) of this bench; resolves once its start line is printed. */
async function startSegkit(args, pattern, env = {}) {
  const nodeArgs = PROFILE && args[0] === 'serve' ? ['--cpu-prof', '--cpu-prof-dir', PROFILE] : [];
  const child = spawn(process.execPath, [...nodeArgs, BIN, ...args], {
    env: {
      ...process.env,
      SEGKIT_ADMIN_EMAIL: ADMIN.email,
      SEGKIT_ADMIN_PASSWORD: ADMIN.password,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const match = await new Promise((resolve, reject) => {
    let text = '';
    child.stderr.on('data', (chunk) => {
      text += chunk;
      const found = pattern.exec(text);
      if (found) resolve(found);
    });
    child.once('exit', (code) => reject(new Error(`segkit ${args[0]} exited ${code}: ${text}`)));
  });
  return {
    child,
    match,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function api(url, token, method, path, body, headers = {}) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body && !(body instanceof Uint8Array) ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : body instanceof Uint8Array ? body : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 200)}`);
  return text.startsWith('{') ? JSON.parse(text) : text;
}

function multipart(files) {
  const boundary = `----bench${Math.random().toString(16).slice(2)}`;
  const parts = [];
  for (const file of files) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n\r\n`),
      Buffer.from(file.bytes),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    body: new Uint8Array(Buffer.concat(parts)),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** Runs `task` on each item, `width` at a time. */
async function eachLimited(items, width, task) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const at = next++;
        await task(items[at], at);
      }
    }),
  );
}

/** A 1920×1080 photo-like JPEG (smooth colour waves and seeded noise), about the size of a real one. */
async function photoJpeg(seed) {
  const sharp = createRequire(new URL('../apps/server/package.json', import.meta.url))('sharp');
  const random = mulberry32(seed);
  const data = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      for (let c = 0; c < 3; c++) {
        const wave = 60 * Math.sin(x / (37 + 11 * c)) * Math.cos(y / 53);
        data[(y * W + x) * 3 + c] = Math.max(0, Math.min(255, 128 + wave + 24 * (random() - 0.5)));
      }
    }
  }
  return new Uint8Array(
    await sharp(data, { raw: { width: W, height: H, channels: 3 } })
      .jpeg({ quality: 85 })
      .toBuffer(),
  );
}

/** A document of 20 instances (ellipses) on a 1920×1080 image, seeded. */
function document(seed, height = H, width = W) {
  const random = mulberry32(seed);
  const segments = [];
  for (let k = 0; k < 20; k++) {
    const mask = new Uint8Array(height * width);
    const cx = random() * width;
    const cy = random() * height;
    const rx = 20 + random() * width * 0.08;
    const ry = 20 + random() * height * 0.08;
    for (let y = Math.max(0, Math.floor(cy - ry)); y < Math.min(height, Math.ceil(cy + ry)); y++) {
      for (let x = Math.max(0, Math.floor(cx - rx)); x < Math.min(width, Math.ceil(cx + rx)); x++) {
        if (((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1) mask[y * width + x] = 1;
      }
    }
    segments.push({
      id: k + 1,
      categoryId: 1 + (k % 2),
      segmentation: { size: [height, width], counts: rleToString(encode({ height, width, data: mask })) },
    });
  }
  return segments;
}

const ms = (v) => `${v.toFixed(1)} ms`;
const load1 = () =>
  `load average ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')} (${availableParallelism()} cores)`;
/** CPU seconds (user + system) a process has used, from /proc (Linux); undefined elsewhere. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
}
/** A process's peak resident memory (VmHWM) in MiB, from /proc (Linux). */
function peakMiB(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmHWM:'));
    return Number(/\d+/.exec(line)[0]) / 1024;
  } catch {
    return undefined;
  }
}
const sum = (values) => (values.some((v) => v === undefined) ? undefined : values.reduce((a, b) => a + b, 0));

// --- PostgreSQL: a throw-away database per configuration --------------------------------------------
function withDatabase(url, name) {
  const out = new URL(url);
  out.pathname = `/${name}`;
  return out.toString();
}
function redact(url) {
  const out = new URL(url);
  if (out.password !== '') out.password = '***';
  return out.toString();
}
async function onCluster(url, statement, params = []) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return (await client.query(statement, params)).rows;
  } finally {
    await client.end();
  }
}
async function postgresAnswers() {
  try {
    await onCluster(POSTGRES, 'select 1');
    return true;
  } catch {
    return false;
  }
}
/** The CPU seconds of each PostgreSQL backend connected to `database` (pid → seconds), read from /proc. */
async function backendCpu(client) {
  const rows = (await client.query('select pid from pg_stat_activity where datname = current_database()')).rows;
  return new Map(rows.map((row) => [row.pid, cpuSeconds(row.pid) ?? 0]));
}

// --- One configuration: an engine, N server processes, fresh data --------------------------------------
const summary = [];

async function configuration(engine, serverCount, { qa, exporting }) {
  const label = `${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${serverCount} server process${serverCount > 1 ? 'es' : ''}`;
  const data = mkdtempSync(join(tmpdir(), 'segkit-bench-server-'));
  let database;
  let pgClient;
  const processes = [];
  try {
    const dbArgs = [];
    if (engine === 'postgres') {
      const name = `segkit_bench_${randomBytes(5).toString('hex')}`;
      await onCluster(POSTGRES, `create database ${name}`);
      database = withDatabase(POSTGRES, name);
      dbArgs.push('--database', database, '--no-jobs');
    }
    // One after the other: the first runs the migrations and writes the data folder's secret.
    for (let i = 0; i < serverCount; i++) {
      processes.push(
        await startSegkit(['serve', '--data', data, '--port', '0', ...dbArgs], /serving on (http:\/\/\S+)/),
      );
    }
    const servers = processes.map((p) => ({ url: p.match[1], pid: p.child.pid }));
    const url = servers[0].url;
    if (database !== undefined) {
      pgClient = new pg.Client({ connectionString: database });
      await pgClient.connect();
    }
    console.log(`\n== ${label} (node ${process.version}, ${new Date().toISOString()}) ==`);
    const admin = (await api(url, undefined, 'POST', '/api/auth/login', ADMIN)).token;
    const classes = [
      { id: 0, name: 'road', color: '#804080', isthing: false },
      { id: 1, name: 'car', color: '#00008e', isthing: true },
      { id: 2, name: 'person', color: '#dc143c', isthing: true },
    ];
    if (PARTS.has('load')) await annotatorLoad(label, servers, admin, classes, pgClient);
    if (qa) await batchQa(url, admin, classes);
    if (exporting) await exportImages(engine, url, admin, classes, { data, database, pgClient });
  } finally {
    await pgClient?.end();
    for (const p of processes) await p.stop();
    rmSync(data, { recursive: true, force: true });
    if (database !== undefined)
      await onCluster(POSTGRES, `drop database if exists ${new URL(database).pathname.slice(1)} with (force)`);
  }
}

// 1. 50 annotators, each a loop of requests on its own image over keep-alive connections.
async function annotatorLoad(label, servers, admin, classes, pgClient) {
  const url = servers[0].url;
  const project = await api(url, admin, 'POST', '/api/projects', { name: 'bench', type: 'instance', classes });
  const photo = await photoJpeg(7);
  for (let i = 0; i < ANNOTATORS; i += 10) {
    const form = multipart(Array.from({ length: 10 }, (_, k) => ({ name: `img${i + k}.jpg`, bytes: photo })));
    await api(url, admin, 'POST', `/api/projects/${project.id}/images`, form.body, form.headers);
  }
  const imageIds = (await api(url, admin, 'GET', `/api/projects/${project.id}/images`)).images.map((image) => image.id);
  const tokens = [];
  for (let i = 0; i < ANNOTATORS; i++) {
    const user = await api(url, admin, 'POST', '/api/users', {
      email: `a${i}@bench.segkit`,
      password: 'bench password',
      name: `a${i}`,
      role: 'member',
    });
    await api(url, admin, 'PUT', `/api/projects/${project.id}/members/${user.id}`, { role: 'annotator' });
    // Each annotator logs in on the server that will serve it (round-robin).
    const own = servers[i % servers.length].url;
    tokens.push(
      (
        await api(own, undefined, 'POST', '/api/auth/login', {
          email: `a${i}@bench.segkit`,
          password: 'bench password',
        })
      ).token,
    );
  }
  const bodies = Array.from({ length: 8 }, (_, k) => document(100 + k));
  // The segments' JSON is made once: the client's CPU is spent on the same machine as the servers'.
  const bodyTexts = bodies.map((segments) => JSON.stringify(segments));
  const bytesPerSave = JSON.stringify({ baseVersion: 0, segments: bodies[0] }).length;
  console.log(
    `documents: ${W}×${H}, 20 instances, ~${(bytesPerSave / 1024).toFixed(0)} KiB of JSON per save; images: ${W}×${H} JPEG of ${(photo.length / 1024).toFixed(0)} KiB; annotators spread round-robin over ${servers.length} server process(es)`,
  );

  const agent = new Agent({ connections: ANNOTATORS, pipelining: 1 });
  const request = async (annotator, method, path, token, body) => {
    const started = performance.now();
    const response = await undiciRequest(`${servers[annotator % servers.length].url}${path}`, {
      method,
      dispatcher: agent,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body,
    });
    // Images are read as bytes (decoding 300 KiB as text cost this client 2 ms a request).
    const text = path.endsWith('/file') ? void (await response.body.arrayBuffer()) : await response.body.text();
    return { status: response.statusCode, text, ms: performance.now() - started };
  };
  const states = tokens.map((_, annotator) => ({ version: 0, k: annotator }));
  const load = async (title, steps) => {
    const latencies = new Map();
    const statuses = new Map();
    const serversCpu = () => sum(servers.map((server) => cpuSeconds(server.pid)));
    const before = {
      server: serversCpu(),
      backends: pgClient ? await backendCpu(pgClient) : undefined,
      client: process.cpuUsage(),
      load: load1(),
    };
    const started = performance.now();
    const until = started + DURATION * 1000;
    await Promise.all(
      tokens.map(async (token, annotator) => {
        const state = states[annotator];
        while (performance.now() < until) {
          for (const step of steps) {
            const result = await step.run(token, annotator, state);
            const list = latencies.get(step.name) ?? [];
            list.push(result.ms);
            latencies.set(step.name, list);
            statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const total = [...latencies.values()].reduce((n, list) => n + list.length, 0);
    const serverCpu = serversCpu();
    const clientCpu = process.cpuUsage(before.client);
    let backends;
    if (pgClient) {
      // Backends that started during the load count from zero; one that ended during it is missed.
      const after = await backendCpu(pgClient);
      backends = 0;
      for (const [pid, cpu] of after) backends += cpu - (before.backends.get(pid) ?? 0);
    }
    console.log(
      `${title}: ${total} requests in ${seconds.toFixed(1)} s (${(total / seconds).toFixed(0)} req/s), statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    const kinds = {};
    for (const [name, list] of latencies) {
      list.sort((x, y) => x - y);
      const at = (q) => list[Math.min(list.length - 1, Math.floor(q * list.length))];
      kinds[name] = { n: list.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: list[list.length - 1] };
      console.log(
        `   ${name.padEnd(15)} ${String(list.length).padStart(6)} requests  p50 ${ms(at(0.5))}  p95 ${ms(at(0.95))}  p99 ${ms(at(0.99))}  max ${ms(list[list.length - 1])}`,
      );
    }
    const perRequest = (cpuSeconds) => (cpuSeconds === undefined ? undefined : (1000 * cpuSeconds) / total);
    const cpu = {
      server: perRequest(serverCpu === undefined ? undefined : serverCpu - before.server),
      postgres: perRequest(backends),
      client: perRequest((clientCpu.user + clientCpu.system) / 1e6),
    };
    const shown = (v) => (v === undefined ? 'n/a' : `${v.toFixed(2)} ms`);
    console.log(
      `   CPU per request: server${servers.length > 1 ? 's (together)' : ''} ${shown(cpu.server)}${pgClient ? `, PostgreSQL backends ${shown(cpu.postgres)}` : ''}, this client ${shown(cpu.client)}`,
    );
    const after = load1();
    console.log(`   before: ${before.load}; after: ${after}`);
    return { rps: total / seconds, kinds, cpu, before: before.load, after };
  };
  const save = {
    name: 'save',
    async run(token, annotator, state) {
      state.k = (state.k + 1) % bodies.length;
      const body = `{"baseVersion":${state.version},"segments":${bodyTexts[state.k]}}`;
      const result = await request(annotator, 'PUT', `/api/images/${imageIds[annotator]}/annotation`, token, body);
      if (result.status === 200) state.version = JSON.parse(result.text).version;
      return result;
    },
  };
  const loadAnnotation = {
    name: 'load-annotation',
    run: (token, annotator) => request(annotator, 'GET', `/api/images/${imageIds[annotator]}/annotation`, token),
  };
  const loadImage = {
    name: 'load-image',
    run: (token, annotator) => request(annotator, 'GET', `/api/images/${imageIds[annotator]}/file`, token),
  };
  const savesOnly = await load('1. saves only (50 annotators, each on its own image)', [save]);
  const mixed = await load('   mixed (each annotator: save, load the annotation, load the image)', [
    save,
    loadAnnotation,
    loadImage,
  ]);
  await agent.close();
  summary.push({ label, savesOnly, mixed });
}

// 2. QA of a 25-image batch: 25 gold honeypots, one annotator's documents of each.
async function batchQa(url, admin, classes) {
  const png = encodePng({ width: W, height: H, channels: 1, depth: 8, data: new Uint8Array(W * H).fill(90) });
  const project = await api(url, admin, 'POST', '/api/projects', { name: 'qa', type: 'instance', classes });
  for (let i = 0; i < 25; i += 5) {
    const form = multipart(Array.from({ length: 5 }, (_, k) => ({ name: `q${i + k}.png`, bytes: png })));
    await api(url, admin, 'POST', `/api/projects/${project.id}/images`, form.body, form.headers);
  }
  const qaImages = (await api(url, admin, 'GET', `/api/projects/${project.id}/images`)).images.map((image) => image.id);
  const annotator = (
    await api(url, admin, 'POST', '/api/users', {
      email: 'qa@bench.segkit',
      password: 'bench password',
      name: 'qa',
      role: 'member',
    })
  ).id;
  await api(url, admin, 'PUT', `/api/projects/${project.id}/members/${annotator}`, { role: 'annotator' });
  const qaToken = (
    await api(url, undefined, 'POST', '/api/auth/login', { email: 'qa@bench.segkit', password: 'bench password' })
  ).token;
  for (const [k, id] of qaImages.entries()) {
    await api(url, admin, 'PUT', `/api/images/${id}/gold`, { segments: document(500 + k) });
    await api(url, qaToken, 'PUT', `/api/images/${id}/annotation`, {
      baseVersion: 0,
      segments: document(500 + k + (k % 3 === 0 ? 1 : 0)),
    });
  }
  // Requested gold images are labelled by every assignee and scored, as honeypots are.
  const batch = await api(url, admin, 'POST', `/api/projects/${project.id}/batches`, {
    name: 'qa',
    imageIds: qaImages,
    assignees: [annotator],
    honeypotShare: 0,
  });
  const qaTimes = [];
  for (let k = 0; k < 3; k++) {
    const started = performance.now();
    const qa = await api(url, admin, 'GET', `/api/batches/${batch.id}/qa`);
    qaTimes.push(performance.now() - started);
    if (k === 0)
      console.log(
        `2. QA of a batch of ${qa.perAnnotator[0].images} honeypots (1920×1080, 20 instances each): AP ${qa.batch.stats[0].toFixed(3)}`,
      );
  }
  console.log(`   GET /api/batches/{b}/qa: ${qaTimes.map(ms).join(', ')} (first includes starting the worker threads)`);
}

// 3. Export: on SQLite by the server, on PostgreSQL by one `segkit worker` started after the seeding.
async function exportImages(engine, url, admin, classes, { data, database, pgClient }) {
  const project = await api(url, admin, 'POST', '/api/projects', {
    name: 'export',
    type: 'instance',
    classes,
    deliveryFormat: 'coco-rle',
  });
  const bodies = Array.from({ length: 8 }, (_, k) => document(100 + k));
  const small = encodePng({ width: W, height: H, channels: 1, depth: 8, data: new Uint8Array(W * H).fill(60) });
  let uploaded = 0;
  const uploadStarted = performance.now();
  while (uploaded < EXPORT_IMAGES) {
    const n = Math.min(50, EXPORT_IMAGES - uploaded);
    const files = Array.from({ length: n }, (_, k) => ({ name: `e${uploaded + k}.png`, bytes: small }));
    const f = multipart(files);
    const images = (await api(url, admin, 'POST', `/api/projects/${project.id}/images`, f.body, f.headers)).images;
    const offset = uploaded;
    await eachLimited(images, 8, (image, k) =>
      api(url, admin, 'PUT', `/api/images/${image.id}/annotation`, {
        baseVersion: 0,
        segments: bodies[(offset + k) % bodies.length],
      }),
    );
    uploaded += n;
  }
  console.log(
    `3. export: ${EXPORT_IMAGES} images uploaded and annotated through the API in ${((performance.now() - uploadStarted) / 1000).toFixed(1)} s (not part of the figure)`,
  );
  let worker;
  try {
    if (engine === 'postgres') {
      worker = await startSegkit(['worker', '--database', database, '--data', data], /worker running jobs from/);
    }
    const runner = worker?.child.pid;
    const cpuBefore = runner === undefined ? undefined : cpuSeconds(runner);
    const started = performance.now();
    const { jobId } = await api(url, admin, 'POST', `/api/projects/${project.id}/exports`, { format: 'coco-rle' });
    let job;
    for (;;) {
      job = await api(url, admin, 'GET', `/api/jobs/${jobId}`);
      if (job.state === 'done' || job.state === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    const who = engine === 'postgres' ? 'one segkit worker (servers --no-jobs)' : 'the server';
    console.log(
      `   export job by ${who} (${job.state}): ${seconds.toFixed(2)} s from the request to done, ${((1000 * seconds) / EXPORT_IMAGES).toFixed(2)} ms per image, ${job.result?.bytes ?? 0} bytes zipped`,
    );
    if (job.state !== 'done') return;
    let perImage = seconds / EXPORT_IMAGES;
    if (pgClient) {
      const row = (await pgClient.query('select started_at, finished_at, attempts from jobs where id = $1', [jobId]))
        .rows[0];
      const run = (new Date(row.finished_at).getTime() - new Date(row.started_at).getTime()) / 1000;
      perImage = run / EXPORT_IMAGES;
      const cpu = cpuSeconds(runner) - cpuBefore;
      console.log(
        `   in the worker (the job's started_at to finished_at, attempt ${row.attempts}): ${run.toFixed(2)} s, ${(1000 * perImage).toFixed(2)} ms per image; worker CPU ${cpu.toFixed(2)} s (${((1000 * cpu) / EXPORT_IMAGES).toFixed(2)} ms per image), peak resident memory ${peakMiB(runner)?.toFixed(0) ?? 'n/a'} MiB`,
      );
    }
    if (engine === 'postgres') {
      const million = (1e6 * perImage) / 60;
      const across = [1, 2, 4, 8, 16].map((n) => `${n}: ${(million / n).toFixed(1)} min`).join(', ');
      console.log(
        `   EXTRAPOLATION, not measured: 1,000,000 images at ${(1000 * perImage).toFixed(2)} ms each = ${million.toFixed(1)} min of one worker; one export job runs on one worker, so across N workers only as N exports of 1,000,000/N images each (e.g. per batch), each worker with a core of its own and PostgreSQL keeping up: N = ${across}`,
      );
    }
  } finally {
    await worker?.stop();
  }
}

const skipped = [];
for (const engine of ENGINES) {
  if (engine === 'sqlite') {
    await configuration('sqlite', 1, { qa: PARTS.has('qa'), exporting: PARTS.has('export') });
    continue;
  }
  if (!(await postgresAnswers())) {
    const notice = `NOTICE: PostgreSQL does not answer at ${redact(POSTGRES)} (set SEGKIT_BENCH_POSTGRES): the PostgreSQL figures are skipped`;
    console.log(`\n${notice}`);
    skipped.push(notice);
    continue;
  }
  for (const [i, n] of PG_SERVERS.entries()) {
    await configuration('postgres', n, { qa: false, exporting: PARTS.has('export') && i === PG_SERVERS.length - 1 });
  }
}

if (summary.length > 0) {
  console.log('\n== mixed load (save, load the annotation, load the image), 50 annotators: p50 / p95 / p99 ms ==');
  const cell = (k) => (k === undefined ? 'n/a' : `${k.p50.toFixed(0)} / ${k.p95.toFixed(0)} / ${k.p99.toFixed(0)}`);
  const cpu = (v) => (v === undefined ? '-' : v.toFixed(2));
  console.log(
    '| configuration | req/s | save | load-annotation | load-image | server CPU/req (ms) | PostgreSQL CPU/req (ms) | saves-only: saves/s, save p99 |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const { label, savesOnly, mixed } of summary) {
    console.log(
      `| ${label} | ${mixed.rps.toFixed(0)} | ${cell(mixed.kinds.save)} | ${cell(mixed.kinds['load-annotation'])} | ${cell(mixed.kinds['load-image'])} | ${cpu(mixed.cpu.server)} | ${cpu(mixed.cpu.postgres)} | ${savesOnly.rps.toFixed(0)}, ${savesOnly.kinds.save.p99.toFixed(0)} ms |`,
    );
  }
  console.log(`at the end: ${load1()}`);
}
for (const notice of skipped) console.log(notice);
