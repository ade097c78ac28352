import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createUpload, registerUpload } from '../services/direct-uploads.js';
import { ErrorBody, Id } from './schemas.js';

const Image = Type.Object({
  id: Type.Integer(),
  fileName: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
  gold: Type.Optional(Type.Boolean()),
});

/**
 * Uploads straight from the browser to the blob store, in two steps beside api.md's multipart upload
 * (docs/server.md, "Uploads straight to storage"): a signed PUT URL, then a registration that checks
 * the stored bytes and makes them an image.
 */
export const uploadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/projects/:projectId/uploads',
    {
      schema: {
        tags: ['images'],
        summary: 'A signed URL to PUT one image to, straight to the blob store (manager); register it after',
        params: Type.Object({ projectId: Id }),
        body: Type.Object({
          fileName: Type.String({ minLength: 1, maxLength: 1024 }),
          bytes: Type.Integer({ minimum: 1 }),
          contentType: Type.Union([Type.Literal('image/png'), Type.Literal('image/jpeg')]),
        }),
        response: {
          201: Type.Object({
            key: Type.String(),
            url: Type.String(),
            method: Type.Literal('PUT'),
            headers: Type.Object({ 'content-type': Type.String() }),
            expiresAt: Type.String(),
          }),
          413: ErrorBody,
          422: ErrorBody,
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createUpload(app.ctx, app.actor(request), request.params.projectId, request.body)),
  );

  app.post(
    '/api/projects/:projectId/uploads/register',
    {
      schema: {
        tags: ['images'],
        summary: 'Check an uploaded object and add it as an image (manager); the upload is spent either way',
        params: Type.Object({ projectId: Id }),
        body: Type.Object({
          key: Type.String({ maxLength: 256 }),
          fileName: Type.String({ minLength: 1, maxLength: 1024 }),
        }),
        response: { 201: Type.Object({ images: Type.Array(Image) }), 404: ErrorBody, 413: ErrorBody, 422: ErrorBody },
      },
    },
    async (request, reply) => {
      const images = await registerUpload(app.ctx, app.actor(request), request.params.projectId, request.body);
      return reply.code(201).send({ images });
    },
  );
};
