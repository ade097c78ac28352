import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { batchQa, projectQa, qaHistory } from '../services/qa.js';
import { ErrorBody, Id } from './schemas.js';

const Report = Type.Record(Type.String(), Type.Unknown(), {
  description: 'Exactly the JSON `segkit eval semantic|instance|panoptic --format json` prints',
});
const PerAnnotator = Type.Array(Type.Object({ userId: Type.Integer(), images: Type.Integer(), report: Report }));

export const qaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/batches/:batchId/qa',
    {
      schema: {
        tags: ['qa'],
        summary: "QA of the batch's honeypots per assignee and for the batch (manager, reviewer)",
        params: Type.Object({ batchId: Id }),
        response: {
          200: Type.Object({ batchId: Type.Integer(), perAnnotator: PerAnnotator, batch: Report }),
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (request) => batchQa(app.ctx, app.actor(request), request.params.batchId),
  );

  app.get(
    '/api/projects/:projectId/qa',
    {
      schema: {
        tags: ['qa'],
        summary: 'QA per annotator over every gold image they saved a document for (manager, reviewer)',
        params: Type.Object({ projectId: Id }),
        response: {
          200: Type.Object({ projectId: Type.Integer(), perAnnotator: PerAnnotator, project: Report }),
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (request) => projectQa(app.ctx, app.actor(request), request.params.projectId),
  );

  app.get(
    '/api/projects/:projectId/qa/history',
    {
      schema: {
        tags: ['qa'],
        summary: "Trends: each batch's QA as of its last submit, in batch order (manager, reviewer)",
        params: Type.Object({ projectId: Id }),
        response: {
          200: Type.Object({
            batches: Type.Array(
              Type.Object({
                batchId: Type.Integer(),
                name: Type.String(),
                createdAt: Type.String(),
                batch: Report,
                perAnnotator: PerAnnotator,
              }),
            ),
          }),
          403: ErrorBody,
        },
      },
    },
    async (request) => ({ batches: await qaHistory(app.ctx, app.actor(request), request.params.projectId) }),
  );
};
