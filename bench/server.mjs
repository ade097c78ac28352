/**
 * `npm run bench:server`: the server under load on loopback, in its own process (SQLite, local
 * files), measured from this one with undici keep-alive connections. Prints absolute figures (there is no reference
 * server to compare with here):
 *   1. 50 annotators saving 1920×1080 documents of 20 instances (PUT, each its own image), then a
 *      mixed load (save, read the document, load the image), each annotator a closed loop with no
 *      pause between requests (the heaviest load 50 annotators can make): throughput, p50/p95/p99
 *      latency per request kind, and the CPU the server and this client used per request;
 *   2. QA of a 25-image batch (GET /api/batches/{b}/qa), 25 honeypots × 1 annotator, timed;
 *   3. an export of SEGKIT_BENCH_EXPORT images (default 5000) as coco-rle, timed.
 * The machine's load average is printed before and after each load, as the figures depend on it.
 * Seeded (mulberry32), so every run sends the same documents.
 * Environment: SEGKIT_BENCH_SECONDS (per load, default 15), SEGKIT_BENCH_EXPORT (images, default 5000),
 * SEGKIT_BENCH_ONLY_LOAD=1 (stop after part 1), SEGKIT_BENCH_PROFILE=DIR (the server writes a
 * --cpu-prof profile into DIR).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encode, mulberry32, rleToString } from '@segkit/core';
import { encodePng } from '@segkit/formats';
import { Agent, request as undiciRequest } from 'undici';

const W = 1920;
const H = 1080;
const ANNOTATORS = 50;
const DURATION = Number(process.env.SEGKIT_BENCH_SECONDS ?? 15);
const EXPORT_IMAGES = Number(process.env.SEGKIT_BENCH_EXPORT ?? 5000);
const ONLY_LOAD = process.env.SEGKIT_BENCH_ONLY_LOAD === '1';
const PROFILE = process.env.SEGKIT_BENCH_PROFILE;
const BIN = fileURLToPath(new URL('../apps/cli/bin/segkit.js', import.meta.url));

const data = mkdtempSync(join(tmpdir(), 'segkit-bench-server-'));
const nodeArgs = PROFILE ? ['--cpu-prof', '--cpu-prof-dir', PROFILE] : [];
const server = spawn(process.execPath, [...nodeArgs, BIN, 'serve', '--data', data, '--port', '0'], {
  env: { ...process.env, SEGKIT_ADMIN_EMAIL: 'admin@bench.segkit', SEGKIT_ADMIN_PASSWORD: 'bench password' },
  stdio: ['ignore', 'ignore', 'pipe'],
});
const url = await new Promise((resolve, reject) => {
  let text = '';
  server.stderr.on('data', (chunk) => {
    text += chunk;
    const match = /serving on (http:\/\/\S+)/.exec(text);
    if (match) resolve(match[1]);
  });
  server.once('exit', (code) => reject(new Error(`server exited ${code}: ${text}`)));
});

async function api(token, method, path, body, headers = {}) {
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

class StopAfterLoad extends Error {}
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
try {
  const admin = (
    await api(undefined, 'POST', '/api/auth/login', { email: 'admin@bench.segkit', password: 'bench password' })
  ).token;
  const classes = [
    { id: 0, name: 'road', color: '#804080', isthing: false },
    { id: 1, name: 'car', color: '#00008e', isthing: true },
    { id: 2, name: 'person', color: '#dc143c', isthing: true },
  ];
  await api(admin, 'POST', '/api/projects', { name: 'bench', type: 'instance', classes });
  const photo = await photoJpeg(7);
  for (let i = 0; i < ANNOTATORS; i += 10) {
    const form = multipart(Array.from({ length: 10 }, (_, k) => ({ name: `img${i + k}.jpg`, bytes: photo })));
    await api(admin, 'POST', '/api/projects/1/images', form.body, form.headers);
  }
  const tokens = [];
  for (let i = 0; i < ANNOTATORS; i++) {
    const user = await api(admin, 'POST', '/api/users', {
      email: `a${i}@bench.segkit`,
      password: 'bench password',
      name: `a${i}`,
      role: 'member',
    });
    await api(admin, 'PUT', `/api/projects/1/members/${user.id}`, { role: 'annotator' });
    tokens.push(
      (await api(undefined, 'POST', '/api/auth/login', { email: `a${i}@bench.segkit`, password: 'bench password' }))
        .token,
    );
  }
  const bodies = Array.from({ length: 8 }, (_, k) => document(100 + k));
  // The segments' JSON is made once: the client's CPU is spent on the same machine as the server's.
  const bodyTexts = bodies.map((segments) => JSON.stringify(segments));
  const bytesPerSave = JSON.stringify({ baseVersion: 0, segments: bodies[0] }).length;
  console.log(
    `segkit server benchmark (node ${process.version}, ${new Date().toISOString()}), server: SQLite, one process`,
  );
  console.log(
    `documents: ${W}×${H}, 20 instances, ~${(bytesPerSave / 1024).toFixed(0)} KiB of JSON per save; images: ${W}×${H} JPEG of ${(photo.length / 1024).toFixed(0)} KiB`,
  );

  // 50 annotators, each a loop of requests on its own image over keep-alive connections, for DURATION seconds.
  const agent = new Agent({ connections: ANNOTATORS, pipelining: 1 });
  const request = async (method, path, token, body) => {
    const started = performance.now();
    const response = await undiciRequest(`${url}${path}`, {
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
    const before = { server: cpuSeconds(server.pid), client: process.cpuUsage(), load: load1() };
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
    const serverCpu = cpuSeconds(server.pid);
    const clientCpu = process.cpuUsage(before.client);
    console.log(
      `${title}: ${total} requests in ${seconds.toFixed(1)} s (${(total / seconds).toFixed(0)} req/s), statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    for (const [name, list] of latencies) {
      list.sort((x, y) => x - y);
      const at = (q) => list[Math.min(list.length - 1, Math.floor(q * list.length))];
      console.log(
        `   ${name.padEnd(15)} ${String(list.length).padStart(6)} requests  p50 ${ms(at(0.5))}  p95 ${ms(at(0.95))}  p99 ${ms(at(0.99))}  max ${ms(list[list.length - 1])}`,
      );
    }
    const perRequest = (cpuSeconds) => `${((1000 * cpuSeconds) / total).toFixed(2)} ms`;
    console.log(
      `   CPU per request: server ${serverCpu === undefined ? 'n/a' : perRequest(serverCpu - before.server)}, this client ${perRequest((clientCpu.user + clientCpu.system) / 1e6)}`,
    );
    console.log(`   before: ${before.load}; after: ${load1()}`);
  };
  const save = {
    name: 'save',
    async run(token, annotator, state) {
      state.k = (state.k + 1) % bodies.length;
      const body = `{"baseVersion":${state.version},"segments":${bodyTexts[state.k]}}`;
      const result = await request('PUT', `/api/images/${annotator + 1}/annotation`, token, body);
      if (result.status === 200) state.version = JSON.parse(result.text).version;
      return result;
    },
  };
  const loadAnnotation = {
    name: 'load-annotation',
    run: (token, annotator) => request('GET', `/api/images/${annotator + 1}/annotation`, token),
  };
  const loadImage = {
    name: 'load-image',
    run: (token, annotator) => request('GET', `/api/images/${annotator + 1}/file`, token),
  };
  await load('1. saves only (50 annotators, each on its own image)', [save]);
  await load('   mixed (each annotator: save, load the annotation, load the image)', [save, loadAnnotation, loadImage]);
  await agent.close();
  if (ONLY_LOAD) throw new StopAfterLoad();

  // 2. QA of a 25-image batch: 25 gold honeypots, one annotator's documents of each.
  const png = encodePng({ width: W, height: H, channels: 1, depth: 8, data: new Uint8Array(W * H).fill(90) });
  await api(admin, 'POST', '/api/projects', { name: 'qa', type: 'instance', classes });
  for (let i = 0; i < 25; i += 5) {
    const form = multipart(Array.from({ length: 5 }, (_, k) => ({ name: `q${i + k}.png`, bytes: png })));
    await api(admin, 'POST', '/api/projects/2/images', form.body, form.headers);
  }
  const qaImages = (await api(admin, 'GET', '/api/projects/2/images')).images.map((image) => image.id);
  const annotator = (
    await api(admin, 'POST', '/api/users', {
      email: 'qa@bench.segkit',
      password: 'bench password',
      name: 'qa',
      role: 'member',
    })
  ).id;
  await api(admin, 'PUT', `/api/projects/2/members/${annotator}`, { role: 'annotator' });
  const qaToken = (
    await api(undefined, 'POST', '/api/auth/login', { email: 'qa@bench.segkit', password: 'bench password' })
  ).token;
  for (const [k, id] of qaImages.entries()) {
    await api(admin, 'PUT', `/api/images/${id}/gold`, { segments: document(500 + k) });
    await api(qaToken, 'PUT', `/api/images/${id}/annotation`, {
      baseVersion: 0,
      segments: document(500 + k + (k % 3 === 0 ? 1 : 0)),
    });
  }
  // Requested gold images are labelled by every assignee and scored, as honeypots are.
  const batch = await api(admin, 'POST', '/api/projects/2/batches', {
    name: 'qa',
    imageIds: qaImages,
    assignees: [annotator],
    honeypotShare: 0,
  });
  const qaTimes = [];
  for (let k = 0; k < 3; k++) {
    const started = performance.now();
    const qa = await api(admin, 'GET', `/api/batches/${batch.id}/qa`);
    qaTimes.push(performance.now() - started);
    if (k === 0)
      console.log(
        `2. QA of a batch of ${qa.perAnnotator[0].images} honeypots (1920×1080, 20 instances each): AP ${qa.batch.stats[0].toFixed(3)}`,
      );
  }
  console.log(`   GET /api/batches/{b}/qa: ${qaTimes.map(ms).join(', ')} (first includes starting the worker threads)`);

  // 3. Export.
  await api(admin, 'POST', '/api/projects', { name: 'export', type: 'instance', classes, deliveryFormat: 'coco-rle' });
  const small = encodePng({ width: W, height: H, channels: 1, depth: 8, data: new Uint8Array(W * H).fill(60) });
  let uploaded = 0;
  const uploadStarted = performance.now();
  while (uploaded < EXPORT_IMAGES) {
    const n = Math.min(50, EXPORT_IMAGES - uploaded);
    const files = Array.from({ length: n }, (_, k) => ({ name: `e${uploaded + k}.png`, bytes: small }));
    const f = multipart(files);
    const images = (await api(admin, 'POST', '/api/projects/3/images', f.body, f.headers)).images;
    for (const [k, image] of images.entries()) {
      await api(admin, 'PUT', `/api/images/${image.id}/annotation`, {
        baseVersion: 0,
        segments: bodies[(uploaded + k) % bodies.length],
      });
    }
    uploaded += n;
  }
  console.log(
    `3. export: ${EXPORT_IMAGES} images uploaded and annotated in ${((performance.now() - uploadStarted) / 1000).toFixed(1)} s`,
  );
  const started = performance.now();
  const { jobId } = await api(admin, 'POST', '/api/projects/3/exports', { format: 'coco-rle' });
  let job;
  for (;;) {
    job = await api(admin, 'GET', `/api/jobs/${jobId}`);
    if (job.state === 'done' || job.state === 'failed') break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `   export job (${job.state}): ${seconds.toFixed(2)} s for ${EXPORT_IMAGES} images, ${((1000 * seconds) / EXPORT_IMAGES).toFixed(2)} ms per image, ${job.result?.bytes ?? 0} bytes zipped`,
  );
} catch (error) {
  if (!(error instanceof StopAfterLoad)) throw error;
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  rmSync(data, { recursive: true, force: true });
}
