import { existsSync } from 'node:fs';
import { basename, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isApiPath } from './api-path';
import { sendError } from './error-handler';
import { DomainError } from '../../domain';

/** A precompressed variant (`app.js.br`) is cached as the file it stands for. */
const VARIANT = /\.(?:br|gz)$/;

/**
 * The service worker, its Workbox runtime, the page and the manifest must be revalidated on every load, or a
 * device could keep an old app forever; Vite's hashed files under /assets/ never change and are cached for good.
 * Every file may be sent as brotli, gzip or as it is, by the request's Accept-Encoding: `Vary` says so to caches.
 */
function cacheHeaders(res: { setHeader(name: string, value: string): unknown }, filePath: string): void {
  const original = filePath.replace(VARIANT, '');
  const name = basename(original);
  res.setHeader('Vary', 'Accept-Encoding');
  if (name === 'sw.js' || name === 'index.html' || name.endsWith('.webmanifest') || /^workbox-[\w-]+\.js$/.test(name)) {
    res.setHeader('Cache-Control', 'no-cache');
  } else if (original.includes(`${sep}assets${sep}`)) {
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
    // preCompressed: the build wrote .br and .gz beside each text file (scripts/precompress.ts); the page of a
    // deep link below goes through the same choice.
    await app.register(fastifyStatic, { root, cacheControl: false, setHeaders: cacheHeaders, index: 'index.html', preCompressed: true });
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
