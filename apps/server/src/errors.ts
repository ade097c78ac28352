import { isSegkitError } from '@segkit/core';

/**
 * The one error shape at the HTTP boundary: `{"error": {"code", "message"}}` with a status
 * (`../shared/docs/api.md`). Services throw these; the library's typed errors are mapped in
 * `toApiError`, the only place that decides a status; routes never build error bodies.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** Extra top-level fields of the body (a 409's `currentVersion`). */
  readonly extra: Record<string, unknown> | undefined;

  constructor(status: number, code: string, message: string, extra?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.extra = extra;
  }
}

export const badRequest = (message: string, code = 'BAD_REQUEST') => new ApiError(400, code, message);
export const unauthorized = (message = 'log in first, or send a bearer token') =>
  new ApiError(401, 'UNAUTHORIZED', message);
export const forbidden = (message: string) => new ApiError(403, 'FORBIDDEN', message);
export const notFound = (what: string) => new ApiError(404, 'NOT_FOUND', `${what} does not exist`);
export const conflict = (message: string, extra?: Record<string, unknown>) =>
  new ApiError(409, 'VERSION_CONFLICT', message, extra);
/** 409 for a thing another record still needs (a comment a review decision names as its reason). */
export const inUse = (message: string, code = 'IN_USE') => new ApiError(409, code, message);
export const tooLarge = (message: string) => new ApiError(413, 'TOO_LARGE', message);
export const invalid = (message: string, code = 'INVALID') => new ApiError(422, code, message);
export const tooMany = (message: string) => new ApiError(429, 'RATE_LIMITED', message);

/** Any thrown value as an ApiError: segkit's typed errors are the caller's fault (422, 413 for limits). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isSegkitError(error)) {
    if (error.code === 'LIMIT') return new ApiError(413, 'LIMIT', error.message);
    return new ApiError(422, error.code, error.message);
  }
  const fastify = error as { statusCode?: number; code?: string; message?: string; validation?: unknown };
  if (typeof fastify.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    const code =
      fastify.statusCode === 413
        ? 'TOO_LARGE'
        : fastify.validation !== undefined
          ? 'BAD_REQUEST'
          : (fastify.code ?? 'BAD_REQUEST').replace(/^FST_/, '');
    return new ApiError(fastify.statusCode, code, fastify.message ?? 'bad request');
  }
  return new ApiError(500, 'INTERNAL', 'the server failed; the error is logged');
}
