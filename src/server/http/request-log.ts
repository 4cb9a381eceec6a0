import type { FastifyInstance } from 'fastify';

/**
 * One log line per answered request: method, path, status, milliseconds and the signed-in user (none for
 * the login itself and public files). Only the path is logged, never the query or a body: a pull's query
 * holds nothing personal, but bodies hold members' records.
 */
export function installRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', (request, reply, done) => {
    const path = request.url.split('?', 1)[0];
    request.log.info(
      { method: request.method, path, status: reply.statusCode, ms: Math.round(reply.elapsedTime), user: request.authUser?.id ?? null },
      'request',
    );
    done();
  });
}
