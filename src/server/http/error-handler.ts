import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorCode } from '../../domain';
import { httpStatus } from './status';

/** Fastify's body-parsing errors are 400s that deserve their own code. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
};

/** Other errors raised by Fastify or its plugins (body limit, content type, …), by status. */
const STATUS_CODES: Record<number, ErrorCode> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'ROUTE_NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** Any error as one of the project's codes; null for what is not the client's doing (a 500). */
export function toDomainError(error: FastifyError | Error): DomainError | null {
  if (error instanceof DomainError) return error;
  const byCode = 'code' in error && typeof error.code === 'string' ? FASTIFY_CODES[error.code] : undefined;
  if (byCode !== undefined) return new DomainError(byCode);
  const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
  const byStatus = STATUS_CODES[status];
  if (byStatus !== undefined) return new DomainError(byStatus);
  // Remaining client errors (bad Content-Length, malformed URL, …): the request was not valid.
  if (status >= 400 && status < 500) return new DomainError('VALIDATION_FAILED');
  return null;
}

export function sendError(reply: FastifyReply, error: DomainError): FastifyReply {
  // RFC 9110 §10.2.3: a 429 (or 503) says when asking again may succeed.
  if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
  return reply.code(httpStatus(error)).type('application/json; charset=utf-8').send(error.toBody());
}

/** Every error leaves as `{ error: { code, message, details? } }`; unexpected ones are logged, never echoed. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    const known = toDomainError(error);
    if (known === null || httpStatus(known) >= 500) request.log.error({ err: error }, 'request failed');
    return sendError(reply, known ?? new DomainError('INTERNAL'));
  });
}
