/**
 * The web app in a real browser (Debian's Chromium through playwright-core) against a real server on a
 * socket: log in, the project list, the project page (thumbnails decoded), the batch page (QA with
 * the alerts first, a review), an export followed to its zip, the image page's overlay read back
 * from the canvas, what the delivery format loses (the panel against the server's measured report and
 * hand-worked figures), and review comments placed by a click, checked through the API and as pins. Without /usr/bin/chromium the suite is skipped with a notice, except in CI
 * (`.ci/run` installs the `chromium` package), where it fails.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, testServer } from '../../server/test/helpers.js';
import { ensureWebBuilt } from './build-web.js';
import { card, H, PASSWORD, type Seeded, seed, seedParking, W } from './seed.js';

/** The few DOM members the page functions read (the test type-check has no DOM library). */
interface ImageElement {
  complete: boolean;
  naturalWidth: number;
}
interface CanvasElement {
  width: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
}
/** The editor canvas's test hook (apps/web/src/editor/EditorCanvas.tsx). */
interface LabelHost {
  segkitRender: { readLabels(rect: { x: number; y: number; width: number; height: number }): ArrayLike<number> };
}
interface TableRow {
  cells: ArrayLike<{ textContent: string | null }>;
}
interface TaggedElement {
  tagName: string;
  getAttribute(name: string): string | null;
}

/** The parts of `GET /api/projects/{p}/delivery-loss` the checks compare with the page. */
interface MeasuredLoss {
  format: string;
  images: number;
  report: {
    lossless: boolean;
    perClass: Array<{
      id: number;
      name: string;
      sourcePixels: number;
      convertedPixels: number;
      pixelsChanged: number;
      iou: number | null;
      instancesMerged: number;
      overlapPixels: number;
      polygonAreaDelta: number;
      holesDropped: number;
    }>;
  };
}

/** The per-class rows the page should show for a measured report: the fixed columns, then each non-zero one. */
function rowsOf(report: MeasuredLoss['report']): string[][] {
  const optional = ['instancesMerged', 'overlapPixels', 'polygonAreaDelta', 'holesDropped'] as const;
  const shown = optional.filter((key) => report.perClass.some((row) => row[key] > 0));
  return report.perClass.map((row) => [
    `${row.id} ${row.name}`,
    String(row.sourcePixels),
    String(row.convertedPixels),
    String(row.pixelsChanged),
    row.iou === null ? 'n/a' : row.iou.toFixed(4),
    ...shown.map((key) => (key === 'polygonAreaDelta' ? row[key].toFixed(1) : String(row[key]))),
  ]);
}

const CHROMIUM = '/usr/bin/chromium';
/** Waits for a page to show what a check expects (QA and exports run in worker threads: seconds on a busy machine). */
const until = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 50 });
const present = existsSync(CHROMIUM);
const ci = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
if (!present && !ci) {
  console.warn(
    `NOTICE: the browser tests of apps/web are SKIPPED: ${CHROMIUM} is missing (apt-get install chromium). In CI they fail instead.`,
  );
}

async function logIn(page: Page, email: string): Promise<void> {
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
}

describe.skipIf(!present && !ci)('the web app in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let base: string;
  let data: Seeded;

  beforeAll(async () => {
    if (!present) throw new Error(`${CHROMIUM} is missing: CI installs the chromium package (.ci/run)`);
    ensureWebBuilt();
    server = await testServer();
    data = await seed(server);
    base = await server.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic',
      ],
    });
    // Tall enough that every thumbnail is in view (they load lazily).
    const context = await browser.newContext({ viewport: { width: 1280, height: 2400 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('GET / serves the app, which asks to log in; logging in shows the projects', async () => {
    await page.goto(`${base}/`);
    await logIn(page, data.manager.email);
    await until(() => page.getByTestId('project-list').textContent()).toContain('Streets');
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => c.name).sort()).toEqual(['segkit_csrf', 'segkit_session']);
  });

  it('the project page shows every thumbnail decoded, image statuses, and batch progress', async () => {
    await page.getByTestId(`project-link-${data.projectId}`).click();
    await until(() => page.getByTestId('project-title').textContent()).toBe('Streets');
    const thumbnails = page.getByTestId('thumbnail');
    await until(() => thumbnails.count()).toBe(6);
    await until(() =>
      thumbnails.evaluateAll((images: ImageElement[]) => images.map((image) => image.complete && image.naturalWidth)),
    ).toEqual(Array(6).fill(32)); // WebP thumbnails of the 32-pixel-wide images (never enlarged)
    const statuses = await page.getByTestId('image-status').allTextContents();
    expect(statuses[0]).toContain('pilot: in progress'); // Ann saved street-1
    expect(statuses[3]).toContain('no batch'); // the gold image: a honeypot, not an assignment
    expect(await page.getByTestId('image-card').nth(3).textContent()).toContain('gold');
    // Saved over assigned: Ann 2 of 3 (her two images and the honeypot), Bo 1 of 2.
    expect(await page.getByTestId(`batch-progress-${data.batchIds[0]}`).textContent()).toContain('3/5 saved');
  });

  it('the batch page shows the QA alerts before any table, the hand-worked figures, and the trend', async () => {
    await page.getByTestId(`batch-link-${data.batchIds[0]}`).click();
    await until(() => page.getByTestId('batch-title').textContent()).toBe('Batch pilot');
    const qa = page.getByTestId('qa');
    await until(() => qa.getByTestId('qa-alert').count()).toBe(2);
    expect(await qa.getByTestId('qa-alert').allTextContents()).toEqual([
      expect.stringMatching(/^class 2 person: far below the mean \(IoU 0\.5000, mean 0\.7667/),
      expect.stringMatching(/^class 2 person: below 0\.5, far below the mean \(IoU 0\.0000, mean 0\.5556/),
    ]);
    // The alerts come first: before the batch's report and every table of the section.
    const order = await qa
      .locator('[data-testid="qa-alerts"], [data-testid="qa-batch"], table')
      .evaluateAll((all: TaggedElement[]) => all.map((el) => el.getAttribute('data-testid') ?? el.tagName));
    expect(order[0]).toBe('qa-alerts');
    expect(order[1]).toBe('qa-batch');
    expect(await qa.getByTestId('qa-batch').getByTestId('figure-mIoU').textContent()).toBe('76.67');
    expect(await qa.getByTestId(`qa-annotator-${data.bo.id}`).getByTestId('figure-mIoU').textContent()).toBe('55.56');
    expect(await qa.getByTestId(`qa-annotator-${data.ann.id}`).getByTestId('figure-mIoU').textContent()).toBe('100.00');
    // A chart per report (the batch and two annotators), drawn.
    for (const id of ['qa-batch-chart', `qa-annotator-${data.bo.id}-chart`]) {
      await until(() => page.getByTestId(id).evaluate((canvas: CanvasElement) => canvas.width)).toBeGreaterThan(0);
    }
    // Both batches score the same honeypot documents: the trend has two equal points.
    await until(() => page.getByTestId('trend-row').locator('td').allTextContents()).toEqual([
      'pilot',
      '76.67',
      'week 2',
      '76.67',
    ]);
  });

  it('a review from the batch page is a cookie-authenticated write (CSRF header sent)', async () => {
    const row = page.getByTestId(`assignee-${data.ann.id}`);
    await page.getByTestId(`review-accepted-${data.ann.id}`).click();
    await until(() => row.getByTestId('assignee-status').textContent()).toBe('accepted');
  });

  it('an export started on the project page runs to done and its download link answers the zip', async () => {
    await page.goto(`${base}/projects/${data.projectId}`);
    await page.getByTestId('export-start').click();
    const job = page.getByTestId('export-job');
    await until(() => job.getAttribute('data-state')).toBe('done');
    expect(await page.getByTestId('export-progress').getAttribute('data-value')).toBe('1.000');
    const href = await page.getByTestId('export-download').getAttribute('href');
    expect(href).toMatch(/^\/api\/jobs\/\d+\/download$/);
    const download = await page.evaluate(async (url) => {
      const response = await fetch(url);
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { status: response.status, type: response.headers.get('content-type'), head: [...bytes.slice(0, 4)] };
    }, href as string);
    expect(download).toEqual({ status: 200, type: 'application/zip', head: [0x50, 0x4b, 0x03, 0x04] });
  });

  it('the image page overlays the chosen document in the class colours', async () => {
    // The image link opens the manager's own document in the editor.
    await page.getByTestId('image-card').nth(3).getByRole('link').click();
    await until(() => page.getByTestId('image-title').textContent()).toBe('street-4.png');
    await page.getByTestId('editor-ready').waitFor();
    // The manager's own document was never saved: nothing painted.
    const labels = await page
      .getByTestId('editor-canvas')
      .evaluate((el: LabelHost, rect) => Array.from(el.segkitRender.readLabels(rect)), {
        x: 0,
        y: 0,
        width: W,
        height: H,
      });
    expect(labels).toEqual(Array(W * H).fill(0));
    const canvas = page.getByTestId('overlay-canvas');
    const rgba = (x: number, y: number) =>
      canvas.evaluate(
        (c: CanvasElement, [px, py]) => Array.from(c.getContext('2d').getImageData(px, py, 1, 1).data),
        [x, y],
      );

    // Another member's document opens in the review view.
    await page.getByTestId('document-picker').selectOption(String(data.bo.id));
    await until(() => canvas.getAttribute('data-painted')).toBe('2');
    expect(page.url()).toContain(`?user=${data.bo.id}`);
    expect(await rgba(0, 0)).toEqual([0x80, 0x40, 0x80, 255]); // road #804080
    expect(await rgba(20, 15)).toEqual([0x00, 0x00, 0x8e, 255]); // Bo's car #00008e over the person
    expect(await rgba(28, 15)).toEqual([0, 0, 0, 0]); // unlabelled

    await page.getByTestId('document-picker').selectOption(String(data.ann.id));
    await until(() => canvas.getAttribute('data-painted')).toBe('3');
    expect(await rgba(20, 15)).toEqual([0xdc, 0x14, 0x3c, 255]); // Ann's person #dc143c
    await until(() => page.getByTestId('image-full').evaluate((img: ImageElement) => img.naturalWidth)).toBe(32);
  });

  it('the project page says what PNG delivery keeps of the semantic project, with the figures the server measured', async () => {
    await page.goto(`${base}/projects/${data.projectId}`);
    const panel = page.getByTestId('delivery-loss');
    await until(() => panel.getAttribute('data-format')).toBe('png');
    const url = `/api/projects/${data.projectId}/delivery-loss`;
    const measured = (await server.call(data.manager.token, 'GET', url)).json() as MeasuredLoss;
    const rows = await panel
      .getByTestId('loss-table')
      .locator('tbody tr')
      .evaluateAll((trs: TableRow[]) => trs.map((tr) => Array.from(tr.cells, (td) => td.textContent)));
    expect(rows).toEqual(rowsOf(measured.report));
    // By hand: Ann's street-1 is the one labelled image outside the honeypots, and a semantic label
    // map holds road (12 rows × 32), car (12 × 16) and person (12 × 8) exactly.
    expect(rows).toEqual([
      ['0 road', '384', '384', '0', '1.0000'],
      ['1 car', '192', '192', '0', '1.0000'],
      ['2 person', '96', '96', '0', '1.0000'],
    ]);
    expect(await panel.getByTestId('loss-verdict').textContent()).toBe(
      "Delivery as png keeps everything this project's documents hold (1 labelled image, 3 segments).",
    );
    expect(await panel.getByTestId('loss-instances').count()).toBe(0); // a semantic project has no instance ids
  });

  it('the project page of an instance project says PNG delivery drops instance ids and forbids overlaps, measured', async () => {
    const parking = await seedParking(server, data.manager.token);
    await page.goto(`${base}/projects/${parking.projectId}`);
    const panel = page.getByTestId('delivery-loss');
    await until(() => panel.getAttribute('data-format')).toBe('png');
    const url = `/api/projects/${parking.projectId}/delivery-loss`;
    const measured = (await server.call(data.manager.token, 'GET', url)).json() as MeasuredLoss;
    const rows = () =>
      panel
        .getByTestId('loss-table')
        .locator('tbody tr')
        .evaluateAll((trs: TableRow[]) => trs.map((tr) => Array.from(tr.cells, (td) => td.textContent)));
    expect(await rows()).toEqual(rowsOf(measured.report));
    // By hand (seed.ts, seedParking): car B loses 48 px to person A; each class's two instances become one region.
    expect(await rows()).toEqual([
      ['0 road', '384', '384', '0', '1.0000', '0', '0'],
      ['1 car', '192', '144', '48', '0.7500', '1', '0'],
      ['2 person', '144', '144', '0', '1.0000', '1', '48'],
    ]);
    expect(await panel.getByTestId('loss-verdict').textContent()).toBe(
      "Delivery as png loses something on this project's documents (1 labelled image, 5 segments):",
    );
    const item = (key: string) => panel.getByTestId(`loss-${key}`);
    expect(await item('instances').getAttribute('data-lost')).toBe('true');
    expect(await item('instances').textContent()).toBe(
      'Instance ids: dropped: png holds one region per class, 2 instances merged into another of their class (car 1, person 1)',
    );
    expect(await item('overlaps').textContent()).toBe(
      'Overlaps: forbidden: 48 px claimed by two segments went to one (later annotation wins); 1 segment lost pixels',
    );
    expect(await item('pixels').textContent()).toBe(
      'Pixels: 48 of 720 labelled pixels change class (lowest IoU car 0.7500)',
    );
    expect(await panel.getByTestId('loss-segments').textContent()).toContain('in lot-1.png: 48 px went to another');

    // COCO RLE, the stored form, keeps it all.
    await panel.getByTestId('delivery-loss-format').selectOption('coco-rle');
    await until(() => panel.getAttribute('data-format')).toBe('coco-rle');
    expect(await panel.getByTestId('loss-verdict').textContent()).toContain('Delivery as coco-rle keeps everything');
    expect(await item('instances').getAttribute('data-lost')).toBe('false');
    expect(await item('overlaps').getAttribute('data-lost')).toBe('false');
  });

  it('a review comment added by clicking on the image is stored at that image pixel and shown as a numbered pin', async () => {
    await page.goto(`${base}/projects/${data.projectId}/images/${data.goldImageId}?user=${data.bo.id}`);
    await until(() => page.getByTestId('overlay-canvas').getAttribute('data-painted')).toBe('2');
    const layer = page.getByTestId('comment-layer');
    const box = await layer.boundingBox();
    if (box === null) throw new Error('the comment layer is not shown');
    const scale = box.width / W; // CSS px per image pixel
    expect(scale).toBeGreaterThan(10);
    const say = async (x: number, y: number, text: string) => {
      await layer.click({ position: { x: x * scale, y: y * scale } });
      await page.getByTestId('comment-input').fill(text);
      await page.getByTestId('comment-submit').click();
      await until(() => page.getByTestId('comment-form').count()).toBe(0);
    };
    // Bo labelled the person (columns 16–23, rows 12–23) as car.
    await say(20.5, 18.25, 'this is a person, not a car');
    await say(4, 6, 'road: fine');
    await until(() => page.getByTestId('comment-pin').allTextContents()).toEqual(['1', '2']);

    const stored = (await server.call(data.manager.token, 'GET', `/api/images/${data.goldImageId}/comments`)).json()
      .comments as Array<{ id: number; x: number; y: number; text: string; userId: number; authorId: number }>;
    expect(stored.map(({ text, userId, authorId }) => ({ text, userId, authorId }))).toEqual([
      { text: 'this is a person, not a car', userId: data.bo.id, authorId: data.manager.id },
      { text: 'road: fine', userId: data.bo.id, authorId: data.manager.id },
    ]);
    // Where the click landed, to within one CSS pixel at this display scale.
    const clicked = [
      [20.5, 18.25],
      [4, 6],
    ];
    for (const [i, comment] of stored.entries()) {
      expect(Math.abs(comment.x - clicked[i][0])).toBeLessThanOrEqual(1 / scale);
      expect(Math.abs(comment.y - clicked[i][1])).toBeLessThanOrEqual(1 / scale);
      // The pin is centred on the stored position.
      const pin = await page.locator(`[data-testid="comment-pin"][data-id="${comment.id}"]`).boundingBox();
      if (pin === null) throw new Error(`pin of comment ${comment.id} is not shown`);
      expect(Math.abs(pin.x + pin.width / 2 - (box.x + comment.x * scale))).toBeLessThanOrEqual(1);
      expect(Math.abs(pin.y + pin.height / 2 - (box.y + comment.y * scale))).toBeLessThanOrEqual(1);
    }
    expect(await page.getByTestId('comment-text').allTextContents()).toEqual([
      'this is a person, not a car',
      'road: fine',
    ]);
    // Ann's document shows no pin: the comments are about Bo's.
    await page.getByTestId('document-picker').selectOption(String(data.ann.id));
    await until(() => page.getByTestId('overlay-canvas').getAttribute('data-painted')).toBe('3');
    await until(() => page.getByTestId('comment-list').count()).toBe(0);
    expect(await page.getByTestId('comment-pin').count()).toBe(0);
  });

  it('a new project from the Cityscapes preset, then an upload and a member, all through the forms', async () => {
    await page.goto(`${base}/`);
    await page.getByTestId('new-project-name').fill('Cityscapes pilot');
    await page.getByTestId('taxonomy-cityscapes').check();
    await until(() => page.getByTestId('taxonomy-count').textContent()).toBe('34 classes');
    await page.getByTestId('new-project-submit').click();
    await until(() => page.getByTestId('project-title').textContent()).toBe('Cityscapes pilot');
    const { projects } = (await server.call(data.manager.token, 'GET', '/api/projects')).json() as {
      projects: Array<{ id: number; name: string; classes: Array<{ id: number; color: string }> }>;
    };
    const created = projects.find((p) => p.name === 'Cityscapes pilot');
    expect(created?.classes.map((c) => c.id)).toEqual(Array.from({ length: 34 }, (_, i) => i));
    expect(created?.classes[7]).toEqual({ id: 7, name: 'road', color: '#804080', isthing: false });

    await page
      .getByTestId('upload-input')
      .setInputFiles(
        ['a.png', 'b.png'].map((name, i) => ({ name, mimeType: 'image/png', buffer: Buffer.from(card(i)) })),
      );
    await page.getByTestId('upload-submit').click();
    await until(() => page.getByTestId('upload-note').textContent()).toBe('2 images added');
    await until(() =>
      page.getByTestId('thumbnail').evaluateAll((images: ImageElement[]) => images.map((i) => i.naturalWidth)),
    ).toEqual([32, 32]);

    const form = page.getByTestId('add-member-form');
    await form.locator('input[name="userId"]').fill(String(data.bo.id));
    await form.locator('select[name="role"]').selectOption('reviewer');
    await form.getByRole('button').click();
    const role = page.getByTestId('members').getByLabel('role of bo');
    await until(() => role.inputValue()).toBe('reviewer');
  });

  it('an annotator sees only their own part (no QA, gold, exports or delivery loss), submits it, reads the comments as pins, logs out', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 2400 } });
    const annotator = await context.newPage();
    annotator.setDefaultTimeout(15_000);
    // A page's own path survives the login.
    await annotator.goto(`${base}/batches/${data.batchIds[0]}`);
    await logIn(annotator, 'bo@example.com');
    await until(() => annotator.getByTestId('batch-title').textContent()).toBe('Batch pilot');
    expect(await annotator.getByTestId('assignees').locator('tbody tr').count()).toBe(1);
    expect(await annotator.getByTestId('qa').count()).toBe(0);
    await annotator.getByTestId('submit-batch').click();
    const status = annotator.getByTestId(`assignee-${data.bo.id}`).getByTestId('assignee-status');
    await until(() => status.textContent()).toBe('submitted');

    await annotator.goto(`${base}/projects/${data.projectId}`);
    await until(() => annotator.getByTestId('thumbnail').count()).toBe(6);
    expect(await annotator.getByTestId('image-grid').textContent()).not.toContain('gold');
    expect(await annotator.getByTestId('export-form').count()).toBe(0);
    expect(await annotator.getByTestId('upload-form').count()).toBe(0);
    expect(await annotator.getByTestId('delivery-loss').count()).toBe(0);

    // The review comments about Bo's document, as pins over his own document in the editor.
    await annotator.goto(`${base}/projects/${data.projectId}/images/${data.goldImageId}`);
    await until(() => annotator.getByTestId('comment-pin').allTextContents()).toEqual(['1', '2']);
    expect(await annotator.getByTestId('comment-text').first().textContent()).toBe('this is a person, not a car');

    // Logging out ends the session on the server, not only in this browser.
    const session = (await context.cookies()).find((cookie) => cookie.name === 'segkit_session')?.value ?? '';
    const me = () => server.app.inject({ method: 'GET', url: '/api/auth/me', cookies: { segkit_session: session } });
    expect((await me()).statusCode).toBe(200);
    await annotator.getByTestId('logout').click();
    await until(() => annotator.getByTestId('login-submit').count()).toBe(1);
    expect((await context.cookies()).map((cookie) => cookie.name)).toEqual([]);
    expect((await me()).statusCode).toBe(401);
    await context.close();
  });
});
