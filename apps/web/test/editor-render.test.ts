/**
 * The editor's rendering module in a real browser (Debian's Chromium through playwright-core). One suite
 * runs on both backends (WebGL2 and the Canvas 2D fallback): frames read back at exact CSS positions at
 * zoom 1, 4 and 8, dirty-rectangle uploads, the label read-back on a tiled 4096 × 3072 map, outline,
 * hidden classes, hover, selection, the grid and the cursor footprint; then the two backends against
 * each other, and EditorCanvas's element, screenshot and camera gestures. Expected pixels come from the
 * grids drawn below and hand-worked blends.
 *
 * Without a GPU, Chromium runs WebGL2 on SwiftShader (ANGLE's Vulkan backend): headless Chromium 155
 * already does with the brief's flags; `--use-angle=swiftshader --enable-unsafe-swiftshader` keep it so
 * where a later Chromium asks for the opt-in. SEGKIT_CHROMIUM names another Chromium binary.
 */
import { existsSync } from 'node:fs';
import { decodePng } from '@segkit/formats';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cssToImage } from '../src/editor/render/camera.js';
import type { Camera, Rect } from '../src/editor/render/types.js';
import type { HarnessApi, SceneSpec, ScreenData } from './harness/api.js';
import { harnessScript } from './harness/harness.js';
import { blobScene, grid, hashIds, patternAt, randomPalette } from './harness/scene.js';

const CHROMIUM = process.env.SEGKIT_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];
const present = existsSync(CHROMIUM);
const ci = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
if (!present && !ci) {
  console.warn(`NOTICE: the editor render tests are SKIPPED: ${CHROMIUM} is missing. In CI they fail instead.`);
}

type RGB = [number, number, number];
const GREY: RGB = [100, 110, 120];
const BACKGROUND: RGB = [40, 40, 40];
const RED: RGB = [255, 0, 0];
const GREEN: RGB = [0, 255, 0];
const BLUE: RGB = [0, 0, 255];
const WHITE: RGB = [255, 255, 255];
const YELLOW: RGB = [255, 255, 0];
/** Ids 1, 2, 3 red, green, blue; 0 unlabeled. */
const PALETTE = [0, 0, 0, 0, ...RED, 255, ...GREEN, 255, ...BLUE, 255];
const COLOURS: Record<number, RGB> = { 1: RED, 2: GREEN, 3: BLUE };

const SCENE = grid(`
  0 0 1 1 2
  0 1 1 2 2
  3 3 0 2 2
  3 3 0 0 0
`);

const BLOCK = grid(`
  0 0 0 0 0 0
  0 1 1 1 0 0
  0 1 1 1 2 2
  0 1 1 1 2 2
  0 0 0 0 0 0
`);

function spec(
  backend: SceneSpec['backend'],
  scene: typeof SCENE,
  css: [number, number],
  more: Partial<SceneSpec> = {},
) {
  return {
    backend,
    cssWidth: css[0],
    cssHeight: css[1],
    width: scene.width,
    height: scene.height,
    labels: { kind: 'ids', ids: scene.ids },
    image: { kind: 'solid', rgb: GREY },
    palette: PALETTE,
    style: { opacity: 1, grid: false },
    ...more,
  } satisfies SceneSpec;
}

function at(screen: ScreenData, u: number, v: number): RGB {
  const o = (v * screen.width + u) * 4;
  return [screen.data[o], screen.data[o + 1], screen.data[o + 2]];
}

/** The opaque-fill frame a grid scene shows at `camera`: palette colours, the image where 0, background off it. */
function fillFrame(scene: typeof SCENE, camera: Camera, width: number, height: number, image: RGB = GREY): RGB[] {
  const out: RGB[] = [];
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      const px = Math.floor(u / camera.zoom + camera.x);
      const py = Math.floor(v / camera.zoom + camera.y);
      if (px < 0 || py < 0 || px >= scene.width || py >= scene.height) out.push(BACKGROUND);
      else out.push(COLOURS[scene.ids[py * scene.width + px]] ?? image);
    }
  }
  return out;
}

function pixels(screen: ScreenData): RGB[] {
  const out: RGB[] = [];
  for (let o = 0; o < screen.data.length; o += 4) out.push([screen.data[o], screen.data[o + 1], screen.data[o + 2]]);
  return out;
}

/** blend(a, b, A) of rules.ts, for the few hand-checked values below. */
const blend = (a: RGB, b: RGB, alpha: number): RGB =>
  a.map((x, i) => Math.floor((x * (255 - alpha) + b[i] * alpha + 127) / 255)) as RGB;

describe.skipIf(!present && !ci)('the editor renderer in Chromium', () => {
  let browser: Browser;
  let page: Page;

  async function call<K extends keyof HarnessApi>(
    name: K,
    ...args: Parameters<HarnessApi[K]>
  ): Promise<Awaited<ReturnType<HarnessApi[K]>>> {
    return page.evaluate(
      ({ name, args }) => {
        const api = (globalThis as unknown as { renderHarness: Record<string, (...a: unknown[]) => unknown> })
          .renderHarness;
        return api[name](...args);
      },
      { name, args: args as unknown[] },
    ) as Promise<Awaited<ReturnType<HarnessApi[K]>>>;
  }

  beforeAll(async () => {
    if (!present) throw new Error(`${CHROMIUM} is missing: CI installs the chromium package (.ci/run)`);
    const script = await harnessScript();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 640, height: 480 }, deviceScaleFactor: 1 });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
    await page.addScriptTag({ content: script });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  for (const backend of ['webgl2', '2d'] as const) {
    describe(`the ${backend} backend`, () => {
      it('create() uses the backend asked for', async () => {
        const made = await call('create', spec(backend, SCENE, [8, 6]), { zoom: 1, x: 0, y: 0 });
        expect(made.backend).toBe(backend);
      });

      it('at zoom 1 CSS pixel (u, v) shows image pixel (u, v): palette colours, the image where 0, background beyond', async () => {
        await call('create', spec(backend, SCENE, [8, 6]), { zoom: 1, x: 0, y: 0 });
        const screen = await call('screen');
        expect([screen.width, screen.height]).toEqual([8, 6]);
        expect(pixels(screen)).toEqual(fillFrame(SCENE, { zoom: 1, x: 0, y: 0 }, 8, 6));
        expect(at(screen, 2, 0)).toEqual(RED);
        expect(at(screen, 1, 0)).toEqual(GREY);
        expect(at(screen, 0, 2)).toEqual(BLUE);
        expect(at(screen, 5, 0)).toEqual(BACKGROUND);
      });

      it('at zoom 4 with offset (1, 1) CSS pixel (u, v) shows pixel (floor(u / 4) + 1, floor(v / 4) + 1)', async () => {
        const camera = { zoom: 4, x: 1, y: 1 };
        await call('create', spec(backend, SCENE, [20, 14]), camera);
        const screen = await call('screen');
        expect(pixels(screen)).toEqual(fillFrame(SCENE, camera, 20, 14));
        // Pixel (1, 1) is red and covers CSS [0, 4); pixel (2, 1) red too; (3, 1) green from CSS x = 8.
        expect(at(screen, 3, 3)).toEqual(RED);
        expect(at(screen, 7, 0)).toEqual(RED);
        expect(at(screen, 8, 0)).toEqual(GREEN);
        // Pixel (2, 2) is unlabeled: CSS [4, 8) × [4, 8); (1, 2) blue left of it.
        expect(at(screen, 4, 4)).toEqual(GREY);
        expect(at(screen, 3, 4)).toEqual(BLUE);
        // Past the image's right edge (pixel 5 starts at CSS 16) and bottom (pixel 4 starts at CSS 12).
        expect(at(screen, 16, 0)).toEqual(BACKGROUND);
        expect(at(screen, 0, 12)).toEqual(BACKGROUND);
      });

      it('opacity blends the class colour over the image, and the hovered id is 64/255 more opaque', async () => {
        await call('create', spec(backend, SCENE, [5, 4], { style: { opacity: 0.5, grid: false } }), {
          zoom: 1,
          x: 0,
          y: 0,
        });
        let screen = await call('screen');
        // 0.5 is 128/255: red over (100, 110, 120) is ((100·127 + 255·128 + 127) / 255, ...) floored.
        expect(at(screen, 2, 0)).toEqual([178, 55, 60]);
        expect(at(screen, 4, 0)).toEqual(blend(GREY, GREEN, 128));
        expect(at(screen, 0, 0)).toEqual(GREY);
        await call('setStyle', { hoverId: 2 });
        screen = await call('screen');
        expect(at(screen, 4, 0)).toEqual(blend(GREY, GREEN, 192));
        expect(at(screen, 2, 0)).toEqual([178, 55, 60]);
      });

      it('a hidden class (palette alpha 0) shows the image, with no label upload', async () => {
        await call('create', spec(backend, SCENE, [5, 4]), { zoom: 1, x: 0, y: 0 });
        await call('setPalette', [0, 0, 0, 0, ...RED, 255, ...GREEN, 0, ...BLUE, 255]);
        const screen = await call('screen');
        const expected = fillFrame(
          { ...SCENE, ids: SCENE.ids.map((id) => (id === 2 ? 0 : id)) },
          { zoom: 1, x: 0, y: 0 },
          5,
          4,
        );
        expect(pixels(screen)).toEqual(expected);
        // The ids are unchanged: hiding is a palette change.
        expect(await call('labels', { x: 0, y: 0, width: 5, height: 4 })).toEqual(SCENE.ids);
      });

      it('an id past the palette shows magenta', async () => {
        await call('create', spec(backend, SCENE, [5, 4]), { zoom: 1, x: 0, y: 0 });
        await call('paint', { x: 0, y: 0, width: 1, height: 1 }, 9, true);
        await call('render', { zoom: 1, x: 0, y: 0 });
        expect(at(await call('screen'), 0, 0)).toEqual([255, 0, 255]);
      });

      it('outline mode at zoom 1 shows the pixels with a differing 4-neighbour (or the image edge), opaque', async () => {
        await call('create', spec(backend, BLOCK, [6, 5], { style: { outline: true, opacity: 0.5, grid: false } }), {
          zoom: 1,
          x: 0,
          y: 0,
        });
        const expected = grid(`
          0 0 0 0 0 0
          0 1 1 1 0 0
          0 1 0 1 2 2
          0 1 1 1 2 2
          0 0 0 0 0 0
        `);
        expect(pixels(await call('screen'))).toEqual(fillFrame(expected, { zoom: 1, x: 0, y: 0 }, 6, 5));
      });

      it('outline mode at zoom 4 draws a 1-CSS-pixel band inside each side whose neighbour differs', async () => {
        await call('create', spec(backend, BLOCK, [24, 20], { style: { outline: true, grid: false } }), {
          zoom: 4,
          x: 0,
          y: 0,
        });
        const screen = await call('screen');
        // Pixel (1, 1), CSS [4, 8)²: left and top neighbours are 0: its left column and top row.
        expect(at(screen, 4, 4)).toEqual(RED);
        expect(at(screen, 4, 7)).toEqual(RED);
        expect(at(screen, 7, 4)).toEqual(RED);
        expect(at(screen, 5, 5)).toEqual(GREY);
        expect(at(screen, 7, 7)).toEqual(GREY);
        // Pixel (2, 1), CSS [8, 12) × [4, 8): only its top neighbour differs.
        expect(at(screen, 8, 4)).toEqual(RED);
        expect(at(screen, 8, 5)).toEqual(GREY);
        expect(at(screen, 11, 5)).toEqual(GREY);
        // Pixel (2, 2) is inside: nothing. Pixel (3, 2), CSS [12, 16) × [8, 12): its right neighbour is 2.
        expect(at(screen, 9, 9)).toEqual(GREY);
        expect(at(screen, 15, 9)).toEqual(RED);
        expect(at(screen, 14, 9)).toEqual(GREY);
        // Pixel (4, 2), CSS [16, 20) × [8, 12): left (id 1) and top (0) differ.
        expect(at(screen, 16, 9)).toEqual(GREEN);
        expect(at(screen, 17, 8)).toEqual(GREEN);
        expect(at(screen, 17, 9)).toEqual(GREY);
        // Pixel (5, 3), CSS [20, 24) × [12, 16): right is the image edge, bottom is 0.
        expect(at(screen, 23, 13)).toEqual(GREEN);
        expect(at(screen, 21, 15)).toEqual(GREEN);
        expect(at(screen, 21, 13)).toEqual(GREY);
      });

      it('the selected id gets a white edge band over its fill', async () => {
        await call('create', spec(backend, BLOCK, [24, 20], { style: { opacity: 1, selectedId: 1, grid: false } }), {
          zoom: 4,
          x: 0,
          y: 0,
        });
        const screen = await call('screen');
        expect(at(screen, 4, 4)).toEqual(WHITE);
        expect(at(screen, 5, 5)).toEqual(RED);
        expect(at(screen, 15, 9)).toEqual(WHITE);
        expect(at(screen, 16, 9)).toEqual(GREEN);
      });

      it('the pixel grid darkens the first CSS row and column of each pixel from zoom 8, not below', async () => {
        const scene = grid('0 0\n0 0');
        await call('create', spec(backend, scene, [16, 16], { style: { grid: true } }), { zoom: 8, x: 0, y: 0 });
        let screen = await call('screen');
        // (100, 110, 120) under black at 64/255: (100·191 + 127) / 255 = 75.4, ...
        expect(at(screen, 0, 0)).toEqual([75, 82, 90]);
        expect(at(screen, 8, 3)).toEqual([75, 82, 90]);
        expect(at(screen, 3, 8)).toEqual([75, 82, 90]);
        expect(at(screen, 1, 1)).toEqual(GREY);
        expect(at(screen, 15, 15)).toEqual(GREY);
        await call('render', { zoom: 4, x: 0, y: 0 });
        screen = await call('screen');
        expect(at(screen, 0, 0)).toEqual(GREY);
        expect(at(screen, 4, 4)).toEqual(GREY);
      });

      it('the cursor footprint is outlined exactly at zoom 1 and zoom 4', async () => {
        const scene = grid('0 0 0 0 0\n0 0 0 0 0\n0 0 0 0 0\n0 0 0 0 0');
        // A plus of 5 pixels around (2, 2).
        const footprint = { x: 1, y: 1, width: 3, height: 3, mask: [0, 1, 0, 1, 1, 1, 0, 1, 0] };
        await call('create', spec(backend, scene, [5, 4]), { zoom: 1, x: 0, y: 0 });
        await call('setFootprint', footprint);
        let screen = await call('screen');
        const expectedPlus = grid(`
          0 0 0 0 0
          0 0 4 0 0
          0 4 0 4 0
          0 0 4 0 0
        `);
        const colours = (id: number) => (id === 4 ? YELLOW : GREY);
        expect(pixels(screen)).toEqual(expectedPlus.ids.map(colours));
        await call('create', spec(backend, scene, [20, 16]), { zoom: 4, x: 0, y: 0 });
        await call('setFootprint', footprint);
        screen = await call('screen');
        // The top arm, pixel (2, 1) at CSS [8, 12) × [4, 8): left, right and top bands; below it is the centre.
        expect(at(screen, 8, 5)).toEqual(YELLOW);
        expect(at(screen, 11, 5)).toEqual(YELLOW);
        expect(at(screen, 9, 4)).toEqual(YELLOW);
        expect(at(screen, 9, 7)).toEqual(GREY);
        // The centre (2, 2) at CSS [8, 12)²: all neighbours in the footprint, no outline.
        expect(at(screen, 8, 8)).toEqual(GREY);
        expect(at(screen, 11, 11)).toEqual(GREY);
        // The left arm's left band; nothing outside the footprint.
        expect(at(screen, 4, 9)).toEqual(YELLOW);
        expect(at(screen, 3, 9)).toEqual(GREY);
        await call('setFootprint', null);
        expect(at(await call('screen'), 4, 9)).toEqual(GREY);
      });

      it('at devicePixelRatio 2 the backing store doubles and each image pixel covers 2 × 2 device pixels', async () => {
        const made = await call(
          'create',
          spec(backend, SCENE, [8, 6], { dpr: 2, style: { outline: true, grid: false } }),
          {
            zoom: 1,
            x: 0,
            y: 0,
          },
        );
        expect(made.canvasWidth).toBe(16);
        const screen = await call('screen');
        expect([screen.width, screen.height]).toEqual([16, 12]);
        // Pixel (2, 0) is red and an edge pixel everywhere (band of 2 device pixels = 1 CSS pixel).
        for (const [i, j] of [
          [4, 0],
          [5, 1],
        ]) {
          expect(at(screen, i, j)).toEqual(RED);
        }
        expect(at(screen, 10, 0)).toEqual(BACKGROUND);
      });

      it('a backing store for a huge devicePixelRatio is clamped to 8192 device pixels a side', async () => {
        const made = await call('create', spec(backend, SCENE, [1000, 800], { dpr: 12 }), { zoom: 1, x: 0, y: 0 });
        expect(made.canvasWidth).toBe(8192);
      });

      it('update(rect) uploads only that rectangle: the frame changes there and nowhere else', async () => {
        const scene = spec(backend, SCENE, [64, 48], {
          width: 64,
          height: 48,
          labels: { kind: 'blobs', count: 20, seed: 7 },
          image: { kind: 'pattern' },
          palette: { kind: 'random', count: 20, seed: 3 },
        });
        await call('create', scene, { zoom: 1, x: 0, y: 0 });
        const before = await call('screen');
        const told: Rect = { x: 10, y: 12, width: 9, height: 7 };
        const untold: Rect = { x: 40, y: 30, width: 5, height: 5 };
        const untoldBefore = await call('labels', untold);
        await call('paint', untold, 5, false);
        await call('paint', told, 5, true);
        await call('render', { zoom: 1, x: 0, y: 0 });
        const after = await call('screen');
        const colour = [...randomPalette(20, 3).subarray(20, 23)];
        let changedOutside = 0;
        for (let v = 0; v < 48; v++) {
          for (let u = 0; u < 64; u++) {
            const inside = u >= told.x && u < told.x + told.width && v >= told.y && v < told.y + told.height;
            if (inside) expect(at(after, u, v)).toEqual(colour);
            else if (at(after, u, v).join() !== at(before, u, v).join()) changedOutside++;
          }
        }
        expect(changedOutside).toBe(0);
        expect(await call('labels', told)).toEqual(new Array(63).fill(5));
        expect(await call('labels', untold)).toEqual(untoldBefore);
      });

      it('readLabels returns the uploaded ids of a 4096 × 3072 map across its 2048-texel tiles', async () => {
        const scene = spec(backend, SCENE, [32, 32], {
          width: 4096,
          height: 3072,
          labels: { kind: 'blobs', count: 300, seed: 13 },
          image: { kind: 'pattern' },
          palette: { kind: 'random', count: 300, seed: 5 },
          style: { opacity: 0, grid: false },
        });
        // The tile seam at 2046 (tiles.ts) is in view.
        const camera = { zoom: 1, x: 2030, y: 2030 };
        await call('create', scene, camera);
        const expected = blobScene(4096, 3072, 300, 13);
        const check = await call('labelsCheck', { x: 0, y: 0, width: 4096, height: 3072 });
        expect(check).toEqual({ hash: hashIds(expected), mismatches: 0 });
        const seam: Rect = { x: 2040, y: 2040, width: 16, height: 16 };
        const seamIds: number[] = [];
        for (let y = seam.y; y < seam.y + 16; y++)
          seamIds.push(...expected.subarray(y * 4096 + seam.x, y * 4096 + seam.x + 16));
        expect(await call('labels', seam)).toEqual(seamIds);
        // The image tiles: every pixel of the view across the seam is the pattern's.
        let screen = await call('screen');
        for (let v = 0; v < 32; v++)
          for (let u = 0; u < 32; u++) expect(at(screen, u, v)).toEqual(patternAt(2030 + u, 2030 + v));
        // The labels across the seam, opaque.
        await call('setStyle', { opacity: 1 });
        screen = await call('screen');
        const palette = randomPalette(300, 5);
        for (let v = 0; v < 32; v++) {
          for (let u = 0; u < 32; u++) {
            const id = expected[(2030 + v) * 4096 + 2030 + u];
            const want = id === 0 ? patternAt(2030 + u, 2030 + v) : [...palette.subarray(id * 4, id * 4 + 3)];
            expect(at(screen, u, v)).toEqual(want);
          }
        }
        // A dirty rectangle over the seam reaches all four tiles (and their aprons).
        await call('paint', seam, 7, true);
        expect(await call('labels', seam)).toEqual(new Array(256).fill(7));
        // An id past 65535 moves the GPU's 16-bit textures to 32 bits; nothing else changes.
        await call('paint', { x: 4000, y: 3000, width: 3, height: 2 }, 70_000, true);
        expect(await call('labels', { x: 3999, y: 3000, width: 4, height: 1 })).toEqual([
          expected[3000 * 4096 + 3999],
          70_000,
          70_000,
          70_000,
        ]);
        expect((await call('labelsCheck', { x: 0, y: 0, width: 4096, height: 3072 })).mismatches).toBe(0);
      });

      it('bad input is a typed error naming it', async () => {
        await call('create', spec(backend, SCENE, [5, 4]), { zoom: 1, x: 0, y: 0 });
        expect(await call('rejects', 'readOutside')).toBe(
          'SegkitError INVALID_BBOX: read rectangle 4,0 2 × 1 is not inside the 5 × 4 image',
        );
        expect(await call('rejects', 'paletteBytes')).toBe(
          'SegkitError INVALID_SIZE: palette has 6 bytes, not a multiple of 4 (RGBA per id)',
        );
        expect(await call('rejects', 'footprintMask')).toBe(
          'SegkitError SIZE_MISMATCH: footprint is 2 × 2 but its mask holds 3 bytes',
        );
        expect(await call('rejects', 'labelsSize')).toBe(
          'SegkitError SIZE_MISMATCH: the label map is 6 × 4 but the image is 5 × 4',
        );
      });
    });
  }

  it('the WebGL2 and Canvas 2D backends give identical label pixels and byte-identical frames', async () => {
    const scene = (backend: 'webgl2' | '2d') =>
      spec(backend, SCENE, [96, 64], {
        width: 300,
        height: 200,
        labels: { kind: 'blobs', count: 40, seed: 11 },
        image: { kind: 'pattern' },
        palette: { kind: 'random', count: 40, seed: 2 },
      });
    const footprint = { x: 20, y: 20, width: 3, height: 3, mask: [0, 1, 0, 1, 1, 1, 0, 1, 0] };
    const cases: Array<{ camera: Camera; style: Record<string, unknown> }> = [
      { camera: { zoom: 1, x: 0, y: 0 }, style: { opacity: 0.5, hoverId: 3, selectedId: 7 } },
      { camera: { zoom: 4, x: 10, y: 12 }, style: { opacity: 0.3, outline: true, selectedId: 5 } },
      { camera: { zoom: 8, x: 15, y: 15 }, style: { opacity: 0.7, grid: true, outline: false } },
      { camera: { zoom: 0.5, x: -20, y: -10 }, style: { opacity: 1, grid: false } },
      { camera: { zoom: 32, x: 19, y: 19 }, style: { opacity: 0.6, grid: true, selectedId: 1 } },
    ];
    const frames: Record<string, unknown[]> = { webgl2: [], '2d': [] };
    for (const backend of ['webgl2', '2d'] as const) {
      await call('create', scene(backend), { zoom: 1, x: 0, y: 0 });
      await call('setFootprint', footprint);
      frames[backend].push(await call('labelsCheck', { x: 0, y: 0, width: 300, height: 200 }));
      for (const { camera, style } of cases) {
        await call('setStyle', style);
        await call('render', camera);
        frames[backend].push((await call('screen')).data);
      }
      // At an unchanged camera and style the fallback recomposes only the changed pixels: a label
      // update and a footprint move must still give the GPU's whole frame.
      await call('setStyle', { opacity: 0.5, outline: true, grid: false, selectedId: 0 });
      await call('render', { zoom: 2, x: 20, y: 20 });
      frames[backend].push((await call('screen')).data);
      await call('paint', { x: 30, y: 28, width: 7, height: 5 }, 3, true);
      await call('setFootprint', { ...footprint, x: 40, y: 35 });
      await call('render', { zoom: 2, x: 20, y: 20 });
      frames[backend].push((await call('screen')).data);
    }
    expect(frames.webgl2[0]).toEqual({ hash: hashIds(blobScene(300, 200, 40, 11)), mismatches: 0 });
    for (let i = 0; i < frames.webgl2.length; i++) expect(frames['2d'][i], `case ${i}`).toEqual(frames.webgl2[i]);
  });

  it('after a lost WebGL context comes back, the renderer uploads everything again and draws the same frame', async () => {
    const scene = spec('webgl2', SCENE, [48, 40], {
      width: 2100,
      height: 40,
      labels: { kind: 'blobs', count: 30, seed: 4 },
      image: { kind: 'pattern' },
      palette: { kind: 'random', count: 30, seed: 6 },
      style: { opacity: 0.5, outline: true, grid: false },
    });
    // Across the first tile seam (2046), with a footprint.
    const camera = { zoom: 2, x: 2030, y: 0 };
    await call('create', scene, camera);
    await call('setFootprint', { x: 2040, y: 5, width: 2, height: 2, mask: [1, 1, 1, 0] });
    const before = await call('screen');
    expect(await call('loseAndRestoreContext')).toBe(true);
    await call('render', camera);
    expect((await call('screen')).data).toEqual(before.data);
    expect(await call('labelsCheck', { x: 0, y: 0, width: 2100, height: 40 })).toEqual({
      hash: hashIds(blobScene(2100, 40, 30, 4)),
      mismatches: 0,
    });
  });

  describe('EditorCanvas', () => {
    /** The element's test hook (EditorCanvas.tsx). */
    async function editorCamera(): Promise<Camera> {
      return page
        .getByTestId('editor-canvas')
        .evaluate((element) => (element as unknown as { segkitRender: { camera(): Camera } }).segkitRender.camera());
    }

    it('draws into [data-testid="editor-canvas"] so a screenshot shows pixel (u, v) at CSS (u, v) at zoom 1', async () => {
      await call('mountEditor', spec('webgl2', SCENE, [40, 30]), { zoom: 1, x: 0, y: 0 });
      const element = page.getByTestId('editor-canvas');
      expect(await element.getAttribute('data-backend')).toBe('webgl2');
      expect(Number(await element.getAttribute('data-frames'))).toBeGreaterThan(0);
      const png = decodePng(
        new Uint8Array(await page.screenshot({ clip: { x: 0, y: 0, width: 40, height: 30 } })),
        'screenshot',
      );
      const shot: RGB[] = [];
      for (let i = 0; i < 40 * 30; i++)
        shot.push([...png.data.subarray(i * png.channels, i * png.channels + 3)] as RGB);
      expect(shot).toEqual(fillFrame(SCENE, { zoom: 1, x: 0, y: 0 }, 40, 30));
    });

    it('backend auto takes the Canvas 2D fallback where WebGL2 is SwiftShader; its screenshot at zoom 4 with offset (1, 1) shows pixel (floor(u / 4) + 1, floor(v / 4) + 1) at CSS (u, v)', async () => {
      const camera = { zoom: 4, x: 1, y: 1 };
      await call('mountEditor', spec('auto', SCENE, [40, 30]), camera);
      expect(await page.getByTestId('editor-canvas').getAttribute('data-backend')).toBe('2d');
      const png = decodePng(
        new Uint8Array(await page.screenshot({ clip: { x: 0, y: 0, width: 40, height: 30 } })),
        'screenshot',
      );
      const shot: RGB[] = [];
      for (let i = 0; i < 40 * 30; i++)
        shot.push([...png.data.subarray(i * png.channels, i * png.channels + 3)] as RGB);
      expect(shot).toEqual(fillFrame(SCENE, camera, 40, 30));
      expect(await editorCamera()).toEqual(camera);
    });

    it('the wheel zooms around the pointer: the image point under it stays put; zoom stops at 32', async () => {
      await call('mountEditor', spec('webgl2', SCENE, [200, 150]), { zoom: 1, x: 0, y: 0 });
      // Wheel events carry integer client coordinates in Chromium (pointer events fractional ones).
      await page.mouse.move(37, 21);
      const before = cssToImage(await editorCamera(), 37, 21);
      await page.mouse.wheel(0, -100);
      await expect.poll(async () => (await editorCamera()).zoom).toBeCloseTo(Math.exp(0.2), 9);
      const after = cssToImage(await editorCamera(), 37, 21);
      expect(after.x).toBeCloseTo(before.x, 9);
      expect(after.y).toBeCloseTo(before.y, 9);
      for (let i = 0; i < 30; i++) await page.mouse.wheel(0, -100);
      await expect.poll(async () => (await editorCamera()).zoom).toBe(32);
      const last = cssToImage(await editorCamera(), 37, 21);
      expect(last.x).toBeCloseTo(before.x, 6);
      expect(last.y).toBeCloseTo(before.y, 6);
    });

    it('a middle-button drag and a space drag pan; a plain drag reaches onImagePointer in image coordinates', async () => {
      await call('mountEditor', spec('webgl2', SCENE, [200, 150]), { zoom: 4, x: 1, y: 1 });
      await page.mouse.move(50, 50);
      await page.mouse.down({ button: 'middle' });
      await page.mouse.move(80, 60);
      await page.mouse.up({ button: 'middle' });
      // 30 CSS pixels right at zoom 4 is 7.5 image pixels.
      expect(await editorCamera()).toEqual({ zoom: 4, x: 1 - 7.5, y: 1 - 2.5 });
      await page.keyboard.down('Space');
      await page.mouse.down();
      await page.mouse.move(60, 40);
      await page.mouse.up();
      await page.keyboard.up('Space');
      // Then 20 CSS pixels left and up: 5 image pixels.
      expect(await editorCamera()).toEqual({ zoom: 4, x: -6.5 + 5, y: -1.5 + 5 });
      expect((await call('pointerLog')).filter((p) => p.kind !== 'move' && p.kind !== 'leave')).toEqual([]);
      await page.mouse.move(10.5, 6.5);
      await page.mouse.down();
      await page.mouse.up();
      const log = (await call('pointerLog')).filter((p) => p.kind === 'down' || p.kind === 'up');
      // CSS (10.5, 6.5) at zoom 4, offset (-1.5, 3.5): image point (-1.5 + 10.5 / 4, 3.5 + 6.5 / 4).
      expect(log).toEqual([
        { kind: 'down', points: [{ x: 1.125, y: 5.125 }] },
        { kind: 'up', points: [{ x: 1.125, y: 5.125 }] },
      ]);
    });
  });
});
