import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode } from '../../domain';
import { ApiError } from './errors';

/** Fastify's own errors (body parsing, limits) mapped onto the shared codes. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
};

const STATUS_CODES: Record<number, ErrorCode> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'ROUTE_NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

function toApiError(error: FastifyError | Error): ApiError | null {
  if (error instanceof ApiError) return error;
  const code = 'code' in error && typeof error.code === 'string' ? FASTIFY_CODES[error.code] : undefined;
  if (code !== undefined) return new ApiError(code);
  const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
  const byStatus = STATUS_CODES[status];
  if (byStatus !== undefined) return new ApiError(byStatus);
  // Other client errors from Fastify (bad Content-Length, malformed URL, …): the request was not valid.
  if (status >= 400 && status < 500) return new ApiError('VALIDATION_FAILED');
  return null;
}

/** Every error leaves as `{ error: { code, message, details? } }`; unexpected ones are logged, never echoed. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    const known = toApiError(error);
    if (known) {
      if (known.status >= 500) request.log.error({ err: error }, 'request failed');
      return reply.code(known.status).type('application/json; charset=utf-8').send(known.toBody());
    }
    request.log.error({ err: error }, 'unexpected error');
    const internal = new ApiError('INTERNAL');
    return reply.code(internal.status).type('application/json; charset=utf-8').send(internal.toBody());
  });
}

export function routeNotFound(reply: FastifyReply): FastifyReply {
  const error = new ApiError('ROUTE_NOT_FOUND');
  return reply.code(error.status).type('application/json; charset=utf-8').send(error.toBody());
}
