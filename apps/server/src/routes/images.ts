import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { badRequest } from '../errors.js';
import { getImage, imageFile, listImages, type UploadedFile, uploadImages } from '../services/images.js';
import { ErrorBody, Id } from './schemas.js';
import { sendBlob } from './send-blob.js';

const Image = Type.Object({
  id: Type.Integer(),
  fileName: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
  gold: Type.Optional(Type.Boolean()),
});

export const imageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/projects/:projectId/images',
    {
      schema: {
        tags: ['images'],
        summary: 'Upload images: one or more `file` fields (PNG or JPEG) or one zip of them; all or nothing',
        consumes: ['multipart/form-data'],
        params: Type.Object({ projectId: Id }),
        response: { 201: Type.Object({ images: Type.Array(Image) }), 413: ErrorBody, 422: ErrorBody },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw badRequest('upload images as multipart/form-data `file` fields');
      const files: UploadedFile[] = [];
      for await (const part of request.parts()) {
        if (part.type !== 'file') continue;
        if (part.fieldname !== 'file') throw badRequest(`unexpected file field ${JSON.stringify(part.fieldname)}`);
        // toBuffer() throws the plugin's 413 when the file passes the size limit.
        files.push({ name: part.filename, bytes: await part.toBuffer() });
      }
      const images = await uploadImages(app.ctx, app.actor(request), request.params.projectId, files);
      return reply.code(201).send({ images });
    },
  );

  app.get(
    '/api/projects/:projectId/images',
    {
      schema: {
        tags: ['images'],
        summary: "The project's images (gold flags for managers and admins only)",
        params: Type.Object({ projectId: Id }),
        response: { 200: Type.Object({ images: Type.Array(Image) }), 404: ErrorBody },
      },
    },
    async (request) => ({ images: await listImages(app.ctx, app.actor(request), request.params.projectId) }),
  );

  app.get(
    '/api/images/:imageId',
    {
      schema: {
        tags: ['images'],
        summary: 'One image: its project, name and size (gold flag for managers and admins)',
        params: Type.Object({ imageId: Id }),
        response: { 200: Type.Intersect([Image, Type.Object({ projectId: Type.Integer() })]), 404: ErrorBody },
      },
    },
    async (request) => getImage(app.ctx, app.actor(request), request.params.imageId),
  );

  for (const [suffix, which] of [
    ['file', 'original'],
    ['thumbnail', 'thumbnail'],
  ] as const) {
    app.get(
      `/api/images/:imageId/${suffix}`,
      {
        schema: {
          tags: ['images'],
          summary:
            (which === 'original' ? 'The original bytes of an image' : 'A 256-pixel WebP thumbnail') +
            ' (on S3 storage: a 302 to a presigned URL of the bucket)',
          params: Type.Object({ imageId: Id }),
        },
      },
      async (request, reply) => {
        const file = await imageFile(app.ctx, app.actor(request), request.params.imageId, which);
        return sendBlob(reply, file.delivery, {
          'content-type': file.mediaType,
          'cache-control': 'private, max-age=3600',
        });
      },
    );
  }
};
