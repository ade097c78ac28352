import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { listVersions, readAnnotation, readGoldDocument, saveAnnotation, saveGold } from '../services/annotations.js';
import { ErrorBody, Id, Segments } from './schemas.js';

const Document = Type.Object({
  version: Type.Integer(),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
  userId: Type.Integer(),
  segments: Segments,
});

export const annotationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/images/:imageId/annotation',
    {
      schema: {
        tags: ['annotations'],
        summary: "The caller's document (or ?user=ID for managers and reviewers), newest or ?version=N",
        params: Type.Object({ imageId: Id }),
        querystring: Type.Object({ user: Type.Optional(Id), version: Type.Optional(Type.Integer({ minimum: 0 })) }),
        response: { 200: Document, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) =>
      readAnnotation(app.ctx, app.actor(request), request.params.imageId, {
        userId: request.query.user,
        version: request.query.version,
      }),
  );

  app.put(
    '/api/images/:imageId/annotation',
    {
      schema: {
        tags: ['annotations'],
        summary: 'Save a new version; 409 with currentVersion when baseVersion is stale (nothing written)',
        params: Type.Object({ imageId: Id }),
        body: Type.Object({ baseVersion: Type.Integer({ minimum: 0 }), segments: Segments }),
        response: {
          200: Type.Object({ version: Type.Integer() }),
          409: Type.Object({
            error: Type.Object({ code: Type.String(), message: Type.String() }),
            currentVersion: Type.Integer(),
          }),
          422: ErrorBody,
        },
      },
    },
    async (request) =>
      saveAnnotation(
        app.ctx,
        app.actor(request),
        request.params.imageId,
        request.body.baseVersion,
        request.body.segments,
      ),
  );

  app.get(
    '/api/images/:imageId/annotation/versions',
    {
      schema: {
        tags: ['annotations'],
        summary: "The versions of the caller's document (or ?user=ID)",
        params: Type.Object({ imageId: Id }),
        querystring: Type.Object({ user: Type.Optional(Id) }),
        response: {
          200: Type.Object({
            versions: Type.Array(
              Type.Object({ version: Type.Integer(), updatedAt: Type.String(), userId: Type.Integer() }),
            ),
          }),
        },
      },
    },
    async (request) => ({
      versions: await listVersions(app.ctx, app.actor(request), request.params.imageId, request.query.user),
    }),
  );

  app.get(
    '/api/images/:imageId/gold',
    {
      schema: {
        tags: ['gold'],
        summary: "An image's gold reference (never to annotators)",
        params: Type.Object({ imageId: Id }),
        response: {
          200: Type.Object({ segments: Segments, updatedAt: Type.String(), updatedBy: Type.Integer() }),
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (request) => readGoldDocument(app.ctx, app.actor(request), request.params.imageId),
  );

  app.put(
    '/api/images/:imageId/gold',
    {
      schema: {
        tags: ['gold'],
        summary: 'Put the image into the gold set with this reference (manager)',
        params: Type.Object({ imageId: Id }),
        body: Type.Object({ segments: Segments }),
        response: {
          200: Type.Object({ imageId: Type.Integer(), gold: Type.Boolean() }),
          403: ErrorBody,
          422: ErrorBody,
        },
      },
    },
    async (request) => saveGold(app.ctx, app.actor(request), request.params.imageId, request.body.segments),
  );
};
