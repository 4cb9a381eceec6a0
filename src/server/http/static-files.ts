import { existsSync } from 'node:fs';
import { basename, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isApiPath } from './api-path';
import { sendError } from './error-handler';
import { DomainError } from '../../domain';

/**
 * The service worker, the page and the manifest must be revalidated on every load, or a device could keep
 * an old app forever; Vite's hashed files under /assets/ never change and are cached for good.
 */
function cacheHeaders(res: { setHeader(name: string, value: string): unknown }, filePath: string): void {
  const name = basename(filePath);
  if (name === 'sw.js' || name === 'index.html' || name.endsWith('.webmanifest')) {
    res.setHeader('Cache-Control', 'no-cache');
  } else if (filePath.includes(`${sep}assets${sep}`)) {
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  } else {
    res.setHeader('Cache-Control', 'public, max-age=0');
  }
}

/** Serves the built app when staticDir exists; returns whether it does. Unknown /api paths always get JSON 404. */
export async function installStaticFiles(app: FastifyInstance, staticDir: string | null): Promise<boolean> {
  const root = staticDir === null ? null : resolve(staticDir);
  const serving = root !== null && existsSync(resolve(root, 'index.html'));
  if (serving) {
    await app.register(fastifyStatic, { root, cacheControl: false, setHeaders: cacheHeaders, index: 'index.html' });
  } else if (root !== null) {
    app.log.warn({ staticDir: root }, 'no built app (index.html) found: serving the API only; run `npm run build`');
  }
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    // Deep links such as /members/42 belong to the app's router: hand it the page, it takes it from there.
    if (serving && request.method === 'GET' && !isApiPath(request.url) && acceptsHtml(request)) {
      return reply.sendFile('index.html');
    }
    return sendError(reply, new DomainError('ROUTE_NOT_FOUND'));
  });
  return serving;
}

function acceptsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  return typeof accept === 'string' && accept.includes('text/html');
}
