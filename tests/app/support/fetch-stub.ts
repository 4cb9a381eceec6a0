import { vi } from 'vitest';
import { ApiErrorBody, ERRORS, type ErrorCode } from '../../../src/domain';
import { HTTP_STATUS } from '../../../src/server/http/status';

/**
 * The one fake in the app tests: the network boundary. Everything behind fetch — API client, repositories,
 * Dexie on fake-indexeddb, stores, views — runs for real.
 */
export interface StubRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

export type StubAnswer = Response | 'offline';
export type StubHandler = (request: StubRequest) => StubAnswer | Promise<StubAnswer>;

export function stubFetch(handler: StubHandler): StubRequest[] {
  const calls: StubRequest[] = [];
  vi.stubGlobal('fetch', async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost');
    const request: StubRequest = {
      method: init.method ?? 'GET',
      url,
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(request);
    const answer = await handler(request);
    // What a browser does with no signal: the promise rejects with a TypeError.
    if (answer === 'offline') throw new TypeError('Failed to fetch');
    return answer;
  });
  return calls;
}

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

export function apiError(code: ErrorCode): Response {
  const body = ApiErrorBody.parse({ error: { code, message: ERRORS[code].zh } });
  return json(HTTP_STATUS[code], body);
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

export function notHandled(request: StubRequest): never {
  throw new Error(`Unexpected request ${request.method} ${request.url.pathname}${request.url.search}`);
}

/**
 * A server with nothing new for the device: pulls bring nothing, every push is applied, the forms are the
 * built-in ones. Null for any other request, so a test's own handler can answer it.
 */
export function quietSync(request: StubRequest): Response | null {
  const path = request.url.pathname;
  if (path === '/api/forms') return json(200, { templates: [] });
  if (path === '/api/sync/pull') {
    const cursor = Number(request.url.searchParams.get('cursor') ?? 0);
    return json(200, { changes: [], cursor, hasMore: false, remaining: 0, reset: false, scope: request.url.searchParams.get('scope') ?? 'scope-1' });
  }
  if (path === '/api/sync/push') {
    const body = request.body as { mutations: { id: string; seq: number }[] };
    return json(200, {
      results: body.mutations.map((m, index) => ({ mutationId: m.id, index, status: 'applied' })),
      lastSettledSeq: body.mutations.at(-1)!.seq,
    });
  }
  return null;
}

/** A pull's position (cursor, limit, scope) as its query string, without what the device reports about itself. */
export function pullPosition(request: StubRequest): string {
  const query = new URLSearchParams(request.url.search);
  query.delete('clientId');
  query.delete('unsent');
  query.delete('oldestPendingAt');
  query.delete('appVersion');
  return `?${query.toString()}`;
}
