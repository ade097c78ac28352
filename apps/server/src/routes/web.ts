import { stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

export interface WebOptions {
  /** The built web app (default: apps/web/dist beside this app, the same from src/ and dist/). */
  root?: string;
}

const DEFAULT_ROOT = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>segkit</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40em; margin: 4em auto">
<h1>segkit</h1>
<p>The server is running, but the web app is not built. Run <code>npm run build</code> at the repository
root (it builds <code>apps/web</code> into <code>apps/web/dist</code>), then reload this page.</p>
<p>The API answers under <a href="/api/openapi.json">/api</a>.</p>
</body></html>
`;

/**
 * The web app at `/`: files of the built app as they are, and index.html for every other GET that is
 * not under /api (the app's own paths, like /projects/3, are pages of a single-page app). Unknown /api
 * paths keep the API's JSON 404. The build is looked up on each request, so building after the
 * server started is enough.
 */
export const webRoutes: FastifyPluginAsync<WebOptions> = async (app, options) => {
  const root = resolve(options.root ?? DEFAULT_ROOT);
  await app.register(fastifyStatic, { root, serve: false, suppressWarning: true });

  const indexHtml = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });

  app.get(
    '/*',
    // Public: the pages carry no data (their script calls the API, which checks the session).
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => {
      const path = request.url.split('?')[0];
      if (path === '/api' || path.startsWith('/api/')) return reply.callNotFound();
      if (!(await isFile(resolve(root, 'index.html')))) return reply.type('text/html; charset=utf-8').send(NOT_BUILT);
      const file = await fileUnder(root, path);
      if (file === undefined) return indexHtml(reply);
      // Vite names assets by their content hash: they never change under one name.
      if (file.startsWith(`assets${sep}`)) return reply.sendFile(file, { maxAge: '365d', immutable: true });
      return file === 'index.html' ? indexHtml(reply) : reply.sendFile(file);
    },
  );
};

/** The path of the file a URL path names inside `root`, relative to it; undefined when there is none. */
async function fileUnder(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const full = resolve(root, `.${decoded}`);
  const inside = relative(root, full);
  if (inside === '' || inside.startsWith('..') || inside.startsWith(sep)) return undefined;
  return (await isFile(full)) ? inside : undefined;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
