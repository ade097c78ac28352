/**
 * The web app in a real browser (Debian's Chromium through playwright-core) against a real server on a
 * socket: log in, the project list, the project page (thumbnails decoded), the batch page (QA with
 * the alerts first, a review), an export followed to its zip, and the image page's overlay read back
 * from the canvas. Without /usr/bin/chromium the suite is skipped with a notice, except in CI
 * (`.ci/run` installs the `chromium` package), where it fails.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, testServer } from '../../server/test/helpers.js';
import { ensureWebBuilt } from './build-web.js';
import { card, PASSWORD, type Seeded, seed } from './seed.js';

/** The few DOM members the page functions read (the test type-check has no DOM library). */
interface ImageElement {
  complete: boolean;
  naturalWidth: number;
}
interface CanvasElement {
  width: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
}
interface TaggedElement {
  tagName: string;
  getAttribute(name: string): string | null;
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
    await page.getByTestId('image-card').nth(3).getByRole('link').click();
    await until(() => page.getByTestId('image-title').textContent()).toBe('street-4.png');
    const canvas = page.getByTestId('overlay-canvas');
    const rgba = (x: number, y: number) =>
      canvas.evaluate(
        (c: CanvasElement, [px, py]) => Array.from(c.getContext('2d').getImageData(px, py, 1, 1).data),
        [x, y],
      );
    // The manager's own document was never saved: nothing painted.
    await until(() => canvas.getAttribute('data-painted')).toBe('0');
    expect(await rgba(20, 15)).toEqual([0, 0, 0, 0]);

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

  it('an annotator sees only their own part (no QA, no gold, no exports) and submits it', async () => {
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
    await context.close();
  });
});
