import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { addComment, listComments } from '../services/comments.js';
import { ErrorBody, Id } from './schemas.js';

const Comment = Type.Object({
  id: Type.Integer(),
  imageId: Type.Integer(),
  authorId: Type.Integer(),
  userId: Type.Union([Type.Integer(), Type.Null()]),
  x: Type.Number(),
  y: Type.Number(),
  text: Type.String(),
  createdAt: Type.String(),
});

export const commentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/images/:imageId/comments',
    {
      schema: {
        tags: ['annotations'],
        summary: "A review comment placed on the image (x, y in image pixels), about a user's document",
        params: Type.Object({ imageId: Id }),
        body: Type.Object({
          x: Type.Number(),
          y: Type.Number(),
          text: Type.String({ maxLength: 4000 }),
          userId: Type.Optional(Id),
        }),
        response: { 201: Comment, 422: ErrorBody },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addComment(app.ctx, app.actor(request), request.params.imageId, request.body)),
  );

  app.get(
    '/api/images/:imageId/comments',
    {
      schema: {
        tags: ['annotations'],
        summary: "The image's review comments (annotators: those about their own document)",
        params: Type.Object({ imageId: Id }),
        response: { 200: Type.Object({ comments: Type.Array(Comment) }) },
      },
    },
    async (request) => ({ comments: await listComments(app.ctx, app.actor(request), request.params.imageId) }),
  );
};
