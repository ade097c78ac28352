import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createProject, DELIVERY_FORMATS, getProject, listProjects, putMember } from '../services/projects.js';
import { ErrorBody, Id, ProjectClass, ProjectRole } from './schemas.js';

const Project = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  type: Type.String(),
  classes: Type.Array(ProjectClass),
  ignoreIndex: Type.Integer(),
  deliveryFormat: Type.String(),
  createdAt: Type.String(),
  role: Type.Union([ProjectRole, Type.Null()]),
  members: Type.Optional(
    Type.Array(Type.Object({ id: Type.Integer(), email: Type.String(), name: Type.String(), role: ProjectRole })),
  ),
});

export const projectRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/projects',
    {
      schema: {
        tags: ['projects'],
        summary: 'Create a project; a member who creates one becomes its manager',
        body: Type.Object({
          name: Type.String({ minLength: 1, maxLength: 200 }),
          type: Type.Union([Type.Literal('semantic'), Type.Literal('instance'), Type.Literal('panoptic')]),
          classes: Type.Array(ProjectClass, { minItems: 1, maxItems: 65536 }),
          ignoreIndex: Type.Optional(Type.Integer()),
          deliveryFormat: Type.Optional(Type.Union(DELIVERY_FORMATS.map((name) => Type.Literal(name)))),
        }),
        response: { 201: Project, 422: ErrorBody },
      },
    },
    async (request, reply) => reply.code(201).send(await createProject(app.ctx, app.actor(request), request.body)),
  );

  app.get(
    '/api/projects',
    {
      schema: {
        tags: ['projects'],
        summary: 'The projects the caller belongs to (admins: all)',
        response: { 200: Type.Object({ projects: Type.Array(Project) }) },
      },
    },
    async (request) => ({ projects: await listProjects(app.ctx, app.actor(request)) }),
  );

  app.get(
    '/api/projects/:projectId',
    {
      schema: {
        tags: ['projects'],
        summary: 'One project (members listed for managers and reviewers)',
        params: Type.Object({ projectId: Id }),
        response: { 200: Project, 404: ErrorBody },
      },
    },
    async (request) => getProject(app.ctx, app.actor(request), request.params.projectId),
  );

  app.put(
    '/api/projects/:projectId/members/:userId',
    {
      schema: {
        tags: ['projects'],
        summary: "Set a user's role in the project (admin or the project's manager)",
        params: Type.Object({ projectId: Id, userId: Id }),
        body: Type.Object({ role: ProjectRole }),
        response: {
          200: Type.Object({ projectId: Type.Integer(), userId: Type.Integer(), role: ProjectRole }),
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (request) =>
      putMember(app.ctx, app.actor(request), request.params.projectId, request.params.userId, request.body.role),
  );
};
