/**
 * The web app's static routes (routes/web.ts): files of the build as they are, index.html for every
 * other GET outside /api (the single-page app's own paths), a page asking for `npm run build` while
 * there is no build, and the API's JSON 404 for unknown /api paths, unchanged.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webRoutes } from '../src/routes/web.js';
import { type TestServer, testServer } from './helpers.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'segkit-web-'));
  await mkdir(join(folder, 'dist/assets'), { recursive: true });
  await writeFile(join(folder, 'dist/index.html'), '<!doctype html><p>the app</p>');
  await writeFile(join(folder, 'dist/assets/index-abc123.js'), 'console.log(1);');
  await writeFile(join(folder, 'dist/robots.txt'), 'User-agent: *');
  await writeFile(join(folder, 'secret.txt'), 'outside the build');
});
afterAll(async () => rm(folder, { recursive: true, force: true }));

async function bare(root: string): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(webRoutes, { root });
  return app;
}

describe('webRoutes over a build', () => {
  it('GET / and every app path answer index.html, not cached', async () => {
    const app = await bare(join(folder, 'dist'));
    for (const url of ['/', '/login', '/projects/3', '/projects/3/images/4?user=2', '/batches/7/']) {
      const response = await app.inject({ method: 'GET', url });
      expect([url, response.statusCode, response.body]).toEqual([url, 200, '<!doctype html><p>the app</p>']);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['cache-control']).toBe('no-cache');
    }
  });

  it('files of the build are served as they are; hashed assets are cached for good', async () => {
    const app = await bare(join(folder, 'dist'));
    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect([asset.statusCode, asset.body]).toEqual([200, 'console.log(1);']);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const robots = await app.inject({ method: 'GET', url: '/robots.txt' });
    expect([robots.statusCode, robots.body]).toEqual([200, 'User-agent: *']);
  });

  it('a path that climbs out of the build never reaches a file outside it', async () => {
    const app = await bare(join(folder, 'dist'));
    for (const url of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.body).not.toContain('outside the build');
    }
  });

  it('/api paths are never the app: they fall through to the 404 handler', async () => {
    const app = await bare(join(folder, 'dist'));
    for (const url of ['/api', '/api/nothing-here', '/api/projects/1/nothing']) {
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(404);
    }
  });
});

describe('webRoutes without a build', () => {
  it('GET / says to run npm run build, for any app path', async () => {
    const app = await bare(join(folder, 'no-build-here'));
    for (const url of ['/', '/projects/1']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body).toContain('<code>npm run build</code>');
    }
  });
});

describe('the server with the web routes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await testServer();
  });
  afterAll(async () => server.close());

  it('GET / answers a page (the app, or the build notice) without logging in', async () => {
    const response = await server.call(undefined, 'GET', '/');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
  });

  it("an unknown /api path is still the API's JSON 404, logged in or not", async () => {
    for (const token of [undefined, (await server.user('web@example.com')).token]) {
      const response = await server.call(token, 'GET', '/api/no-such-route');
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no route GET /api/no-such-route' } });
    }
    expect((await server.call(undefined, 'GET', '/api/projects')).statusCode).toBe(401);
  });

  it('the OpenAPI document lists no web route', async () => {
    const paths = Object.keys((await server.call(undefined, 'GET', '/api/openapi.json')).json().paths);
    expect(paths.length).toBeGreaterThan(10);
    expect(paths.every((path) => path.startsWith('/api/'))).toBe(true);
  });
});
