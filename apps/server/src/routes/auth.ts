import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { login, logout } from '../services/auth.js';
import { createUser, findUsers } from '../services/users.js';
import { ErrorBody, User } from './schemas.js';

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['users'],
        summary: 'Log in: sets the session cookie (browser) and returns a bearer token (scripts)',
        body: Type.Object({
          email: Type.String({ maxLength: 320 }),
          password: Type.String({ maxLength: 1024 }),
        }),
        response: { 200: Type.Object({ token: Type.String(), user: User }), 401: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const result = await login(app.ctx, request.body.email, request.body.password, request.ip);
      const secure = app.ctx.config.secureCookies;
      const maxAge = app.ctx.config.sessionSeconds;
      reply.setCookie('segkit_session', result.session, { httpOnly: true, sameSite: 'lax', path: '/', secure, maxAge });
      // Readable by the page's script, which echoes it in X-CSRF-Token (double submit, bound to the session).
      reply.setCookie('segkit_csrf', result.csrf, { httpOnly: false, sameSite: 'lax', path: '/', secure, maxAge });
      return { token: result.token, user: result.user };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: {
        tags: ['users'],
        summary: 'End this session or token (the cookies are cleared)',
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const header = request.headers.authorization;
      const token = header?.startsWith('Bearer ')
        ? header.slice('Bearer '.length).trim()
        : request.cookies.segkit_session;
      if (token !== undefined) await logout(app.ctx, token);
      reply.clearCookie('segkit_session', { path: '/' });
      reply.clearCookie('segkit_csrf', { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Find users by exact email (admins, and managers of some project, to add members)',
        querystring: Type.Object({ email: Type.String({ maxLength: 320 }) }),
        response: { 200: Type.Object({ users: Type.Array(User) }), 403: ErrorBody },
      },
    },
    async (request) => ({ users: await findUsers(app.ctx, app.actor(request), request.query.email) }),
  );

  app.get(
    '/api/auth/me',
    { schema: { tags: ['users'], summary: 'The logged-in user', response: { 200: Type.Object({ user: User }) } } },
    async (request) => ({ user: app.actor(request) }),
  );

  app.post(
    '/api/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create a user (admin)',
        body: Type.Object({
          email: Type.String({ maxLength: 320 }),
          password: Type.String({ maxLength: 1024 }),
          name: Type.String({ maxLength: 200 }),
          role: Type.Union([Type.Literal('admin'), Type.Literal('member')]),
        }),
        response: { 201: User, 403: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const user = await createUser(app.ctx, app.actor(request), request.body);
      return reply.code(201).send(user);
    },
  );
};
