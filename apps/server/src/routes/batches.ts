import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createBatch, getBatch, listBatches, reviewBatch, submitBatch } from '../services/batches.js';
import { ErrorBody, Id } from './schemas.js';

const Status = Type.Union([
  Type.Literal('todo'),
  Type.Literal('in_progress'),
  Type.Literal('submitted'),
  Type.Literal('in_review'),
  Type.Literal('accepted'),
  Type.Literal('rejected'),
]);

const Batch = Type.Object({
  id: Type.Integer(),
  projectId: Type.Integer(),
  name: Type.String(),
  deadline: Type.String(),
  status: Status,
  createdAt: Type.String(),
  imageIds: Type.Array(Type.Integer()),
  assignments: Type.Array(Type.Object({ imageId: Type.Integer(), userId: Type.Integer() })),
  assignees: Type.Array(
    Type.Object({
      userId: Type.Integer(),
      status: Status,
      submittedAt: Type.Union([Type.String(), Type.Null()]),
      saved: Type.Integer(),
      assigned: Type.Integer(),
      /** Their images by the newest decision at the current version of their document (none: undecided). */
      decisions: Type.Object({ accepted: Type.Integer(), rejected: Type.Integer(), undecided: Type.Integer() }),
    }),
  ),
  honeypots: Type.Optional(Type.Array(Type.Integer())),
});

export const batchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/projects/:projectId/batches',
    {
      schema: {
        tags: ['batches'],
        summary: 'Create a batch: round-robin assignments, honeypots mixed in, a deadline (manager)',
        params: Type.Object({ projectId: Id }),
        body: Type.Object({
          name: Type.String({ minLength: 1, maxLength: 200 }),
          imageIds: Type.Array(Id, { maxItems: 100_000 }),
          assignees: Type.Array(Id, { maxItems: 1000 }),
          deadline: Type.Optional(Type.String({ maxLength: 64 })),
          honeypotShare: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
        }),
        response: { 201: Batch, 403: ErrorBody, 422: ErrorBody },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createBatch(app.ctx, app.actor(request), request.params.projectId, request.body)),
  );

  app.get(
    '/api/projects/:projectId/batches',
    {
      schema: {
        tags: ['batches'],
        summary: "The project's batches (annotators: only theirs, only their assignments)",
        params: Type.Object({ projectId: Id }),
        response: { 200: Type.Object({ batches: Type.Array(Batch) }) },
      },
    },
    async (request) => ({ batches: await listBatches(app.ctx, app.actor(request), request.params.projectId) }),
  );

  app.get(
    '/api/batches/:batchId',
    {
      schema: {
        tags: ['batches'],
        summary: 'One batch with per-assignee status and progress',
        params: Type.Object({ batchId: Id }),
        response: { 200: Batch, 404: ErrorBody },
      },
    },
    async (request) => getBatch(app.ctx, app.actor(request), request.params.batchId),
  );

  app.post(
    '/api/batches/:batchId/submit',
    {
      schema: {
        tags: ['batches'],
        summary: 'An assignee hands in their part of the batch',
        params: Type.Object({ batchId: Id }),
        response: { 200: Batch, 403: ErrorBody },
      },
    },
    async (request) => submitBatch(app.ctx, app.actor(request), request.params.batchId),
  );

  app.post(
    '/api/batches/:batchId/review',
    {
      schema: {
        tags: ['batches'],
        summary: "A reviewer or manager sets an assignee's part to in_review, accepted or rejected",
        params: Type.Object({ batchId: Id }),
        body: Type.Object({
          userId: Id,
          status: Type.Union([Type.Literal('in_review'), Type.Literal('accepted'), Type.Literal('rejected')]),
        }),
        response: { 200: Batch, 403: ErrorBody },
      },
    },
    async (request) =>
      reviewBatch(app.ctx, app.actor(request), request.params.batchId, request.body.userId, request.body.status),
  );
};
