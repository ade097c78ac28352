/**
 * `npm run bench:editor`: the editor page (apps/web EditorPage) in Chromium against a real
 * `segkit serve`, on a 4096 × 3072 image with 300 instances (seeded ellipses, an instance project),
 * in a 1280 × 900 window at devicePixelRatio 1. Prints:
 *   1. first render: from the image file's last byte (resource timing of /api/images/{i}/file) to the
 *      `segkit:editor-ready` mark (document loaded, image and labels uploaded, first frame drawn), and
 *      from navigation start;
 *   2. brush stroke: pointer event to frame, p50/p95 over a scripted 200-point stroke (real input
 *      through CDP): for each pointermove, a requestAnimationFrame callback registered after the
 *      editor's own (a window listener, bubbling last) runs right after the frame that draws it;
 *      latency = that callback's performance.now() - event.timeStamp;
 *   3. undo: Ctrl+Z of that stroke, keydown to the frame drawn after it;
 *   4. heap: JS heap used (after a forced GC) before and after 200 more strokes of 10 points each;
 *   5. pan and zoom: 120 animation frames, each with a synthetic wheel event (zoom around the pointer,
 *      0.5×–4×) then a pan, frames per second and p95 frame interval;
 *   6. pan alone: space + a 120-move drag (real input), pointer event to frame p50/p95 as in 2, and the
 *      frames drawn per second while the pointer moves (the input's own pace bounds it).
 * Headless Chromium here has no GPU: the renderer's 'auto' takes the exact Canvas 2D fallback
 * where WebGL2 is SwiftShader (a CPU rasterizer); the figures are CPU figures, printed with the backend.
 *
 * Environment: SEGKIT_CHROMIUM (default /usr/bin/chromium), SEGKIT_BENCH_GPU=1 (a machine with a GPU).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32, rleToString } from '@segkit/core';
import { encodePng } from '@segkit/formats';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.SEGKIT_CHROMIUM ?? '/usr/bin/chromium';
const GPU = process.env.SEGKIT_BENCH_GPU === '1';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  ...(GPU ? ['--ignore-gpu-blocklist'] : ['--disable-gpu']),
];
const W = 4096;
const H = 3072;
const INSTANCES = 300;
const SEED = 13;
const BIN = fileURLToPath(new URL('../apps/cli/bin/segkit.js', import.meta.url));
const ADMIN = { email: 'admin@bench.segkit', password: 'bench password' };

if (!existsSync(CHROMIUM)) {
  console.error(`${CHROMIUM} is missing (apt-get install chromium, or set SEGKIT_CHROMIUM)`);
  process.exit(1);
}
if (!existsSync(fileURLToPath(new URL('../apps/web/dist/index.html', import.meta.url)))) {
  console.error('apps/web/dist is missing: npm run build -w @segkit/web');
  process.exit(1);
}

const quantile = (samples, q) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const ms = (value) => `${value.toFixed(1)} ms`;

/** An ellipse's COCO RLE (column-major runs), built from its columns without a full-image bitmap. */
function ellipseRle(cx, cy, rx, ry) {
  const counts = [];
  let last = 0; // index after the previous run of ones
  for (let x = Math.max(0, Math.ceil(cx - rx)); x <= Math.min(W - 1, Math.floor(cx + rx)); x++) {
    const t = (x - cx) / rx;
    const half = ry * Math.sqrt(Math.max(0, 1 - t * t));
    const y0 = Math.max(0, Math.ceil(cy - half));
    const y1 = Math.min(H, Math.floor(cy + half) + 1);
    if (y1 <= y0) continue;
    const start = x * H + y0;
    counts.push(start - last, y1 - y0);
    last = x * H + y1;
  }
  counts.push(W * H - last);
  return { size: [H, W], counts: rleToString({ counts: Uint32Array.from(counts) }) };
}

function scene() {
  const random = mulberry32(SEED);
  return Array.from({ length: INSTANCES }, (_, i) => ({
    id: i + 1,
    categoryId: i % 3,
    segmentation: ellipseRle(random() * W, random() * H, 20 + random() * 180, 20 + random() * 180),
  }));
}

function picture() {
  const data = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = 3 * (y * W + x);
      data[i] = (x >> 4) & 255;
      data[i + 1] = (y >> 4) & 255;
      data[i + 2] = ((x + y) >> 5) & 255;
    }
  }
  return encodePng({ width: W, height: H, channels: 3, depth: 8, data });
}

async function startServer(data) {
  const child = spawn(process.execPath, [BIN, 'serve', '--data', data, '--port', '0'], {
    env: { ...process.env, SEGKIT_ADMIN_EMAIL: ADMIN.email, SEGKIT_ADMIN_PASSWORD: ADMIN.password },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise((resolve, reject) => {
    let text = '';
    child.stderr.on('data', (chunk) => {
      text += chunk;
      const found = /serving on (http:\/\/\S+)/.exec(text);
      if (found) resolve(found[1]);
    });
    child.once('exit', (code) => reject(new Error(`segkit serve exited ${code}: ${text}`)));
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function call(url, token, method, path, body) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body instanceof FormData ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

const data = mkdtempSync(join(tmpdir(), 'segkit-bench-editor-'));
const server = await startServer(data);
let browser;
try {
  const { url } = server;
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  }).then((r) => r.json());
  const token = login.token;
  const project = await call(url, token, 'POST', '/api/projects', {
    name: 'bench',
    type: 'instance',
    classes: [
      { id: 0, name: 'a', color: '#e6194b', isthing: true },
      { id: 1, name: 'b', color: '#3cb44b', isthing: true },
      { id: 2, name: 'c', color: '#4363d8', isthing: true },
    ],
  });
  const form = new FormData();
  form.append('file', new Blob([picture()], { type: 'image/png' }), 'big.png');
  const image = (await call(url, token, 'POST', `/api/projects/${project.id}/images`, form)).images[0];
  await call(url, token, 'PUT', `/api/images/${image.id}/annotation`, { baseVersion: 0, segments: scene() });

  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(120_000);
  await page.goto(`${url}/login`);
  await page.locator('input[name=email]').fill(ADMIN.email);
  await page.locator('input[name=password]').fill(ADMIN.password);
  await page.locator('button[type=submit]').click();
  await page.getByTestId('current-user').waitFor();

  // 1. First render.
  await page.goto(`${url}/projects/${project.id}/images/${image.id}?zoom=1&x=1000&y=800`);
  await page.getByTestId('editor-ready').waitFor();
  const first = await page.evaluate((imageId) => {
    const ready = performance.getEntriesByName('segkit:editor-ready')[0].startTime;
    const file = performance.getEntriesByType('resource').find((e) => e.name.endsWith(`/api/images/${imageId}/file`));
    const mark = (name) => performance.getEntriesByName(`segkit:editor-${name}`)[0].startTime;
    return {
      sinceImage: ready - file.responseEnd,
      sinceStart: ready,
      decode: mark('image-decoded') - file.responseEnd,
      document: mark('document') - mark('document-start'),
      toFrame: ready - mark('loaded'),
    };
  }, image.id);
  const backend = await page.getByTestId('editor-canvas').getAttribute('data-backend');
  const box = await page.getByTestId('editor-canvas').boundingBox();

  // In-page probes: pointer event (or key) to the frame drawn after it.
  await page.evaluate(() => {
    const g = globalThis;
    g.benchLatencies = [];
    const probe = (event) => {
      const t = event.timeStamp;
      requestAnimationFrame(() => g.benchLatencies.push(performance.now() - t));
    };
    window.addEventListener('pointermove', (event) => {
      if (event.buttons !== 0) probe(event);
    });
    window.addEventListener('keydown', (event) => {
      if (event.key.toLowerCase() !== 'z') return;
      probe(event);
      // Registered after the page's own key listener: this runs once the core's undo returned.
      g.benchHandled = performance.now() - event.timeStamp;
    });
  });
  const latencies = () => page.evaluate(() => globalThis.benchLatencies.splice(0));

  // 2. A 200-point stroke, brush 20.
  await page.getByTestId('brush-size').fill('20');
  const cx = box.x + 300;
  const cy = box.y + 350;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 1; i <= 200; i++) {
    const a = (i / 200) * Math.PI * 4;
    await page.mouse.move(cx + i * 2.5, cy + 120 * Math.sin(a));
  }
  await page.mouse.up();
  await page.waitForTimeout(200);
  const stroke = await latencies();

  // 3. Undo of that stroke.
  await page.keyboard.press('Control+z');
  await page.waitForTimeout(200);
  const undo = await latencies();
  const undoHandled = await page.evaluate(() => globalThis.benchHandled);

  // 4. Heap growth over 200 strokes.
  const cdp = await context.newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = await cdp.send('Runtime.getHeapUsage');
    // ArrayBuffers (label map, tiles, history runs) live outside the JS heap proper: count them too.
    return usage.usedSize + (usage.backingStorageSize ?? 0);
  };
  const heapBefore = await heap();
  const random = mulberry32(SEED + 1);
  for (let s = 0; s < 200; s++) {
    const x = box.x + 50 + random() * 900;
    const y = box.y + 50 + random() * 600;
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(x + i * 6, y + i * 3);
    await page.mouse.up();
  }
  await page.waitForTimeout(300);
  await latencies();
  const heapAfter = await heap();

  // 5. Pan and zoom: a wheel event and a camera pan every frame (space + drag is held by the page).
  const frames = await page.evaluate(async () => {
    const element = document.querySelector('[data-testid="editor-canvas"]');
    const r = element.getBoundingClientRect();
    const times = [];
    for (let f = 0; f < 120; f++) {
      const deltaY = f % 40 < 20 ? -60 : 60;
      element.dispatchEvent(
        new WheelEvent('wheel', {
          deltaY,
          clientX: r.left + 200 + f * 4,
          clientY: r.top + 300,
          bubbles: true,
          cancelable: true,
        }),
      );
      times.push(await new Promise((resolve) => requestAnimationFrame(resolve)));
    }
    return times;
  });
  const intervals = frames.slice(1).map((t, i) => t - frames[i]);
  const fps = (1000 * intervals.length) / (frames[frames.length - 1] - frames[0]);

  // 6. Pan alone (space + drag, 120 moves of 3 CSS pixels): pointer event to frame, and frames per second.
  await page.waitForTimeout(300);
  await latencies();
  await page.mouse.move(box.x + 900, box.y + 400);
  await page.keyboard.down('Space');
  await page.mouse.down();
  const framesBefore = Number(await page.getByTestId('editor-canvas').getAttribute('data-frames'));
  const panStart = await page.evaluate(() => performance.now());
  for (let i = 1; i <= 120; i++) await page.mouse.move(box.x + 900 - 3 * i, box.y + 400 - (i % 2));
  const panEnd = await page.evaluate(() => performance.now());
  const framesAfter = Number(await page.getByTestId('editor-canvas').getAttribute('data-frames'));
  await page.mouse.up();
  await page.keyboard.up('Space');
  await page.waitForTimeout(100);
  const panLatencies = await latencies();
  const panFps = (1000 * (framesAfter - framesBefore)) / (panEnd - panStart);

  console.log(
    `editor page bench: ${W}×${H}, ${INSTANCES} instances, backend ${backend}${GPU ? '' : ' (no GPU: CPU figures; WebGL2 would be SwiftShader)'}, load ${loadavg()[0].toFixed(2)}`,
  );
  console.log(
    `first render after the image arrived  ${ms(first.sinceImage)} (from navigation start ${ms(first.sinceStart)})`,
  );
  console.log(
    `  decode ${ms(first.decode)} and, meanwhile, the document from its RLEs ${ms(first.document)}; then uploads and the first frame ${ms(first.toFrame)}`,
  );
  console.log(
    `brush stroke, pointer event to frame   p50 ${ms(quantile(stroke, 0.5))}  p95 ${ms(quantile(stroke, 0.95))}  (${stroke.length} events)`,
  );
  console.log(
    `undo of that stroke, key to frame      ${undo.length > 0 ? ms(undo[0]) : 'n/a'} (the core's undo and the key handling: ${ms(undoHandled)})`,
  );
  console.log(
    `heap growth over 200 strokes           ${((heapAfter - heapBefore) / 2 ** 20).toFixed(1)} MB (used ${(heapBefore / 2 ** 20).toFixed(1)} → ${(heapAfter / 2 ** 20).toFixed(1)} MB, JS heap and array buffers)`,
  );
  console.log(
    `pan and zoom                           ${fps.toFixed(1)} fps, frame interval p95 ${ms(quantile(intervals, 0.95))}`,
  );
  console.log(
    `pan alone (space + drag)               pointer event to frame p50 ${ms(quantile(panLatencies, 0.5))}  p95 ${ms(quantile(panLatencies, 0.95))}; ${panFps.toFixed(1)} frames/s while the pointer moves (${panLatencies.length} events)`,
  );
} finally {
  await browser?.close();
  await server.stop();
  rmSync(data, { recursive: true, force: true });
}
