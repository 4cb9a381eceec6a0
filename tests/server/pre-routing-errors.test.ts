import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorBody, HealthResponse } from '../../src/domain';
import { answerClientError } from '../../src/server/http/pre-routing-errors';
import { backends, buildTestApp, createBackend, type TestBackend } from './harness';
import { listenOnLoopback, rawRequest, type RawAnswer } from './raw-http';

/** The project's error shape, as a client that only knows that shape would read it. */
function expectApiError(answer: RawAnswer, status: number, code: string) {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  const body = ApiErrorBody.parse(JSON.parse(answer.body));
  expect(body.error.code).toBe(code);
  expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
  expect(answer.body).not.toMatch(/FST_|statusCode|Client Error/);
  // Answered outside Fastify's hooks, yet with the same security headers as any other answer.
  expect(answer.headers['x-content-type-options']).toBe('nosniff');
  expect(answer.headers['content-security-policy']).toContain("default-src 'self'");
}

const line = (method: string, path: string, ...headers: string[]) =>
  `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`;

/**
 * What Node's parser or Fastify's router refuse before any route runs, sent over a real socket (inject() skips
 * the parser): each must still answer `{ error: { code, message } }`, not Fastify's or Node's own body.
 */
const CASES: { name: string; request: string; status: number; code: string }[] = [
  { name: 'malformed percent-encoding in the path', request: line('GET', '/api/members/%u0041'), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'malformed percent-encoding, other route', request: line('GET', '/api/branches/%zz/ledger'), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'a path parameter over the router limit', request: line('GET', `/api/members/${'a'.repeat(200)}`), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'a header over 16 KiB', request: line('GET', '/api/health', `X-Big: ${'a'.repeat(20 * 1024)}`), status: 431, code: 'HEADERS_TOO_LARGE' },
  { name: 'Content-Length not a number', request: line('POST', '/api/auth/login', 'Content-Type: application/json', 'Content-Length: abc') + '{}', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'negative Content-Length', request: line('POST', '/api/auth/login', 'Content-Type: application/json', 'Content-Length: -1') + '{}', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'two different Content-Lengths', request: line('POST', '/api/auth/login', 'Content-Type: application/json', 'Content-Length: 2', 'Content-Length: 3') + '{}', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'Content-Length beside chunked', request: line('POST', '/api/auth/login', 'Content-Type: application/json', 'Content-Length: 2', 'Transfer-Encoding: chunked') + '0\r\n\r\n', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'a method HTTP does not know', request: line('FOO', '/api/health'), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'not HTTP at all', request: 'HELLO\r\n\r\n', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'HTTP/1.1 without Host', request: 'GET /api/health HTTP/1.1\r\nConnection: close\r\n\r\n', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'a method the path does not have', request: line('PUT', '/api/me'), status: 404, code: 'ROUTE_NOT_FOUND' },
  { name: 'DELETE with a body on a GET-only path', request: line('DELETE', '/api/health', 'Content-Type: text/plain', 'Content-Length: 1') + 'x', status: 404, code: 'ROUTE_NOT_FOUND' },
  { name: 'POST with a body and no Content-Type', request: line('POST', '/api/auth/login', 'Content-Length: 2') + '{}', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  // A GET's body is ignored, as Fastify does: the route answers as it would without it.
  { name: 'GET with a body', request: line('GET', '/api/me', 'Content-Type: text/plain', 'Content-Length: 5') + 'hello', status: 401, code: 'UNAUTHENTICATED' },
];

describe.each(backends)('errors before routing, on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let port: number;

  beforeAll(async () => {
    backend = await createBackend(kind);
    app = await buildTestApp(backend);
    port = await listenOnLoopback(app);
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  it.each(CASES)('$name → $status $code', async ({ request, status, code }) => {
    expectApiError(await rawRequest(port, request), status, code);
  });

  it('names the malformed address in Chinese', async () => {
    const answer = await rawRequest(port, line('GET', '/api/members/%u0041'));
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'VALIDATION_FAILED', message: '请求地址格式不正确' } });
  });

  it('answers a GET that carries a body as if it had none', async () => {
    const answer = await rawRequest(port, line('GET', '/api/health', 'Content-Type: application/json', 'Content-Length: 7') + '{"a":1}');
    expect(answer.status).toBe(200);
    expect(HealthResponse.parse(JSON.parse(answer.body)).database).toBe(kind);
  });

  it('still serves the connection after a refused request on another one', async () => {
    await rawRequest(port, line('GET', '/api/health', `X-Big: ${'a'.repeat(20 * 1024)}`));
    expect((await rawRequest(port, line('GET', '/api/health'))).status).toBe(200);
  });
});

/** Cases a test cannot wait for on a real socket (Node checks header timeouts every 30 s). */
describe('the client-error answer itself', () => {
  function fakeSocket(state: { writable?: boolean; destroyed?: boolean } = {}) {
    const written: string[] = [];
    const socket = {
      writable: state.writable ?? true,
      destroyed: state.destroyed ?? false,
      write(data: string | Buffer) {
        written.push(data.toString());
        return true;
      },
      destroy() {
        socket.destroyed = true;
        return socket;
      },
    };
    return { socket: socket as unknown as Socket & { destroyed: boolean }, written };
  }
  const error = (code: string) => Object.assign(new Error(code), { code });
  const headers = { 'x-content-type-options': 'nosniff' };

  it('a request that took too long is 408 REQUEST_TIMEOUT with a body of the right length', () => {
    const { socket, written } = fakeSocket();
    answerClientError(error('ERR_HTTP_REQUEST_TIMEOUT'), socket, headers);
    const [head = '', body = ''] = written.join('').split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(head).toContain('\r\nx-content-type-options: nosniff');
    expect(head).toContain('\r\nConnection: close');
    expect(Number(/Content-Length: (\d+)/.exec(head)?.[1])).toBe(Buffer.byteLength(body));
    expect(JSON.parse(body)).toEqual({ error: { code: 'REQUEST_TIMEOUT', message: '请求超时，请重试' } });
    expect(socket.destroyed).toBe(true);
  });

  it('writes nothing on a connection already reset or gone', () => {
    const reset = fakeSocket();
    answerClientError(error('ECONNRESET'), reset.socket, headers);
    expect(reset.written).toEqual([]);
    const gone = fakeSocket({ writable: false });
    answerClientError(error('HPE_INVALID_METHOD'), gone.socket, headers);
    expect(gone.written).toEqual([]);
    expect(gone.socket.destroyed).toBe(true);
  });
});
