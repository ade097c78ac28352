import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestServer, testServer, upload } from './helpers.js';

let server: TestServer;
beforeEach(async () => {
  server = await testServer({ maxUploadBytes: 1000 });
});
afterEach(async () => server.close());

describe('the OpenAPI document and hostile bodies', () => {
  it('GET /api/openapi.json documents every route api.md pins', async () => {
    const doc = (await server.call(undefined, 'GET', '/api/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    const documented = new Set<string>();
    for (const [path, methods] of Object.entries(doc.paths as Record<string, object>)) {
      for (const method of Object.keys(methods)) documented.add(`${method.toUpperCase()} ${path}`);
    }
    for (const required of [
      'POST /api/auth/login',
      'POST /api/users',
      'POST /api/projects',
      'GET /api/projects',
      'PUT /api/projects/{projectId}/members/{userId}',
      'POST /api/projects/{projectId}/images',
      'GET /api/projects/{projectId}/images',
      'GET /api/images/{imageId}/file',
      'GET /api/images/{imageId}/annotation',
      'PUT /api/images/{imageId}/annotation',
      'GET /api/images/{imageId}/annotation/versions',
      'GET /api/images/{imageId}/gold',
      'PUT /api/images/{imageId}/gold',
      'POST /api/projects/{projectId}/batches',
      'POST /api/batches/{batchId}/submit',
      'GET /api/batches/{batchId}/qa',
      'GET /api/projects/{projectId}/qa',
      'POST /api/projects/{projectId}/exports',
      'GET /api/jobs/{jobId}',
      'GET /api/health',
    ]) {
      expect(documented.has(required), required).toBe(true);
    }
  });

  it('documents the direct-upload routes beyond api.md, and leaves the signed /blobs links out', async () => {
    const doc = (await server.call(undefined, 'GET', '/api/openapi.json')).json();
    const paths = doc.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths['/api/projects/{projectId}/uploads'] ?? {})).toEqual(['post']);
    expect(Object.keys(paths['/api/projects/{projectId}/uploads/register'] ?? {})).toEqual(['post']);
    expect(Object.keys(paths).filter((path) => path.startsWith('/blobs'))).toEqual([]);
  });

  it('documents the review comment routes beyond api.md, each with its params, body and answers', async () => {
    const doc = (await server.call(undefined, 'GET', '/api/openapi.json')).json();
    const paths = doc.paths as Record<string, Record<string, { parameters?: unknown[]; responses?: object }>>;
    expect(Object.keys(paths['/api/images/{imageId}/comments'] ?? {})).toEqual(['post', 'get']);
    const one = paths['/api/comments/{commentId}'] ?? {};
    expect(Object.keys(one)).toEqual(['patch', 'delete']);
    expect(Object.keys(one.patch?.responses ?? {})).toEqual(['200', '403', '404']);
    expect(Object.keys(one.delete?.responses ?? {})).toEqual(['204', '403', '404', '409']);
    expect(one.patch).toHaveProperty('requestBody');
    expect(one.delete?.parameters).toMatchObject([{ in: 'path', name: 'commentId', required: true }]);
  });

  it('an upload over the body limit is 413 and the server answers the next request', async () => {
    const manager = await server.user('m@example.com');
    await server.call(manager.token, 'POST', '/api/projects', {
      name: 'p',
      type: 'semantic',
      classes: [{ id: 1, name: 'a', color: '#ff0000', isthing: false }],
    });
    const big = await upload(server, manager.token, 1, [{ name: 'big.png', bytes: new Uint8Array(5000) }]);
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('TOO_LARGE');
    expect((await server.call(manager.token, 'GET', '/api/projects/1/images')).json().images).toEqual([]);
    expect((await server.call(undefined, 'GET', '/api/health')).statusCode).toBe(200);
  });
});
