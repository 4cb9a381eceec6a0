import type { FastifyInstance } from 'fastify';

/**
 * JSON is the only accepted request body. An empty body with a JSON content type counts as no body (clients
 * often send the header on a bare POST such as logout); anything else goes through Fastify's own parser,
 * which guards against prototype poisoning. text/plain is refused (415) rather than reaching handlers as a string.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body: string, done) => {
    if (body === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, body, done);
  });
}
