import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorDetail } from './app-error.js';
import type { ErrorCode } from './codes.js';
import { mapPgError } from './pg-errors.js';

/** Fastify's own client errors, by their code, and what the API calls them. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
};

/** The single place where errors become responses: `{detail, code}` always, no internals in 5xx. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const appError = toAppError(err);
    if (appError.status >= 500) {
      request.log.error({ err }, 'request failed');
    }
    return reply
      .code(appError.status)
      .headers(appError.headers)
      .send({ detail: appError.detail, code: appError.code });
  });

  app.setNotFoundHandler((request, reply) => {
    reply
      .code(404)
      .send({ detail: `Not found: ${request.method} ${request.url.split('?')[0]}`, code: 'NOT_FOUND' });
  });
}

function toAppError(err: FastifyError): AppError {
  if (err instanceof AppError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const detail: ErrorDetail = err.validation.map((v) => ({
      loc: [err.validationContext ?? 'request', ...v.instancePath.split('/').filter(Boolean)],
      msg: v.message ?? 'Invalid value',
      type: v.keyword,
    }));
    return new AppError('VALIDATION_FAILED', detail);
  }
  const mapped = mapPgError(err);
  if (mapped) return mapped;
  const fastifyCode = FASTIFY_CODES[err.code];
  if (fastifyCode) return new AppError(fastifyCode, err.message);
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return new AppError(err.statusCode === 405 ? 'METHOD_NOT_ALLOWED' : 'BAD_REQUEST', err.message);
  }
  return new AppError('INTERNAL_ERROR');
}
