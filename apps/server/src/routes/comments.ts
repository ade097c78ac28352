import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { addComment, listComments, removeComment, resolveComment } from '../services/comments.js';
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
  resolved: Type.Boolean(),
  resolvedAt: Type.Union([Type.String(), Type.Null()]),
  resolvedBy: Type.Union([Type.Integer(), Type.Null()]),
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

  app.patch(
    '/api/comments/:commentId',
    {
      schema: {
        tags: ['annotations'],
        summary:
          'Resolves or reopens a review comment (its author, managers, reviewers, and the annotator it is about, who marks it fixed)',
        params: Type.Object({ commentId: Id }),
        body: Type.Object({ resolved: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: Comment, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => resolveComment(app.ctx, app.actor(request), request.params.commentId, request.body.resolved),
  );

  app.delete(
    '/api/comments/:commentId',
    {
      schema: {
        tags: ['annotations'],
        summary:
          'Deletes a review comment (its author or a manager); 409 while a review decision names it as its reason',
        params: Type.Object({ commentId: Id }),
        response: { 204: Type.Null(), 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      await removeComment(app.ctx, app.actor(request), request.params.commentId);
      return reply.code(204).send(null);
    },
  );
};
