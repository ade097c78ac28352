/**
 * JSON bodies nested past MAX_JSON_DEPTH are refused before parsing (a 500 from a stack overflow
 * before), on any route, with the offset of the bracket that went too deep.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../src/app.js';
import { jsonTooDeep } from '../src/json-depth.js';
import { type TestServer, testServer } from './helpers.js';

describe('jsonTooDeep', () => {
  it('returns the offset of the first bracket past the limit, counting [ and { alike', () => {
    expect(jsonTooDeep('{"a": [[1]]}', 2)).toBe(7);
    expect(jsonTooDeep('{"a": [[1]]}', 3)).toBeUndefined();
    expect(jsonTooDeep('[{"b": {}}]', 2)).toBe(7);
    expect(jsonTooDeep('[[],[],[]]', 2)).toBeUndefined();
  });

  it('does not count brackets inside strings, escaped quotes and backslashes included', () => {
    expect(jsonTooDeep('[1, "[[["]', 1)).toBeUndefined();
    // The text ["\"[[", "\\", []]: the [ after the two strings, at offset 15, is the second level.
    expect(jsonTooDeep('["\\"[[", "\\\\", []]', 1)).toBe(15);
    expect(jsonTooDeep('{"k\\"{{": 1}', 1)).toBeUndefined();
  });
});

describe('a deeply nested JSON body', () => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await testServer();
    token = (await server.user('deep@example.com', 'admin')).token;
  });
  afterAll(() => server.close());

  const send = (url: string, method: 'PUT' | 'POST', payload: string) =>
    server.app.inject({
      method,
      url,
      payload,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });

  it('of 200,000 levels is a 400 naming the limit and offset, on an image route and a project route', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const save = await send('/api/images/1/annotation', 'PUT', `{"baseVersion":0,"segments":${deep}}`);
    expect(save.statusCode).toBe(400);
    expect(save.json().error.message).toBe(
      `the body nests deeper than ${MAX_JSON_DEPTH} levels (at offset ${28 + MAX_JSON_DEPTH - 1})`,
    );
    const project = await send('/api/projects', 'POST', `{"name":"p","type":"semantic","classes":${deep}}`);
    expect(project.statusCode).toBe(400);
    // The server goes on answering.
    expect((await server.call(token, 'GET', '/api/projects')).statusCode).toBe(200);
  });

  it('at the limit is parsed as usual (here refused by the route schema, not by the depth check)', async () => {
    const nested = `${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}`;
    const response = await send('/api/projects', 'POST', `{"name":"p","type":"semantic","classes":${nested}}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).not.toContain('nests deeper');
  });

  it("with __proto__ is still refused by fastify's own parser", async () => {
    const response = await send('/api/projects', 'POST', '{"name":"p","__proto__":{"x":1}}');
    expect(response.statusCode).toBe(400);
  });
});
