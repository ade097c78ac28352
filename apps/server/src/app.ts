import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import { type TypeBoxTypeProvider, TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import { Ajv } from 'ajv';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Actor, AppContext } from './context.js';
import { ApiError, badRequest, toApiError, unauthorized } from './errors.js';
import { jsonTooDeep } from './json-depth.js';
import { nulPath } from './nul-text.js';
import { annotationRoutes } from './routes/annotations.js';
import { authRoutes } from './routes/auth.js';
import { batchRoutes } from './routes/batches.js';
import { blobRoutes } from './routes/blobs.js';
import { commentRoutes } from './routes/comments.js';
import { exportRoutes } from './routes/exports.js';
import { healthRoutes } from './routes/health.js';
import { imageReviewRoutes } from './routes/image-reviews.js';
import { imageRoutes } from './routes/images.js';
import { importRoutes } from './routes/imports.js';
import { projectRoutes } from './routes/projects.js';
import { qaRoutes } from './routes/qa.js';
import { uploadRoutes } from './routes/uploads.js';
import { webRoutes } from './routes/web.js';
import { authenticate } from './services/auth.js';

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
    /** The authenticated caller (every /api route but the public ones). */
    actor(request: FastifyRequest): Actor;
  }
  interface FastifyRequest {
    segkitActor?: Actor;
  }
  interface FastifyContextConfig {
    /** Reachable without logging in. */
    public?: boolean;
  }
}

/** The deepest a JSON body may nest (documents nest 4 levels: body, segments, segment, size). */
export const MAX_JSON_DEPTH = 64;

export interface AppOptions {
  /** Fastify's logger (false in tests). */
  logger?: boolean | object;
}

/**
 * The HTTP application over a context: plugins, the auth hook, the one error mapping, the routes.
 * Routes are thin: parse (TypeBox schemas), call one service, answer.
 */
export async function buildApp(ctx: AppContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 64 * 1024 * 1024,
    trustProxy: false,
  }).withTypeProvider<TypeBoxTypeProvider>();
  // Bodies are checked exactly as typed (a string is never coerced to a number: 400); path and query
  // values arrive as strings, so they are coerced.
  const coercing = new Ajv({ coerceTypes: true, useDefaults: true, removeAdditional: true, allErrors: false });
  app.setValidatorCompiler((request) =>
    request.httpPart === 'body' ? TypeBoxValidatorCompiler(request) : coercing.compile(request.schema),
  );
  // JSON bodies: fastify's own parser (prototype-poisoning checks included), after a nesting check.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const at = jsonTooDeep(body as string, MAX_JSON_DEPTH);
    if (at !== undefined) {
      done(badRequest(`the body nests deeper than ${MAX_JSON_DEPTH} levels (at offset ${at})`), undefined);
      return;
    }
    parseJson(request, body as string, done);
  });
  app.decorate('ctx', ctx);
  app.decorate('actor', (request: FastifyRequest): Actor => {
    if (request.segkitActor === undefined) throw unauthorized();
    return request.segkitActor;
  });

  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: ctx.config.maxUploadBytes, files: 10_000, fields: 100, parts: 10_100 },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'segkit server',
        version: ctx.config.version,
        description: 'Projects, images, versioned annotations, gold-set QA and exports (../shared/docs/api.md).',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'segkit_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/') || request.routeOptions.config?.public === true) return;
    if (request.routeOptions.url === undefined) return; // no route: the 404 handler answers
    const header = request.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
    const csrfHeader = request.headers['x-csrf-token'];
    request.segkitActor = await authenticate(
      ctx,
      {
        bearer,
        session: request.cookies.segkit_session,
        csrfHeader: typeof csrfHeader === 'string' ? csrfHeader : undefined,
        csrfCookie: request.cookies.segkit_csrf,
        write: !['GET', 'HEAD', 'OPTIONS'].includes(request.method),
      },
      imageIdParam(request.params),
    );
  });

  app.addHook('preValidation', async (request) => {
    const where = nulPath(request.body, 'body') ?? nulPath(request.query, 'query') ?? nulPath(request.params, 'path');
    if (where !== undefined) throw badRequest(`${where} holds a NUL character (U+0000), which no text may hold`);
  });

  app.setErrorHandler((error, request, reply) => {
    const mapped = mapFastifyError(error);
    if (mapped.status >= 500) request.log.error({ err: error }, 'request failed');
    return reply
      .code(mapped.status)
      .send({ error: { code: mapped.code, message: mapped.message }, ...(mapped.extra ?? {}) });
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ error: { code: 'NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` } }),
  );

  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(projectRoutes);
  await app.register(imageRoutes);
  await app.register(blobRoutes);
  await app.register(uploadRoutes);
  await app.register(importRoutes);
  await app.register(annotationRoutes);
  await app.register(commentRoutes);
  await app.register(imageReviewRoutes);
  await app.register(batchRoutes);
  await app.register(qaRoutes);
  await app.register(exportRoutes);
  await app.register(webRoutes);
  return app;
}

/**
 * The `:imageId` of an image route, when it is an id the database can hold (else undefined, and the
 * route's own schema answers 400): the auth hook reads the image's access in its query.
 */
function imageIdParam(params: unknown): number | undefined {
  const raw = (params as { imageId?: unknown } | undefined)?.imageId;
  if (typeof raw !== 'string' || !/^[1-9][0-9]{0,9}$/.test(raw)) return undefined;
  const id = Number(raw);
  return id <= 2_147_483_647 ? id : undefined;
}

/** Fastify's own errors (malformed JSON, schema failures, body limits) in the API's shape. */
function mapFastifyError(error: unknown): ApiError {
  const code = (error as { code?: string }).code;
  if (
    code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    error instanceof SyntaxError
  ) {
    return new ApiError(400, 'MALFORMED_JSON', `the body is not valid JSON: ${(error as Error).message}`);
  }
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT') {
    return new ApiError(413, 'TOO_LARGE', (error as Error).message);
  }
  if (code === 'FST_ERR_VALIDATION') return new ApiError(400, 'BAD_REQUEST', (error as Error).message);
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', (error as Error).message);
  return toApiError(error);
}
