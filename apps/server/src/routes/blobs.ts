import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ApiError, badRequest, forbidden, notFound } from '../errors.js';
import { isKey } from '../storage/blob-store.js';

/**
 * `GET /blobs/KEY?expires=T&signature=S`: a local-disk blob through a URL from the store's
 * `signedUrl`; `PUT /blobs/KEY?expires=T&length=N&type=M&signature=S`: a browser's upload to a URL
 * from `signedUploadUrl` (the local stand-in for a presigned S3 PUT). Like an S3 presigned URL, the signature is the credential, so the route needs no
 * session; it lives outside `/api`, where api.md has every route but login, health and the OpenAPI document need one. On S3 storage signed URLs point at the bucket and this route answers 404.
 */
export const blobRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // A signed PUT's body is the blob's bytes, whatever its type: read as a stream by the store, never
  // parsed or buffered (this plugin's routes only; the rest of the server keeps its parsers).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

  app.put(
    '/blobs/*',
    {
      config: { public: true },
      schema: {
        hide: true,
        tags: ['server'],
        summary: 'Upload a blob through a signed URL (local storage; the signature is the credential)',
        params: Type.Object({ '*': Type.String() }),
        querystring: Type.Object({
          expires: Type.Integer(),
          length: Type.Integer({ minimum: 0 }),
          type: Type.String({ maxLength: 128 }),
          signature: Type.String({ maxLength: 128 }),
        }),
      },
    },
    async (request, reply) => {
      const key = request.params['*'];
      const { blobs } = app.ctx;
      if (blobs.writeSigned === undefined || !isKey(key)) throw notFound(`blob ${JSON.stringify(key)}`);
      const declared = request.headers['content-length'];
      if (declared === undefined) throw new ApiError(411, 'LENGTH_REQUIRED', 'an upload carries a Content-Length');
      if (Number(declared) !== request.query.length) {
        throw forbidden(`this link uploads ${request.query.length} bytes, not ${declared}`);
      }
      const written = await blobs.writeSigned(
        key,
        { ...request.query, contentType: request.headers['content-type'] },
        request.raw,
      );
      if (written === 'refused') throw forbidden('this link is not valid, has expired, or is for another media type');
      if (written === 'wrong-length')
        throw badRequest(`the upload did not carry the ${request.query.length} bytes signed`);
      return reply.code(200).send();
    },
  );

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
