import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { deliveryLoss, downloadJob, getJob, requestExport } from '../services/exports.js';
import { DELIVERY_FORMATS } from '../services/projects.js';
import { ErrorBody, Id } from './schemas.js';
import { sendBlob } from './send-blob.js';

export const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/projects/:projectId/exports',
    {
      schema: {
        tags: ['exports'],
        summary: 'Export a batch or the project as a zip (a job; manager)',
        params: Type.Object({ projectId: Id }),
        body: Type.Object({
          format: Type.Optional(Type.Union(DELIVERY_FORMATS.map((name) => Type.Literal(name)))),
          batchId: Type.Optional(Id),
          source: Type.Optional(Type.Union([Type.Literal('annotations'), Type.Literal('gold')])),
        }),
        response: { 202: Type.Object({ jobId: Type.Integer() }), 403: ErrorBody, 422: ErrorBody },
      },
    },
    async (request, reply) =>
      reply.code(202).send(await requestExport(app.ctx, app.actor(request), request.params.projectId, request.body)),
  );

  app.get(
    '/api/projects/:projectId/delivery-loss',
    {
      schema: {
        tags: ['exports'],
        summary:
          "What the delivery format (or ?format=) loses on the project's newest documents: its capabilities and the measured loss report",
        params: Type.Object({ projectId: Id }),
        querystring: Type.Object({
          format: Type.Optional(Type.Union(DELIVERY_FORMATS.map((name) => Type.Literal(name)))),
        }),
      },
    },
    async (request) => deliveryLoss(app.ctx, app.actor(request), request.params.projectId, request.query.format),
  );

  app.get(
    '/api/jobs/:jobId',
    {
      schema: {
        tags: ['exports'],
        summary: "A job's state and progress; a finished export has result.downloadUrl",
        params: Type.Object({ jobId: Id }),
        response: {
          200: Type.Object({
            id: Type.Integer(),
            kind: Type.String(),
            state: Type.Union([
              Type.Literal('queued'),
              Type.Literal('running'),
              Type.Literal('done'),
              Type.Literal('failed'),
            ]),
            progress: Type.Number(),
            createdAt: Type.String(),
            error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
            result: Type.Optional(
              Type.Object({ downloadUrl: Type.Optional(Type.String()) }, { additionalProperties: true }),
            ),
          }),
          404: ErrorBody,
        },
      },
    },
    async (request) => getJob(app.ctx, app.actor(request), request.params.jobId),
  );

  app.get(
    '/api/jobs/:jobId/download',
    {
      schema: {
        tags: ['exports'],
        summary: "A finished export's zip (on S3 storage: a 302 to a presigned URL of the bucket)",
        params: Type.Object({ jobId: Id }),
      },
    },
    async (request, reply) => {
      const file = await downloadJob(app.ctx, app.actor(request), request.params.jobId);
      return sendBlob(reply, file.delivery, {
        'content-type': 'application/zip',
        'content-disposition': `attachment; filename="${file.name}"`,
      });
    },
  );
};
