/**
 * The editor page end to end in Chromium, on a server started here: for each project type, log in,
 * open the editor at `?zoom=1&x=0&y=0` (and once at zoom 4), draw brush strokes (round, odd and even
 * sizes), an eraser stroke (square), a polygon with a hole (Shift+Enter cut), a fill, undo and redo,
 * save with Ctrl+S, reload, export COCO RLE, and compare the exported pixels with the pixels the
 * contract (docs/editor.md) predicts, computed in editor-predict.ts from the contract's words alone.
 * The label layer the renderer holds (`segkitRender.readLabels` on the canvas element) must equal the
 * prediction and the decoded export pixel for pixel (ids compared as a partition: the same pixels
 * grouped the same way). Then the save protocol: a 409 conflict (both choices), an offline save sent
 * when the connection returns, a save the server refuses, unsaved work surviving a reload while PUTs
 * are blocked, and a reviewer's read-only editor that paints and sends nothing.
 */
import { existsSync } from 'node:fs';
import { decode, rleFromString } from '@segkit/core';
import { encodePng } from '@segkit/formats';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLASSES, PASSWORD, type TestServer, testServer, unzip, upload } from '../../server/test/helpers.js';
import { ensureWebBuilt } from './build-web.js';
import { type Mode, Model, signatureOf, strokePixels } from './editor-predict.js';

const CHROMIUM = process.env.SEGKIT_CHROMIUM ?? '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
const ci = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
if (!present && !ci) console.warn(`NOTICE: the editor page tests are SKIPPED: ${CHROMIUM} is missing.`);

const W = 64;
const H = 48;
const THINGS = new Set(CLASSES.filter((c) => c.isthing).map((c) => c.id));
const until = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 50 });

/** The few DOM members the page functions read (the test type-check has no DOM library). */
interface CanvasHost {
  segkitRender: { readLabels(rect: { x: number; y: number; width: number; height: number }): ArrayLike<number> };
}

function picture(seed: number): Uint8Array {
  const data = new Uint8Array(W * H * 3);
  for (let i = 0; i < W * H; i++) {
    data[3 * i] = (i * 7 + seed * 50) & 255;
    data[3 * i + 1] = (i >> 3) & 255;
    data[3 * i + 2] = 200;
  }
  return encodePng({ width: W, height: H, channels: 3, depth: 8, data });
}

/**
 * Pixels whose ids group differently in `actual` and `expected` (0 = unlabeled in both): each
 * non-zero id of one must map to exactly one id of the other. 0 when they are the same partition.
 */
function partitionMismatches(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  const forward = new Map<number, number>();
  const backward = new Map<number, number>();
  let bad = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if ((a === 0) !== (e === 0)) {
      bad++;
      continue;
    }
    if (a === 0) continue;
    if ((forward.get(a) ?? e) !== e || (backward.get(e) ?? a) !== a) bad++;
    forward.set(a, e);
    backward.set(e, a);
  }
  return bad;
}

/** The top-most segment per pixel (1-based position in `masks`, later on top), 0 where none. */
function topMost(masks: ReadonlyArray<ArrayLike<number>>): Uint32Array {
  const view = new Uint32Array(W * H);
  masks.forEach((mask, index) => {
    for (let i = 0; i < view.length; i++) if (mask[i]) view[i] = index + 1;
  });
  return view;
}

describe.skipIf(!present && !ci)('the editor page in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let manager: { id: number; token: string };

  /** A project of `type` with one 64×48 image; returns their ids. */
  async function project(type: Mode, name: string): Promise<{ projectId: number; imageId: number }> {
    const created = await server.call(manager.token, 'POST', '/api/projects', {
      name,
      type,
      classes: CLASSES,
      deliveryFormat: 'coco-rle',
    });
    expect(created.statusCode).toBe(201);
    const projectId = created.json().id as number;
    const uploaded = await upload(server, manager.token, projectId, [
      { name: `${name}.png`, bytes: picture(projectId) },
    ]);
    expect(uploaded.statusCode).toBe(201);
    return { projectId, imageId: uploaded.json().images[0].id as number };
  }

  async function readLabels(): Promise<number[]> {
    return page
      .getByTestId('editor-canvas')
      .evaluate((el: CanvasHost, rect) => Array.from(el.segkitRender.readLabels(rect)), {
        x: 0,
        y: 0,
        width: W,
        height: H,
      });
  }

  /** The model's view: the top-most segment per pixel. */
  const viewOf = (model: Model) => topMost(model.segments.map((s) => s.mask));

  async function expectScreen(model: Model): Promise<void> {
    const expected = viewOf(model);
    await until(async () => partitionMismatches(await readLabels(), expected)).toBe(0);
  }

  async function open(ids: { projectId: number; imageId: number }, query = '?zoom=1&x=0&y=0') {
    await page.goto(`${base}/projects/${ids.projectId}/images/${ids.imageId}${query}`);
    await page.getByTestId('editor-ready').waitFor();
    const box = await page.getByTestId('editor-canvas').boundingBox();
    if (box === null) throw new Error('the editor canvas is not shown');
    // Whole CSS pixels, so fractional pointer positions reach the page exactly.
    expect([box.x % 1, box.y % 1]).toEqual([0, 0]);
    return box;
  }

  /** Pointer helpers at a camera: image point (px, py) → page CSS position. */
  function at(box: { x: number; y: number }, cam: { zoom: number; x: number; y: number }) {
    return (px: number, py: number) => [box.x + (px - cam.x) * cam.zoom, box.y + (py - cam.y) * cam.zoom] as const;
  }

  async function drag(
    to: (px: number, py: number) => readonly [number, number],
    pixels: ReadonlyArray<readonly [number, number]>,
  ) {
    const [first, ...rest] = pixels;
    await page.mouse.move(...to(first[0] + 0.5, first[1] + 0.5));
    await page.mouse.down();
    for (const [x, y] of rest) await page.mouse.move(...to(x + 0.5, y + 0.5));
    await page.mouse.up();
  }

  /** A round-brush drag through `pixels`, and the same stroke painted into the model. */
  async function stroke(
    to: (px: number, py: number) => readonly [number, number],
    model: Model,
    pixels: ReadonlyArray<readonly [number, number]>,
    size: number,
  ) {
    await drag(to, pixels);
    model.paint(strokePixels(pixels, size, 'round'));
  }

  async function setSize(size: number) {
    await page.getByTestId('brush-size').fill(String(size));
  }

  async function exported(projectId: number): Promise<{ signature: string[]; view: Uint32Array }> {
    const started = await server.call(manager.token, 'POST', `/api/projects/${projectId}/exports`, {
      format: 'coco-rle',
    });
    expect(started.statusCode).toBe(202);
    const job = `/api/jobs/${started.json().jobId}`;
    await until(async () => (await server.call(manager.token, 'GET', job)).json().state).toBe('done');
    const url = (await server.call(manager.token, 'GET', job)).json().result.downloadUrl as string;
    const files = await unzip((await server.call(manager.token, 'GET', url)).rawPayload);
    const coco = JSON.parse((files.get('annotations.json') as Buffer).toString()) as {
      annotations: Array<{ category_id: number; segmentation: { size: [number, number]; counts: string } }>;
    };
    const masks = coco.annotations.map((a) => decode(rleFromString(a.segmentation.counts, H, W)).data);
    return {
      signature: coco.annotations.map((a, i) => signatureOf(a.category_id, masks[i])).sort(),
      view: topMost(masks),
    };
  }

  beforeAll(async () => {
    if (!present) throw new Error(`${CHROMIUM} is missing: CI installs the chromium package (.ci/run)`);
    ensureWebBuilt();
    server = await testServer();
    manager = await server.user('mia@example.com');
    base = await server.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${base}/login`);
    await page.locator('input[name=email]').fill('mia@example.com');
    await page.locator('input[name=password]').fill(PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.getByTestId('current-user').waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const mode of ['semantic', 'instance', 'panoptic'] as const) {
    it(`${mode}: brush, eraser, polygon with a hole, fill, undo and redo, saved, reloaded and exported as COCO RLE equal the contract's pixels`, async () => {
      const ids = await project(mode, `${mode}-draw`);
      const box = await open(ids);
      const to = at(box, { zoom: 1, x: 0, y: 0 });
      const model = new Model(mode, W, H, THINGS, 0);

      // Road, round brush of odd size 5.
      await page.getByTestId('class-0').click();
      await setSize(5);
      const roadStroke = [
        [3, 4],
        [20, 6],
        [22, 30],
      ] as const;
      await drag(to, roadStroke);
      model.setClass(0);
      model.paint(strokePixels(roadStroke, 5, 'round'));

      // Car, round brush of even size 4.
      await page.getByTestId('class-1').click();
      await setSize(4);
      const carStroke = [
        [30, 10],
        [45, 12],
        [50, 25],
        [49, 26],
      ] as const;
      await drag(to, carStroke);
      model.setClass(1);
      model.paint(strokePixels(carStroke, 4, 'round'));
      await expectScreen(model);

      // Eraser, square 3: from everything (semantic, panoptic) or the selected car (instance).
      await page.keyboard.press('e');
      await setSize(3);
      await page.getByTestId('brush-shape').selectOption('square');
      const eraserStroke = [
        [10, 2],
        [14, 20],
        [40, 8],
      ] as const;
      await drag(to, eraserStroke);
      model.erase(strokePixels(eraserStroke, 3, 'square'));
      await expectScreen(model);

      // Person polygon, then a cut inside it: a hole.
      await page.getByTestId('class-2').click();
      await page.keyboard.press('p');
      model.setClass(2);
      const outer = [8.25, 30.5, 28.75, 31.25, 26.5, 46.75, 6.5, 44.25];
      for (let i = 0; i < outer.length; i += 2) await page.mouse.click(...to(outer[i], outer[i + 1]));
      expect(await page.getByTestId('vertex-count').textContent()).toBe('4 vertices');
      await page.keyboard.press('Enter');
      model.paint(model.polygonPixels(outer));
      const hole = [14.5, 35.5, 21.25, 36.75, 18.5, 41.5];
      for (let i = 0; i < hole.length; i += 2) await page.mouse.click(...to(hole[i], hole[i + 1]));
      await page.keyboard.press('Shift+Enter');
      model.erase(model.polygonPixels(hole));
      await expectScreen(model);
      const holePixel = [17, 37] as const;
      expect(viewOf(model)[holePixel[1] * W + holePixel[0]]).toBe(0); // the cut made a hole there

      // Fill the hole with car.
      await page.getByTestId('class-1').click();
      await page.keyboard.press('f');
      model.setClass(1);
      const beforeFill = model.copy();
      await page.mouse.click(...to(holePixel[0] + 0.5, holePixel[1] + 0.5));
      model.paint(model.fillPixels(...holePixel));
      await expectScreen(model);

      // Undo the fill, then redo it.
      await page.keyboard.press('Control+z');
      await expectScreen(beforeFill);
      await page.keyboard.press('Control+Shift+z');
      await expectScreen(model);

      // A stroke undone leaves the rest as it was.
      await page.keyboard.press('b');
      await drag(to, [
        [60, 40],
        [62, 2],
      ]);
      await page.keyboard.press('Control+z');
      await expectScreen(model);

      await page.keyboard.press('Control+s');
      await until(() => page.getByTestId('save-status').textContent()).toBe('saved');
      await page.reload();
      await page.getByTestId('editor-ready').waitFor();
      expect(await page.getByTestId('save-status').textContent()).toBe('saved');
      await expectScreen(model);

      const exportedDoc = await exported(ids.projectId);
      expect(exportedDoc.signature).toEqual(model.signature());
      // What the screen shows equals what was exported, pixel for pixel.
      expect(partitionMismatches(await readLabels(), exportedDoc.view)).toBe(0);
    }, 180_000);
  }

  it('at ?zoom=4&x=10&y=5 image pixel (px, py) is at CSS ((px - 10)·4, (py - 5)·4): a square 2 and a round 3 stroke land on the predicted pixels, and a polygon closes within 4 CSS pixels of its first vertex', async () => {
    const ids = await project('semantic', 'zoom-4');
    const box = await open(ids, '?zoom=4&x=10&y=5');
    const to = at(box, { zoom: 4, x: 10, y: 5 });
    const model = new Model('semantic', W, H, THINGS, 0);
    await page.getByTestId('class-2').click();
    await setSize(3);
    const round = [
      [12, 7],
      [30, 9],
      [31, 20],
    ] as const;
    await drag(to, round);
    model.setClass(2);
    model.paint(strokePixels(round, 3, 'round'));
    await page.getByTestId('class-0').click();
    await setSize(2);
    await page.getByTestId('brush-shape').selectOption('square');
    const square = [
      [14, 18],
      [40, 12],
    ] as const;
    await drag(to, square);
    model.setClass(0);
    model.paint(strokePixels(square, 2, 'square'));
    await expectScreen(model);
    // A polygon at zoom 4: the close distance is 4 CSS pixels = 1 image pixel. A click 1.25 image
    // pixels (5 CSS pixels) from the first vertex adds a fifth vertex; one 0.75 away (3 CSS) closes.
    await page.getByTestId('class-1').click();
    await page.keyboard.press('p');
    const polygon = [20, 8, 34, 8.5, 36, 18, 24, 21, 20 + 1.25, 8];
    for (let i = 0; i < polygon.length; i += 2) await page.mouse.click(...to(polygon[i], polygon[i + 1]));
    expect(await page.getByTestId('vertex-count').textContent()).toBe('5 vertices');
    await page.mouse.click(...to(20.75, 8));
    model.setClass(1);
    model.paint(model.polygonPixels(polygon));
    await expectScreen(model);
    await page.keyboard.press('Control+s');
    await until(() => page.getByTestId('save-status').textContent()).toBe('saved');
    expect((await exported(ids.projectId)).signature).toEqual(model.signature());
  }, 120_000);

  it("an Alt-drag of a closed polygon's vertex is live: while the button is down the canvas shows the polygon re-rasterized; one undo removes it", async () => {
    const ids = await project('semantic', 'vertex-drag');
    const box = await open(ids, '?zoom=4&x=0&y=0');
    const to = at(box, { zoom: 4, x: 0, y: 0 });
    // A class-2 line under the polygon, whose covered pixels come back as the vertex moves away.
    await page.getByTestId('class-2').click();
    await setSize(1);
    const stroke = [
      [2, 20],
      [60, 20],
    ] as const;
    await drag(to, stroke);
    const expectedWith = (polygon: readonly number[] | null) => {
      const model = new Model('semantic', W, H, THINGS, 0);
      model.setClass(2);
      model.paint(strokePixels(stroke, 1, 'round'));
      model.setClass(1);
      if (polygon) model.paint(model.polygonPixels(polygon));
      return model;
    };
    await page.getByTestId('class-1').click();
    await page.keyboard.press('p');
    const polygon = [10, 8, 40, 8, 40, 30, 10, 30];
    for (let i = 0; i < polygon.length; i += 2) await page.mouse.click(...to(polygon[i], polygon[i + 1]));
    await page.keyboard.press('Enter');
    await expectScreen(expectedWith(polygon));
    // Alt + down on the vertex (40, 30), moves, and checks before the button comes up.
    await page.keyboard.down('Alt');
    await page.mouse.move(...to(40, 30));
    await page.mouse.down();
    await page.mouse.move(...to(48, 24));
    await page.mouse.move(...to(52, 14.5));
    await expectScreen(expectedWith([10, 8, 40, 8, 52, 14.5, 10, 30]));
    await page.mouse.move(...to(35, 12));
    await expectScreen(expectedWith([10, 8, 40, 8, 35, 12, 10, 30]));
    await page.mouse.up();
    await page.keyboard.up('Alt');
    await expectScreen(expectedWith([10, 8, 40, 8, 35, 12, 10, 30]));
    await page.keyboard.press('Control+z');
    await expectScreen(expectedWith(null));
  }, 60_000);

  it('every coalesced pointer event is painted: one pointermove carrying three far-apart coalesced points draws the lines through all of them', async () => {
    const ids = await project('semantic', 'coalesced');
    const box = await open(ids);
    await setSize(1);
    // Chromium coalesces moves only when its main thread lags, so the test builds such an event itself.
    const points = [
      [5, 5],
      [40, 8],
      [12, 30],
      [60, 44],
    ] as const;
    await page.getByTestId('editor-canvas').evaluate(
      (el: { dispatchEvent(e: unknown): boolean }, { origin, points }) => {
        const g = globalThis as unknown as { PointerEvent: new (type: string, init: object) => unknown };
        const at = ([x, y]: readonly number[], type: string, more: object = {}) =>
          new g.PointerEvent(type, {
            pointerId: 1,
            pointerType: 'mouse',
            isPrimary: true,
            bubbles: true,
            cancelable: true,
            clientX: origin.x + x + 0.5,
            clientY: origin.y + y + 0.5,
            button: 0,
            buttons: 1,
            ...more,
          });
        el.dispatchEvent(at(points[0], 'pointerdown'));
        const coalesced = points.slice(1).map((p) => at(p, 'pointermove', { button: -1 }));
        el.dispatchEvent(at(points[3], 'pointermove', { button: -1, coalescedEvents: coalesced }));
        el.dispatchEvent(at(points[3], 'pointerup', { buttons: 0 }));
      },
      { origin: { x: box.x, y: box.y }, points },
    );
    // Only the event's own point would give the line from the first point to the last alone.
    const model = new Model('semantic', W, H, THINGS, 0);
    model.paint(strokePixels(points, 1, 'round'));
    await expectScreen(model);
  }, 60_000);

  it("the magic wand at the image's own resolution: a click in the left half of a two-colour image paints exactly that half", async () => {
    const created = await server.call(manager.token, 'POST', '/api/projects', {
      name: 'wand',
      type: 'semantic',
      classes: CLASSES,
    });
    const projectId = created.json().id as number;
    // Left half (x < 24) dark grey, the rest light: far beyond the wand's tolerance of 32.
    const rgb = new Uint8Array(W * H * 3);
    for (let i = 0; i < W * H; i++) rgb.fill(i % W < 24 ? 40 : 200, 3 * i, 3 * i + 3);
    const bytes = encodePng({ width: W, height: H, channels: 3, depth: 8, data: rgb });
    const uploaded = await upload(server, manager.token, projectId, [{ name: 'halves.png', bytes }]);
    const ids = { projectId, imageId: uploaded.json().images[0].id as number };
    const box = await open(ids);
    await until(() => page.getByTestId('editor').getAttribute('data-image-pixels')).toBe('true');
    await page.getByTestId('class-1').click();
    await page.keyboard.press('w');
    await page.mouse.click(box.x + 5.5, box.y + 7.5);
    const model = new Model('semantic', W, H, THINGS, 1);
    const left: Array<[number, number]> = [];
    for (let y = 0; y < H; y++) for (let x = 0; x < 24; x++) left.push([x, y]);
    model.paint(left);
    await expectScreen(model);
  }, 60_000);

  it('keys are ignored in the number input; 1..9 pick classes; ? shows the help; a lint finding zooms to its box (32×); delete and undo in the instance list', async () => {
    const ids = await project('instance', 'panels');
    const box = await open(ids);
    const to = at(box, { zoom: 1, x: 0, y: 0 });
    const pressed = (id: string) => page.getByTestId(id).getAttribute('aria-pressed');

    await page.getByTestId('brush-size').focus();
    await page.keyboard.press('e');
    expect(await pressed('tool-brush')).toBe('true'); // typed into the field, not a shortcut
    await page.getByTestId('brush-size').fill('3');
    await page.getByTestId('brush-size').blur();
    await page.keyboard.press('3');
    expect(await pressed('class-2')).toBe('true');
    await page.keyboard.press('?');
    await page.getByTestId('shortcut-help').waitFor();
    await page.keyboard.press('?');
    expect(await page.getByTestId('shortcut-help').count()).toBe(0);

    // A dot of size 3: one instance, one island under 16 pixels.
    await drag(to, [[40, 30]]);
    const model = new Model('instance', W, H, THINGS, 2);
    model.paint(strokePixels([[40, 30]], 3, 'round'));
    await expectScreen(model);
    await page.getByTestId('lint-run').click();
    const finding = page.locator('[data-testid="lint-finding"][data-kind="island"]');
    expect(await finding.textContent()).toContain('9 px'); // round 3 is the 3 × 3 block: (±1)² + (±1)² = 2 ≤ 1.5²
    await finding.click();
    await until(() => page.getByTestId('zoom').textContent()).toBe('32×');
    // Centred on the dot's box [39, 29, 3, 3] at zoom 32.
    const camera = await page
      .getByTestId('editor-canvas')
      .evaluate((el: { segkitRender: { camera(): { zoom: number; x: number; y: number } } }) =>
        el.segkitRender.camera(),
      );
    expect(camera).toEqual({ zoom: 32, x: 40.5 - box.width / 64, y: 30.5 - box.height / 64 });

    const rows = page.getByTestId('instance-list').locator('li');
    expect(await rows.count()).toBe(1);
    const id = (await rows.first().getAttribute('data-testid'))?.replace('instance-', '');
    await page.getByTestId(`delete-${id}`).click();
    await until(() => rows.count()).toBe(0);
    await expectScreen(new Model('instance', W, H, THINGS, 2));
    await page.keyboard.press('Control+z');
    await until(() => rows.count()).toBe(1);
    await expectScreen(model);
  }, 120_000);

  /** The caller's document on the server, as a signature. */
  async function serverDoc(imageId: number): Promise<{ version: number; signature: string[] }> {
    const doc = (await server.call(manager.token, 'GET', `/api/images/${imageId}/annotation`)).json() as {
      version: number;
      segments: Array<{ categoryId: number; segmentation: { counts: string } }>;
    };
    return {
      version: doc.version,
      signature: doc.segments
        .map((s) => signatureOf(s.categoryId, decode(rleFromString(s.segmentation.counts, H, W)).data))
        .sort(),
    };
  }

  it('a save after someone saved meanwhile is a 409: the conflict bar offers keep mine (a new version) and reload theirs', async () => {
    const ids = await project('semantic', 'conflict');
    const box = await open(ids);
    const to = at(box, { zoom: 1, x: 0, y: 0 });
    const model = new Model('semantic', W, H, THINGS, 0);
    await setSize(3);
    await stroke(
      to,
      model,
      [
        [5, 5],
        [30, 5],
      ],
      3,
    );
    await page.keyboard.press('Control+s');
    await until(() => page.getByTestId('save-status').textContent()).toBe('saved');
    expect(await serverDoc(ids.imageId)).toEqual({ version: 1, signature: model.signature() });

    // Another save through the API, then ours.
    const put = (baseVersion: number) =>
      server.call(manager.token, 'PUT', `/api/images/${ids.imageId}/annotation`, { baseVersion, segments: [] });
    expect((await put(1)).statusCode).toBe(200);
    await stroke(
      to,
      model,
      [
        [5, 20],
        [40, 22],
      ],
      3,
    );
    await page.keyboard.press('Control+s');
    await until(() => page.getByTestId('save-status').textContent()).toBe('conflict');
    expect(await page.getByTestId('conflict').textContent()).toContain('version 2');
    expect((await serverDoc(ids.imageId)).version).toBe(2); // nothing overwritten
    await page.getByTestId('conflict-keep').click();
    await until(() => page.getByTestId('save-status').textContent()).toBe('saved');
    expect(await serverDoc(ids.imageId)).toEqual({ version: 3, signature: model.signature() });

    // Again, and this time take theirs: the screen shows their (empty) document.
    expect((await put(3)).statusCode).toBe(200);
    await drag(to, [
      [50, 30],
      [50, 40],
    ]);
    await page.keyboard.press('Control+s');
    await until(() => page.getByTestId('save-status').textContent()).toBe('conflict');
    await page.getByTestId('conflict-reload').click();
    await until(() => page.getByTestId('save-status').textContent()).toBe('saved');
    await expectScreen(new Model('semantic', W, H, THINGS, 0));
    expect(await serverDoc(ids.imageId)).toEqual({ version: 4, signature: [] });
  }, 120_000);

  it('offline, a save waits as unsaved work and is sent when the connection returns', async () => {
    const ids = await project('panoptic', 'offline');
    const box = await open(ids);
    const to = at(box, { zoom: 1, x: 0, y: 0 });
    const model = new Model('panoptic', W, H, THINGS, 0);
    await context.setOffline(true);
    try {
      await page.getByTestId('class-1').click();
      await setSize(6);
      model.setClass(1);
      await stroke(
        to,
        model,
        [
          [10, 10],
          [30, 30],
        ],
        6,
      );
      await page.keyboard.press('Control+s');
      // The attempt failed on the network; retries keep failing, each one briefly `saving`.
      await until(() => page.getByTestId('save-status').getAttribute('data-offline')).toBe('true');
      expect(await page.getByTestId('save-status').getAttribute('data-connection')).toBe('offline');
      await until(() => page.getByTestId('save-status').textContent()).toBe('unsaved');
      expect((await serverDoc(ids.imageId)).version).toBe(0);
    } finally {
      await context.setOffline(false);
    }
    await until(() => page.getByTestId('save-status').textContent()).toBe('saved');
    expect(await serverDoc(ids.imageId)).toEqual({ version: 1, signature: model.signature() });
  }, 120_000);

  it('a save the server refuses (the annotator became a reviewer while the page was open: 403) is shown, the work stays unsaved, and it is not retried on a timer', async () => {
    const ids = await project('semantic', 'refused');
    const reviewer = await server.user('rev@example.com');
    const member = (role: string) =>
      server.call(manager.token, 'PUT', `/api/projects/${ids.projectId}/members/${reviewer.id}`, { role });
    await member('annotator');
    const other = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    try {
      const tab = await other.newPage();
      tab.setDefaultTimeout(15_000);
      await tab.goto(`${base}/projects/${ids.projectId}/images/${ids.imageId}?zoom=1&x=0&y=0`);
      await tab.locator('input[name=email]').fill('rev@example.com');
      await tab.locator('input[name=password]').fill(PASSWORD);
      await tab.locator('button[type=submit]').click();
      await tab.getByTestId('editor-ready').waitFor();
      // The page opened an editor that saves; the server now refuses this user's saves.
      await member('reviewer');
      let puts = 0;
      tab.on('request', (request) => {
        if (request.method() === 'PUT' && request.url().endsWith('/annotation')) puts++;
      });
      const box = await tab.getByTestId('editor-canvas').boundingBox();
      if (box === null) throw new Error('the editor canvas is not shown');
      await tab.mouse.move(box.x + 10.5, box.y + 10.5);
      await tab.mouse.down();
      await tab.mouse.move(box.x + 30.5, box.y + 12.5);
      await tab.mouse.up();
      await tab.keyboard.press('Control+s');
      await until(() => tab.getByTestId('save-refusal').count()).toBe(1);
      expect(await tab.getByTestId('save-refusal').textContent()).toMatch(/^not saved: /);
      await until(() => tab.getByTestId('save-status').textContent()).toBe('unsaved');
      expect((await server.call(reviewer.token, 'GET', `/api/images/${ids.imageId}/annotation`)).json().version).toBe(
        0,
      );
      // Not retried like a dropped connection (that would send again after 1, 2, 4 s): the same
      // document would be refused again. The next change or Ctrl+S sends it.
      await tab.waitForTimeout(3500);
      expect(puts).toBe(1);
      expect(await tab.getByTestId('save-status').getAttribute('data-offline')).toBe('false');
      await tab.keyboard.press('Control+s');
      await until(async () => puts).toBe(2);
    } finally {
      await other.close();
    }
  }, 60_000);

  it('a reviewer gets the editor read-only: a brush drag changes no pixel, no PUT is sent, the status reads read-only and a banner leads to the review view', async () => {
    const ids = await project('semantic', 'read-only');
    const viewer = await server.user('viewer@example.com');
    await server.call(manager.token, 'PUT', `/api/projects/${ids.projectId}/members/${viewer.id}`, {
      role: 'reviewer',
    });
    const other = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    try {
      const tab = await other.newPage();
      tab.setDefaultTimeout(15_000);
      let puts = 0;
      tab.on('request', (request) => {
        if (request.method() === 'PUT') puts++;
      });
      await tab.goto(`${base}/projects/${ids.projectId}/images/${ids.imageId}?zoom=1&x=0&y=0`);
      await tab.locator('input[name=email]').fill('viewer@example.com');
      await tab.locator('input[name=password]').fill(PASSWORD);
      await tab.locator('button[type=submit]').click();
      await tab.getByTestId('editor-ready').waitFor();
      expect(await tab.getByTestId('save-status').textContent()).toBe('read-only');
      expect(await tab.getByTestId('read-only-banner').textContent()).toMatch(
        /^Read-only: as a reviewer in this project/,
      );
      // The review view of the manager's document (the one member here who saves documents).
      expect(await tab.getByTestId('review-link').getAttribute('href')).toBe(
        `/projects/${ids.projectId}/images/${ids.imageId}?user=${manager.id}`,
      );
      for (const tool of ['brush', 'eraser', 'polygon', 'fill', 'wand', 'lasso']) {
        expect(await tab.getByTestId(`tool-${tool}`).isDisabled()).toBe(true);
      }
      expect(await tab.getByTestId('tool-select').isDisabled()).toBe(false);
      expect(await tab.getByTestId('undo').isDisabled()).toBe(true);

      // `b` is ignored; a drag across the image, then Ctrl+S, change nothing and send nothing.
      await tab.keyboard.press('b');
      expect(await tab.getByTestId('tool-select').getAttribute('aria-pressed')).toBe('true');
      const box = await tab.getByTestId('editor-canvas').boundingBox();
      if (box === null) throw new Error('the editor canvas is not shown');
      await tab.mouse.move(box.x + 10.5, box.y + 10.5);
      await tab.mouse.down();
      await tab.mouse.move(box.x + 30.5, box.y + 12.5);
      await tab.mouse.move(box.x + 50.5, box.y + 40.5);
      await tab.mouse.up();
      await tab.keyboard.press('Control+s');
      const labels = await tab
        .getByTestId('editor-canvas')
        .evaluate((el: CanvasHost, rect) => Array.from(el.segkitRender.readLabels(rect)), {
          x: 0,
          y: 0,
          width: W,
          height: H,
        });
      expect(labels.filter((id) => id !== 0)).toEqual([]);
      // An editor that saves would have sent the document by now (Ctrl+S at once, autosave 1.5 s after).
      await tab.waitForTimeout(2500);
      expect(puts).toBe(0);
      expect(await tab.getByTestId('save-status').textContent()).toBe('read-only');
      expect((await server.call(viewer.token, 'GET', `/api/images/${ids.imageId}/annotation`)).json().version).toBe(0);
    } finally {
      await other.close();
    }
  }, 60_000);

  it('unsaved work survives a reload while saves fail (IndexedDB) and is sent once they go through', async () => {
    const ids = await project('instance', 'reload');
    const box = await open(ids);
    const to = at(box, { zoom: 1, x: 0, y: 0 });
    const model = new Model('instance', W, H, THINGS, 0);
    const blocked = async (route: import('playwright-core').Route) => {
      if (route.request().method() === 'PUT') await route.abort('internetdisconnected');
      else await route.continue();
    };
    await page.route('**/api/images/*/annotation', blocked);
    await page.getByTestId('class-2').click();
    await setSize(7);
    model.setClass(2);
    await stroke(
      to,
      model,
      [
        [40, 10],
        [20, 40],
      ],
      7,
    );
    await page.keyboard.press('Control+s');
    await until(() => page.getByTestId('save-status').getAttribute('data-offline')).toBe('true');
    await page.reload();
    await page.getByTestId('editor-ready').waitFor();
    await expectScreen(model);
    expect(await page.getByTestId('save-status').textContent()).not.toBe('saved');
    expect((await serverDoc(ids.imageId)).version).toBe(0);

    await page.unroute('**/api/images/*/annotation', blocked);
    // The retry timer backs off; the `online` event retries at once.
    await page.evaluate(() =>
      (globalThis as unknown as { dispatchEvent(e: Event): boolean }).dispatchEvent(new Event('online')),
    );
    await until(() => page.getByTestId('save-status').textContent()).toBe('saved');
    expect(await serverDoc(ids.imageId)).toEqual({ version: 1, signature: model.signature() });
  }, 120_000);
});
