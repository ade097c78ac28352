import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD, type TestServer, testServer } from './helpers.js';

let server: TestServer;
beforeEach(async () => {
  server = await testServer();
});
afterEach(async () => server.close());

describe('auth', () => {
  it('POST /api/auth/login returns a bearer token and the user, and sets the session and CSRF cookies', async () => {
    await server.user('ada@example.com', 'admin');
    const response = await server.call(undefined, 'POST', '/api/auth/login', {
      email: 'ADA@example.com',
      password: PASSWORD,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user).toEqual({ id: 1, email: 'ada@example.com', name: 'ada', role: 'admin' });
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookies = Object.fromEntries(response.cookies.map((cookie) => [cookie.name, cookie]));
    expect(cookies.segkit_session.httpOnly).toBe(true);
    expect(cookies.segkit_csrf.httpOnly).not.toBe(true);
    const me = await server.call(body.token, 'GET', '/api/auth/me');
    expect(me.json().user.email).toBe('ada@example.com');
  });

  it('a wrong password and an unknown email get the same 401 message', async () => {
    await server.user('ada@example.com');
    const wrong = await server.call(undefined, 'POST', '/api/auth/login', {
      email: 'ada@example.com',
      password: 'nope',
    });
    const unknown = await server.call(undefined, 'POST', '/api/auth/login', {
      email: 'bob@example.com',
      password: 'nope',
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: 'wrong email or password' } });
  });

  it('answers 429 after 10 failed logins for one email within a minute, even with the right password', async () => {
    await server.user('ada@example.com');
    for (let i = 0; i < 10; i++) {
      const response = await server.call(undefined, 'POST', '/api/auth/login', {
        email: 'ada@example.com',
        password: `wrong ${i}`,
      });
      expect(response.statusCode).toBe(401);
    }
    const blocked = await server.call(undefined, 'POST', '/api/auth/login', {
      email: 'ada@example.com',
      password: PASSWORD,
    });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('RATE_LIMITED');
  });

  it('every /api route but health and the OpenAPI document needs a login', async () => {
    expect((await server.call(undefined, 'GET', '/api/health')).statusCode).toBe(200);
    expect((await server.call(undefined, 'GET', '/api/openapi.json')).statusCode).toBe(200);
    const anonymous = await server.call(undefined, 'GET', '/api/projects');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('UNAUTHORIZED');
    expect((await server.call('not-a-token', 'GET', '/api/projects')).statusCode).toBe(401);
  });

  it('a cookie-authenticated write needs X-CSRF-Token equal to the segkit_csrf cookie; a bearer write does not', async () => {
    await server.user('ada@example.com', 'admin');
    const login = await server.call(undefined, 'POST', '/api/auth/login', {
      email: 'ada@example.com',
      password: PASSWORD,
    });
    const cookies = Object.fromEntries(login.cookies.map((cookie) => [cookie.name, cookie.value]));
    const project = { name: 'p', type: 'semantic', classes: [{ id: 1, name: 'a', color: '#ff0000', isthing: false }] };
    const post = (headers: Record<string, string>) =>
      server.app.inject({ method: 'POST', url: '/api/projects', cookies, headers, payload: project });
    const missing = await post({});
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error.code).toBe('FORBIDDEN');
    expect((await post({ 'x-csrf-token': 'forged' })).statusCode).toBe(403);
    expect((await post({ 'x-csrf-token': cookies.segkit_csrf })).statusCode).toBe(201);
    // Reads with the cookie need no CSRF header.
    const read = await server.app.inject({ method: 'GET', url: '/api/projects', cookies });
    expect(read.statusCode).toBe(200);
    const bearer = await server.call(login.json().token, 'POST', '/api/projects', project);
    expect(bearer.statusCode).toBe(201);
  });

  it('POST /api/users is for admins; a member gets 403; a taken email 409', async () => {
    const admin = await server.user('ada@example.com', 'admin');
    const member = await server.user('bob@example.com');
    const body = { email: 'cy@example.com', password: 'long enough', name: 'Cy', role: 'member' };
    expect((await server.call(member.token, 'POST', '/api/users', body)).statusCode).toBe(403);
    const created = await server.call(admin.token, 'POST', '/api/users', body);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ id: 3, email: 'cy@example.com', name: 'Cy', role: 'member' });
    expect((await server.call(admin.token, 'POST', '/api/users', body)).statusCode).toBe(409);
  });
});

describe('logout, user lookup and one image', () => {
  it('POST /api/auth/logout ends the token; GET /api/users?email= is for admins and managers, exact match only', async () => {
    const admin = await server.user('ada@example.com', 'admin');
    const member = await server.user('bob@example.com');
    expect((await server.call(member.token, 'GET', '/api/users?email=ada@example.com')).statusCode).toBe(403);
    const found = await server.call(admin.token, 'GET', '/api/users?email=BOB@example.com');
    expect(found.json().users).toEqual([{ id: member.id, email: 'bob@example.com', name: 'bob', role: 'member' }]);
    expect((await server.call(admin.token, 'GET', '/api/users?email=bob@')).json().users).toEqual([]);
    expect((await server.call(member.token, 'POST', '/api/auth/logout')).statusCode).toBe(204);
    expect((await server.call(member.token, 'GET', '/api/projects')).statusCode).toBe(401);
  });
});
