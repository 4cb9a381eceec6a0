import type { FastifyRequest } from 'fastify';

/** A path of the API (as opposed to the built app's files and pages). */
export const isApiPath = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');

/**
 * Whether a request is for the API, by its path or by the route it matched: the router decodes the path, so
 * `/%61pi/me` reaches /api/me while its raw URL does not start with /api; and an unknown /api path matches
 * the static files' wildcard route.
 */
export function isApiRequest(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  return isApiPath(request.url) || (route !== undefined && isApiPath(route));
}
