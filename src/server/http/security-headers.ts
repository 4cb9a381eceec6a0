import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { isApiRequest } from './api-path';

/**
 * A CSP that the Vite-built PWA passes: its own scripts and service worker only, inline styles for the UI
 * library, data:/blob: images for photos taken offline. No upgrade-insecure-requests and no HSTS: the server
 * is reached over plain http on a LAN or localhost, where those would break it.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  frameAncestors: ["'none'"],
};

const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
  strictTransportSecurity: false,
  // Same rule as frame-ancestors 'none', for browsers that only know the older header.
  frameguard: { action: 'deny' },
};

/**
 * The headers helmet sets for these options, worked out once. They depend on nothing in the request (no CSP
 * nonces), and @fastify/helmet builds the whole helmet middleware again on every request — about a tenth of
 * the server's time per sync request when hundreds of phones sync at once.
 */
export function securityHeaders(options: HelmetOptions = HELMET_OPTIONS): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}

/**
 * API answers carry names, phones, health notes and money: no browser, proxy or shared device may keep a copy,
 * whatever the status (errors and 304s too). The app's own files are cached as static-files.ts decides.
 */
export const NO_STORE: Readonly<Record<string, string>> = { 'cache-control': 'no-store' };

/** Set in onRequest, which every routed and unmatched request passes, so a route can never forget them. */
export async function installSecurityHeaders(app: FastifyInstance, headers = securityHeaders()): Promise<void> {
  const apiHeaders = { ...headers, ...NO_STORE };
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(isApiRequest(request) ? apiHeaders : headers);
    done();
  });
}
