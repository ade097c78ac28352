import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { addImageReview, listImageReviews } from '../services/image-reviews.js';
import { ErrorBody, Id } from './schemas.js';

const Status = Type.Union([Type.Literal('accepted'), Type.Literal('rejected')]);

const ImageReview = Type.Object({
  id: Type.Integer(),
  imageId: Type.Integer(),
  userId: Type.Integer(),
  reviewerId: Type.Integer(),
  version: Type.Integer(),
  status: Status,
  commentId: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.String(),
});

export const imageReviewRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/images/:imageId/reviews',
    {
      schema: {
        tags: ['annotations'],
        summary:
          "A reviewer accepts or rejects a user's document of the image at its current version (a rejection names its pinned comment)",
        params: Type.Object({ imageId: Id }),
        body: Type.Object({ userId: Id, status: Status, commentId: Type.Optional(Id) }),
        response: { 201: ImageReview, 403: ErrorBody, 422: ErrorBody },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addImageReview(app.ctx, app.actor(request), request.params.imageId, request.body)),
  );

  app.get(
    '/api/images/:imageId/reviews',
    {
      schema: {
        tags: ['annotations'],
        summary:
          "The image's review decisions, oldest first (?user=ID: about that user's document; annotators: their own)",
        params: Type.Object({ imageId: Id }),
        querystring: Type.Object({ user: Type.Optional(Id) }),
        response: { 200: Type.Object({ reviews: Type.Array(ImageReview) }) },
      },
    },
    async (request) => ({
      reviews: await listImageReviews(app.ctx, app.actor(request), request.params.imageId, request.query.user),
    }),
  );
};
