/**
 * `npm run screenshots` (builds, then runs this; `node scripts/screenshots.mjs` once built): regenerates
 * docs/screenshots/*.png, the pictures the README's "The editor" section shows.
 *
 * It starts the server on a throw-away SQLite folder with the demo project (synthetic street scenes
 * segkit draws itself, apps/server/src/demo), copies three of its gold images into a semantic, an
 * instance and a panoptic project through the HTTP API, and labels each in Debian's Chromium with the
 * editor's own tools, through real pointer events and keys (docs/editor.md): polygons traced from the
 * scene's true masks, brush strokes for the people, a fill (or the magic wand) for the sky, `n` between
 * instances, Ctrl+S; each saved document is checked against the truth. Then a 24× close-up with the
 * pixel grid and the brush footprint, and the review view of the annotator's semantic document (one
 * person left out, brushed people) against gold set by the manager.
 *
 * Nothing is downloaded; the data folder is removed at the end. SEGKIT_CHROMIUM overrides
 * /usr/bin/chromium.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { area, bbox, bboxToRle, combine, fromCocoRle, maskToPolygons, merge, toCocoRle } from '@segkit/core';
import { DEMO_LOGIN, startServer } from '@segkit/server';
import { chromium } from 'playwright-core';

const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const CHROMIUM = process.env.SEGKIT_CHROMIUM ?? '/usr/bin/chromium';
const VIEWPORT = { width: 1400, height: 900 };
/** The review page is one column: narrower, so the table and the whole image fit one picture. */
const REVIEW_VIEWPORT = { width: 760, height: 1200 };
const ROAD = 0;
const SKY = 1;
const BUILDING = 2;
const CAR = 3;
const PERSON = 4;

// ---- The server and its API ------------------------------------------------------------------------

/** One API call with a bearer token; throws with the answer's body unless the status is `expected`. */
async function call(token, method, path, body, expected = method === 'POST' ? 201 : 200) {
  const init = { method, headers: { authorization: `Bearer ${token}` } };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['content-type'] = 'application/json';
  }
  const answer = await fetch(`${server.url}${path}`, init);
  if (answer.status !== expected) throw new Error(`${method} ${path}: ${answer.status} ${await answer.text()}`);
  const type = answer.headers.get('content-type') ?? '';
  return type.includes('json') ? answer.json() : new Uint8Array(await answer.arrayBuffer());
}

async function login(who) {
  const answer = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(who),
  });
  if (answer.status !== 200) throw new Error(`login ${who.email}: ${answer.status} ${await answer.text()}`);
  return answer.json();
}

/** A project of `type` holding one image (`bytes`, a PNG); returns both ids. */
async function project(token, name, type, classes, image) {
  const { id } = await call(token, 'POST', '/api/projects', { name, type, classes });
  const form = new FormData();
  form.append('file', new Blob([image.bytes], { type: 'image/png' }), image.fileName);
  const uploaded = await call(token, 'POST', `/api/projects/${id}/images`, form);
  return { projectId: id, imageId: uploaded.images[0].id };
}

// ---- Geometry from the scene's true masks ------------------------------------------------------------

/** The scene's truth, as the demo's gold document holds it: masks (Rle) by class, in stored order. */
function truth(segments) {
  const masks = segments.map((s) => ({ categoryId: s.categoryId, rle: fromCocoRle(s.segmentation) }));
  return {
    of: (categoryId) => masks.filter((m) => m.categoryId === categoryId).map((m) => m.rle),
    /** One segment per class (the semantic form). */
    semantic: () =>
      [...new Set(masks.map((m) => m.categoryId))].map((categoryId, index) => ({
        id: index + 1,
        categoryId,
        segmentation: toCocoRle(merge(masks.filter((m) => m.categoryId === categoryId).map((m) => m.rle))),
      })),
  };
}

/**
 * The polygons an annotator would click around a mask: its outline a little simplified, one per part,
 * leaving out parts too small to click (a sliver beside an occluder).
 */
function outlines(rle) {
  const rings = [];
  for (const part of maskToPolygons(rle, { tolerance: 0.75 })) {
    const points = [];
    let twiceArea = 0;
    for (let i = 0; i < part.length; i += 2) {
      points.push([part[i], part[i + 1]]);
      const j = (i + 2) % part.length;
      twiceArea += part[i] * part[j + 1] - part[j] * part[i + 1];
    }
    if (Math.abs(twiceArea) >= 32) rings.push(points);
  }
  return rings;
}

/** A car as an instance annotator draws it: whole, the people in front of it included (they go on top). */
function wholeCar(car, people) {
  const box = bboxToRle(bbox(car), car.height, car.width);
  return people.reduce((mask, person) => combine(mask, combine(person, box, 'intersection'), 'union'), car);
}

/** A brush stroke down a person: the diameter its width, from the head's centre to the feet. */
function personStroke(rle) {
  const [x, y, w, h] = bbox(rle);
  const cx = x + w / 2;
  return {
    size: Math.round(w),
    points: [
      [cx, y + w / 2],
      [cx, y + h - w / 2],
    ],
  };
}

/**
 * What the page saved, against the truth: per class, the IoU of the pixels, and the segment count.
 * Throws when a class fell below `least` (a polygon that closed early or a stroke that went astray
 * would still make a picture, a wrong one).
 */
async function checkSaved(token, imageId, scene, least) {
  const saved = await call(token, 'GET', `/api/images/${imageId}/annotation`);
  const masks = saved.segments.map((s) => ({ categoryId: s.categoryId, rle: fromCocoRle(s.segmentation) }));
  const report = [];
  for (const [categoryId, minimum] of Object.entries(least).map(([k, v]) => [Number(k), v])) {
    const mine = masks.filter((m) => m.categoryId === categoryId).map((m) => m.rle);
    const truth = scene.of(categoryId);
    const a = mine.length === 0 ? undefined : merge(mine);
    const b = merge(truth);
    const iou = a === undefined ? 0 : area(combine(a, b, 'intersection')) / area(combine(a, b, 'union'));
    report.push(`class ${categoryId} IoU ${iou.toFixed(4)}`);
    if (!(iou >= minimum)) throw new Error(`image ${imageId}: class ${categoryId} IoU ${iou} < ${minimum}`);
  }
  console.log(`  image ${imageId}: ${saved.segments.length} segments; ${report.join(', ')}`);
}

// ---- The editor, driven like a person --------------------------------------------------------------

class Editor {
  constructor(page, base) {
    this.page = page;
    this.base = base;
  }

  /**
   * Opens the editor, then again at the largest whole zoom that shows the image centred (the page
   * fits a small image at 1×).
   */
  async open(ids, image) {
    await this.page.goto(`${this.base}/projects/${ids.projectId}/images/${ids.imageId}`);
    await this.ready();
    const { width, height } = this.box;
    const zoom = Math.max(1, Math.floor(Math.min((width - 16) / image.width, (height - 16) / image.height)));
    await this.openAt(ids, {
      zoom,
      x: Math.round(image.width / 2 - width / (2 * zoom)),
      y: Math.round(image.height / 2 - height / (2 * zoom)),
    });
    // A camera from the query does not reach the editor core (its zoom stays 1, so the polygon's
    // 4-CSS-pixel closing distance would be 4 image pixels): zooming in and out again hands it over.
    await this.page.getByTestId('zoom-in').click();
    await this.page.getByTestId('zoom-out').click();
    await this.page.evaluate(() => document.activeElement?.blur()); // keys go to the editor, not the button
    await this.ready();
  }

  /** Opens the editor at an exact camera (docs/editor.md's query). */
  async openAt(ids, camera) {
    const { zoom, x, y } = camera;
    await this.page.goto(`${this.base}/projects/${ids.projectId}/images/${ids.imageId}?zoom=${zoom}&x=${x}&y=${y}`);
    await this.ready();
  }

  async ready() {
    await this.page.getByTestId('editor-ready').waitFor();
    this.box = await this.canvasBox();
    this.camera = await this.page.getByTestId('editor-canvas').evaluate((element) => element.segkitRender.camera());
  }

  async canvasBox() {
    const box = await this.page.getByTestId('editor-canvas').boundingBox();
    if (box === null) throw new Error('the editor canvas is not shown');
    return box;
  }

  /** Image point → page CSS position (docs/editor.md: pixel (px, py) starts at (px − x)·Z). */
  at(px, py) {
    const { zoom, x, y } = this.camera;
    return [this.box.x + (px - x) * zoom, this.box.y + (py - y) * zoom];
  }

  async key(key) {
    await this.page.keyboard.press(key);
  }

  /** The class by its key: 1..9 pick the project's classes in order. */
  async chooseClass(classes, id) {
    await this.key(String(classes.findIndex((c) => c.id === id) + 1));
  }

  /** The tool's diameter, typed into the number field, which then gives the focus back. */
  async size(diameter) {
    const field = this.page.getByTestId('brush-size');
    await field.fill(String(diameter));
    await field.blur();
  }

  /** Clicks the vertices, then Enter closes it (trailing vertices a click would close on are left out). */
  async polygon(points, close = true) {
    const [x0, y0] = points[0];
    const near = ([x, y]) => Math.hypot(x - x0, y - y0) * this.camera.zoom <= 6;
    let end = points.length;
    while (close && end > 3 && near(points[end - 1])) end--;
    await this.key('p');
    for (const [px, py] of points.slice(0, end)) await this.page.mouse.click(...this.at(px, py));
    if (close) await this.key('Enter');
  }

  async stroke({ size, points }) {
    await this.key('b');
    await this.size(size);
    const [first, ...rest] = points;
    await this.page.mouse.move(...this.at(...first));
    await this.page.mouse.down();
    for (const point of rest) await this.page.mouse.move(...this.at(...point), { steps: 12 });
    await this.page.mouse.up();
  }

  /** The magic wand: the clicked colour's region, once the page has handed the image's pixels to the core. */
  async wand(px, py) {
    await this.page.locator('[data-testid="editor"][data-image-pixels="true"]').waitFor();
    await this.key('w');
    await this.page.mouse.click(...this.at(px, py));
  }

  async fill(px, py) {
    await this.key('f');
    await this.page.mouse.click(...this.at(px, py));
  }

  async save() {
    await this.key('Control+s');
    await this.page.waitForFunction(
      () => document.querySelector('[data-testid="save-status"]')?.textContent === 'saved',
      undefined,
      { timeout: 15_000 },
    );
  }

  /** The stuff of a street: road and buildings as polygons, the sky as a fill of what is left above. */
  async street(classes, scene, sky = 'fill') {
    const [, top] = bbox(scene.of(ROAD)[0]);
    await this.chooseClass(classes, ROAD);
    await this.polygon([
      [-3, top],
      [323, top],
      [323, 243],
      [-3, 243],
    ]);
    await this.chooseClass(classes, BUILDING);
    for (const outline of outlines(scene.of(BUILDING)[0])) await this.polygon(outline);
    await this.chooseClass(classes, SKY);
    if (sky === 'wand') await this.wand(4.5, 4.5);
    else await this.fill(4.5, 4.5);
  }
}

async function loggedIn(base, who) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(`${base}/login`);
  await page.locator('input[name=email]').fill(who.email);
  await page.locator('input[name=password]').fill(who.password);
  await page.locator('form button[type=submit]').click();
  await page.getByTestId('project-list').waitFor();
  return page;
}

async function shot(page, name, clip) {
  const path = join(OUT, name);
  await page.screenshot({ path, ...(clip === undefined ? {} : { clip }) });
  console.log(`${name}: ${Math.round(statSync(path).size / 1024)} KB`);
}

// ---- The run ---------------------------------------------------------------------------------------

async function run() {
  mkdirSync(OUT, { recursive: true });
  const admin = await login(DEMO_LOGIN.admin);
  const annotator = await login(DEMO_LOGIN.annotator);
  const { projects } = await call(admin.token, 'GET', '/api/projects');
  const demo = projects.find((p) => p.type === 'panoptic');
  const classes = demo.classes;
  const { images } = await call(admin.token, 'GET', `/api/projects/${demo.id}/images`);
  /** A gold image of the demo: its bytes and its true labels. */
  const scene = async (fileName) => {
    const image = images.find((i) => i.fileName === fileName);
    const bytes = await call(admin.token, 'GET', `/api/images/${image.id}/file`);
    const gold = await call(admin.token, 'GET', `/api/images/${image.id}/gold`);
    return { ...image, bytes, gold: gold.segments, truth: truth(gold.segments) };
  };
  const [street1, street2, street3] = await Promise.all(['street-01.png', 'street-02.png', 'street-03.png'].map(scene));
  const things = classes.filter((c) => c.isthing);
  const semantic = await project(admin.token, 'Streets (semantic)', 'semantic', classes, street1);
  const instance = await project(admin.token, 'Streets (instance)', 'instance', things, street3);
  const panoptic = await project(admin.token, 'Streets (panoptic)', 'panoptic', classes, street2);
  await call(admin.token, 'PUT', `/api/projects/${semantic.projectId}/members/${annotator.user.id}`, {
    role: 'annotator',
  });

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
  const base = server.url;

  // Semantic, by the annotator: the street, both cars, one person brushed and one left out; then
  // the brushed person's head at 24×, the brush's footprint under the pointer.
  {
    const editor = new Editor(await loggedIn(base, DEMO_LOGIN.annotator), base);
    const scene = street1.truth;
    await editor.open(semantic, street1);
    await editor.street(classes, scene);
    await editor.chooseClass(classes, CAR);
    for (const car of scene.of(CAR)) for (const outline of outlines(car)) await editor.polygon(outline);
    await editor.chooseClass(classes, PERSON);
    const person = scene.of(PERSON)[0];
    await editor.stroke(personStroke(person));
    await editor.save();
    await checkSaved(annotator.token, semantic.imageId, scene, { 0: 0.95, 1: 0.95, 2: 0.95, 3: 0.95, 4: 0.4 });
    await shot(editor.page, 'editor-semantic.png');

    const [x, y, w] = bbox(person);
    const clip = { width: 900, height: 560 };
    const zoom = 24;
    await editor.openAt(semantic, {
      zoom,
      x: x + w / 2 - clip.width / 2 / zoom,
      y: y + w / 2 - clip.height / 2 / zoom,
    });
    await editor.key('b');
    await editor.size(5);
    await editor.page.mouse.move(...editor.at(x + w + 2.5, y + w + 1.5), { steps: 4 });
    await shot(editor.page, 'editor-zoom.png', { x: editor.box.x, y: editor.box.y, ...clip });
    await editor.page.context().close();
  }

  const page = await loggedIn(base, DEMO_LOGIN.admin);
  const editor = new Editor(page, base);

  // Instance, by the manager: each car whole and each person its own instance, on top of the car.
  {
    const scene = street3.truth;
    await editor.open(instance, street3);
    const people = scene.of(PERSON);
    await editor.chooseClass(things, CAR);
    for (const car of scene.of(CAR)) {
      await editor.key('n');
      for (const outline of outlines(wholeCar(car, people))) await editor.polygon(outline);
    }
    await editor.chooseClass(things, PERSON);
    for (const person of people) {
      await editor.key('n');
      await editor.stroke(personStroke(person));
    }
    await editor.save();
    await checkSaved(admin.token, instance.imageId, scene, { 3: 0.85, 4: 0.8 });
    await shot(page, 'editor-instance.png');
  }

  // Panoptic: stuff once per class (the sky by the magic wand), things per instance; the last car's
  // polygon still being clicked.
  {
    const scene = street2.truth;
    await editor.open(panoptic, street2);
    await editor.street(classes, scene, 'wand');
    const cars = scene.of(CAR);
    await editor.chooseClass(classes, CAR);
    for (const car of cars.slice(0, -1)) {
      await editor.key('n');
      for (const outline of outlines(car)) await editor.polygon(outline);
    }
    await editor.chooseClass(classes, PERSON);
    for (const person of scene.of(PERSON)) await editor.stroke(personStroke(person));
    await editor.save();
    await checkSaved(admin.token, panoptic.imageId, scene, { 0: 0.95, 1: 0.95, 2: 0.95, 3: 0.5, 4: 0.6 });
    await editor.chooseClass(classes, CAR);
    await editor.key('n');
    const last = outlines(cars[cars.length - 1])[0];
    const clicked = Math.ceil(last.length * 0.7);
    await editor.polygon(last.slice(0, clicked), false);
    await page.mouse.move(...editor.at(...last[clicked]), { steps: 4 });
    await shot(page, 'editor-panoptic.png');
    await editor.key('Escape');
  }

  // Review: the manager sets gold, then compares the annotator's semantic document with it.
  await call(admin.token, 'PUT', `/api/images/${semantic.imageId}/gold`, { segments: street1.truth.semantic() });
  await page.setViewportSize(REVIEW_VIEWPORT);
  await page.goto(
    `${base}/projects/${semantic.projectId}/images/${semantic.imageId}?user=${annotator.user.id}&compare=gold`,
  );
  await page.getByTestId('iou-row').first().waitFor();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="diff-canvas"]')?.getAttribute('data-drawn') === 'true',
  );
  const frame = await page.locator('.overlay-frame').boundingBox();
  await shot(page, 'review.png', { x: 0, y: 0, width: REVIEW_VIEWPORT.width, height: frame.y + frame.height + 12 });
}

// ---- Main ------------------------------------------------------------------------------------------

const data = mkdtempSync(join(tmpdir(), 'segkit-screenshots-'));
const server = await startServer({
  data,
  database: join(data, 'segkit.db'),
  storage: `file:${join(data, 'blobs')}`,
  env: {},
  admin: {},
  demo: true,
  port: 0,
  host: '127.0.0.1',
});
let browser;
try {
  await run();
} finally {
  await browser?.close();
  await server.close();
  rmSync(data, { recursive: true, force: true });
}
