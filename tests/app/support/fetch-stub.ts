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
