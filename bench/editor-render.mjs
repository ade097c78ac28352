/**
 * `node bench/editor-render.mjs`: the editor's rendering module (apps/web/src/editor/render) in
 * Chromium, on a 4096 × 3072 image with 300 instances (seeded ellipses, apps/web/test/harness/scene.ts)
 * in a 1280 × 800 CSS view at devicePixelRatio 1, for each backend:
 *   1. first render: from the decoded image (an ImageBitmap) and label map in memory to the first frame
 *      on screen: renderer creation (shader compile), the tiled image and label uploads, the palette,
 *      one frame, and a 1-pixel read-back that waits for the GPU. Three fresh runs;
 *   2. a 64 × 64 dirty rectangle in view at zoom 1 (editing): update(rect) + a frame + the wait, 200
 *      times at seeded places;
 *   3. a pan and zoom sweep: 120 frames (zoom 0.25 .. 4 while panning), each drawn and waited for.
 * Figures are milliseconds (median and p95 where repeated). Headless Chromium here has no GPU: the
 * WebGL2 figures are SwiftShader's (a CPU rasterizer), printed with the renderer string Chromium
 * reports; on a GPU, uploads and frames are typically 10-100× faster.
 *
 * Environment: SEGKIT_CHROMIUM (default /usr/bin/chromium), SEGKIT_BENCH_BACKENDS (webgl2,2d),
 * SEGKIT_BENCH_GPU=1 (drop --disable-gpu and the SwiftShader flags, for a machine with a GPU).
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.SEGKIT_CHROMIUM ?? '/usr/bin/chromium';
const BACKENDS = (process.env.SEGKIT_BENCH_BACKENDS ?? 'webgl2,2d').split(',');
const GPU = process.env.SEGKIT_BENCH_GPU === '1';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  ...(GPU ? ['--ignore-gpu-blocklist'] : ['--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader']),
];
const CSS = [1280, 800];
const WIDTH = 4096;
const HEIGHT = 3072;
const INSTANCES = 300;

if (!existsSync(CHROMIUM)) {
  console.error(`${CHROMIUM} is missing (apt-get install chromium, or set SEGKIT_CHROMIUM)`);
  process.exit(1);
}

const entry = fileURLToPath(new URL('../apps/web/test/harness/render-harness.tsx', import.meta.url));
const bundle = await build({
  entryPoints: [entry],
  bundle: true,
  write: false,
  format: 'iife',
  jsx: 'automatic',
  target: 'es2022',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});

const quantile = (samples, q) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const ms = (value) => `${value.toFixed(1).padStart(8)} ms`;

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
try {
  const page = await browser.newPage({ viewport: { width: CSS[0], height: CSS[1] }, deviceScaleFactor: 1 });
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ content: bundle.outputFiles[0].text });
  const gpu = await page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (gl === null) return 'no WebGL2';
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(info === null ? gl.RENDERER : info.UNMASKED_RENDERER_WEBGL));
  });
  console.log(
    `editor render bench: ${WIDTH} × ${HEIGHT}, ${INSTANCES} instances, ${CSS.join(' × ')} CSS view, ratio 1`,
  );
  console.log(`Chromium ${browser.version()}; WebGL2 renderer: ${gpu}`);
  if (!GPU) console.log('NOTE: no GPU here: the webgl2 figures below are SwiftShader (CPU) figures.');
  console.log(
    `load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  // The whole image in view (zoom 1/4 fits 4096 × 3072 in 1280 × 800), as when an image opens.
  const fit = { zoom: 0.25, x: -(CSS[0] * 4 - WIDTH) / 2, y: 0 };
  for (const backend of BACKENDS) {
    const spec = {
      backend,
      cssWidth: CSS[0],
      cssHeight: CSS[1],
      width: WIDTH,
      height: HEIGHT,
      labels: { kind: 'blobs', count: INSTANCES, seed: 1 },
      image: { kind: 'pattern' },
      palette: { kind: 'random', count: INSTANCES, seed: 2 },
      style: { opacity: 0.5 },
    };
    const first = [];
    for (let run = 0; run < 3; run++) {
      const made = await page.evaluate(([s, c]) => globalThis.renderHarness.create(s, c), [spec, fit]);
      first.push(made.ms);
    }
    const editing = { zoom: 1, x: 1400, y: 1100 };
    const dirty = await page.evaluate(([c]) => globalThis.renderHarness.timeDirtyRects(64, 200, 9, c), [editing]);
    const pan = await page.evaluate(() => globalThis.renderHarness.timePanZoom(120));
    console.log(`\n${backend}${backend === 'webgl2' && !GPU ? ' (SwiftShader)' : ''}`);
    console.log(`  first render (upload + frame)     runs ${first.map((v) => v.toFixed(0)).join(', ')} ms`);
    console.log(
      `  64 × 64 dirty rect + frame     p50 ${ms(quantile(dirty.samples, 0.5))}   p95 ${ms(quantile(dirty.samples, 0.95))}`,
    );
    console.log(
      `  pan/zoom frame                 p50 ${ms(quantile(pan.samples, 0.5))}   p95 ${ms(quantile(pan.samples, 0.95))}`,
    );
  }
  console.log(
    `\nload average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
} finally {
  await browser.close();
}
