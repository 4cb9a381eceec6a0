import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * One log line per answered request — method, path, status, milliseconds and the signed-in user (none for the
 * login itself and public files) — instead of Fastify's two per request, which named nobody and cost a sync
 * request as much as its own bookkeeping when hundreds of phones sync at once. Only the path is logged, never
 * the query or a body (bodies hold members' records). Errors and broken streams are logged as Fastify does.
 */
export class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      method: request.method,
      path: request.url.split('?', 1)[0],
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
      user: request.authUser?.id ?? null,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request');
    else reply.log.info(line, 'request');
  }
}
