import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        tags: ['server'],
        summary: 'Liveness and database reachability',
        response: {
          200: Type.Object({ status: Type.Literal('ok'), database: Type.String(), version: Type.String() }),
          503: Type.Object({ status: Type.Literal('unavailable'), database: Type.String(), version: Type.String() }),
        },
      },
    },
    async (_request, reply) => {
      const { engine } = app.ctx.db;
      const version = app.ctx.config.version;
      try {
        await app.ctx.db.ping();
        return { status: 'ok' as const, database: engine, version };
      } catch {
        return reply.code(503).send({ status: 'unavailable' as const, database: engine, version });
      }
    },
  );

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
};
