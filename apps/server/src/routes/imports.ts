import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { badRequest } from '../errors.js';
import type { UploadedFile } from '../services/images.js';
import { importPrelabels } from '../services/imports.js';
import { ErrorBody, Id } from './schemas.js';

export const importRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/projects/:projectId/imports',
    {
      schema: {
        tags: ['images'],
        summary:
          'Import pre-labels in any format segkit reads (a file, or a zip of a dataset folder; optional `format` field), matched to images by file name (manager)',
        consumes: ['multipart/form-data'],
        params: Type.Object({ projectId: Id }),
        response: {
          200: Type.Object({
            format: Type.String(),
            matched: Type.Integer(),
            segments: Type.Integer(),
            unmatched: Type.Array(Type.String()),
            skipped: Type.Array(Type.String()),
            skippedCount: Type.Integer(),
            warnings: Type.Array(Type.String()),
          }),
          403: ErrorBody,
          422: ErrorBody,
        },
      },
    },
    async (request) => {
      if (!request.isMultipart()) throw badRequest('send the pre-labels as multipart/form-data `file` fields');
      const files: UploadedFile[] = [];
      let format: string | undefined;
      for await (const part of request.parts()) {
        if (part.type === 'field') {
          if (part.fieldname === 'format') format = String(part.value);
          continue;
        }
        files.push({ name: part.filename, bytes: await part.toBuffer() });
      }
      return importPrelabels(app.ctx, app.actor(request), request.params.projectId, files, format);
    },
  );
};
