import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { forbidden, notFound } from '../errors.js';
import { isKey } from '../storage/blob-store.js';

/**
 * `GET /blobs/KEY?expires=T&signature=S`: a local-disk blob through a URL from the store's
 * `signedUrl`. Like an S3 presigned URL, the signature is the credential, so the route needs no
 * session; it lives outside `/api`, where api.md has every route but login, health and the OpenAPI document need one. On S3 storage signed URLs point at the bucket and this route answers 404.
 */
export const blobRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/blobs/*',
    {
      config: { public: true },
      schema: {
        // A link, not part of the API: the OpenAPI document lists /api routes only (docs/server.md has it).
        hide: true,
        tags: ['server'],
        summary: 'A blob through a signed URL (local storage; the signature is the credential)',
        params: Type.Object({ '*': Type.String() }),
        querystring: Type.Object({ expires: Type.Integer(), signature: Type.String({ maxLength: 128 }) }),
      },
    },
    async (request, reply) => {
      const key = request.params['*'];
      const { blobs } = app.ctx;
      if (blobs.readSigned === undefined || !isKey(key)) throw notFound(`blob ${JSON.stringify(key)}`);
      const read = await blobs.readSigned(key, request.query.expires, request.query.signature);
      if (read === 'refused') throw forbidden('this link is not valid or has expired');
      if (read === 'missing') throw notFound(`blob ${JSON.stringify(key)}`);
      reply.header('content-type', 'application/octet-stream');
      reply.header('x-content-type-options', 'nosniff');
      // Cached no longer than the link lives.
      const left = Math.min(3600, request.query.expires - Math.floor(Date.now() / 1000));
      reply.header('cache-control', `private, max-age=${Math.max(0, left)}`);
      return reply.send(Buffer.from(read.bytes.buffer, read.bytes.byteOffset, read.bytes.byteLength));
    },
  );
};
