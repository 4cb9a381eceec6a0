import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorBody, HealthResponse } from '../../src/domain';
import { FIXTURE_PASSWORD, seedFixtures } from './fixtures';
import { backends, bearer, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';

/** An error answer: JSON, the shared shape, a Chinese message and nothing of the server's insides. */
function expectApiError(response: LightMyRequestResponse, status: number, code: string) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = ApiErrorBody.parse(response.json());
  expect(body.error.code).toBe(code);
  expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
  expect(response.body).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+|stack/i);
  return body;
}

describe.each(backends)('HTTP basics and errors on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let token: string;

  beforeAll(async () => {
    backend = await createBackend(kind);
    await seedFixtures(backend.storage.db);
    app = await buildTestApp(backend);
    token = await loginAs(app, 'admin1', FIXTURE_PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  const postLogin = (payload: string, contentType = 'application/json') =>
    app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': contentType }, payload });

  it('health reports ok and which database is in use', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    const body = HealthResponse.parse(response.json());
    expect(body.database).toBe(kind);
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('malformed JSON is 400 MALFORMED_JSON', async () => {
    const body = expectApiError(await postLogin('{"username": "worker1", '), 400, 'MALFORMED_JSON');
    expect(body.error.message).toBe('请求内容不是有效的 JSON');
  });

  it('fields of the wrong type are 400 VALIDATION_FAILED with labelled Chinese details', async () => {
    const body = expectApiError(await postLogin(JSON.stringify({ username: 42, password: true })), 400, 'VALIDATION_FAILED');
    expect(body.error.message).toBe('提交的数据不正确');
    const paths = body.error.details?.map((d) => d.path);
    expect(paths).toEqual(['username', 'password']);
    for (const detail of body.error.details ?? []) expect(detail.message).toMatch(/^(用户名|密码)：.*[\u4e00-\u9fff]/);
  });

  it('missing fields and a missing body are 400 VALIDATION_FAILED', async () => {
    const missing = expectApiError(await postLogin(JSON.stringify({ username: 'worker1' })), 400, 'VALIDATION_FAILED');
    expect(missing.error.details).toEqual([{ path: 'password', message: expect.stringMatching(/^密码：/) }]);
    expectApiError(await app.inject({ method: 'POST', url: '/api/auth/login' }), 400, 'VALIDATION_FAILED');
    expectApiError(await postLogin(''), 400, 'VALIDATION_FAILED');
    expectApiError(await postLogin('[1,2]'), 400, 'VALIDATION_FAILED');
  });

  it('a body over the limit is 413', async () => {
    const huge = JSON.stringify({ username: 'worker1', password: 'x'.repeat(1024 * 1024 + 10) });
    expectApiError(await postLogin(huge), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('a body that is not JSON is 415', async () => {
    expectApiError(await postLogin('username=worker1&password=x', 'application/x-www-form-urlencoded'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectApiError(await postLogin('worker1', 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('JSON with a charset parameter is accepted', async () => {
    const response = await postLogin(JSON.stringify({ username: 'admin1', password: FIXTURE_PASSWORD }), 'application/json; charset=utf-8');
    expect(response.statusCode).toBe(200);
  });

  it('prototype poisoning in JSON is refused, not merged', async () => {
    const response = await postLogin('{"username":"admin1","password":"x","__proto__":{"admin":true}}');
    expectApiError(response, 400, 'MALFORMED_JSON');
  });

  it('unknown /api routes are 404 ROUTE_NOT_FOUND in JSON, for any method', async () => {
    expectApiError(await app.inject({ method: 'GET', url: '/api/no-such-thing' }), 404, 'ROUTE_NOT_FOUND');
    expectApiError(await app.inject({ method: 'DELETE', url: '/api/sync/pull', headers: bearer(token) }), 404, 'ROUTE_NOT_FOUND');
    expectApiError(await app.inject({ method: 'GET', url: '/api' }), 404, 'ROUTE_NOT_FOUND');
    // Without a built app to serve, other paths are JSON 404s too.
    expectApiError(await app.inject({ method: 'GET', url: '/members/1', headers: { accept: 'text/html' } }), 404, 'ROUTE_NOT_FOUND');
  });

  it('query parameters are validated', async () => {
    const bad = expectApiError(
      await app.inject({ method: 'GET', url: '/api/sync/pull?limit=0&cursor=nope', headers: bearer(token) }),
      400,
      'VALIDATION_FAILED',
    );
    expect(bad.error.details?.map((d) => d.path).sort()).toEqual(['cursor', 'limit']);
    expectApiError(await app.inject({ method: 'GET', url: '/api/sync/pull?limit=1001', headers: bearer(token) }), 400, 'VALIDATION_FAILED');
    expectApiError(await app.inject({ method: 'GET', url: '/api/members/42', headers: bearer(token) }), 400, 'VALIDATION_FAILED');
  });

  it('sends security headers with a CSP fit for the PWA, on API answers and errors alike', async () => {
    for (const response of [
      await app.inject({ method: 'GET', url: '/api/health' }),
      await app.inject({ method: 'GET', url: '/api/nothing' }),
      await postLogin('{'),
    ]) {
      const csp = String(response.headers['content-security-policy']);
      for (const directive of [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
      ]) {
        expect(csp).toContain(directive);
      }
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('an unexpected failure is 500 INTERNAL, without its message or stack', async () => {
    const boomApp = await buildTestApp(backend);
    boomApp.get('/api/test-boom', async () => {
      throw new Error('connection to 10.1.2.3 failed: password for doorstep_admin');
    });
    try {
      const response = await boomApp.inject({ method: 'GET', url: '/api/test-boom' });
      const body = expectApiError(response, 500, 'INTERNAL');
      expect(body).toEqual({ error: { code: 'INTERNAL', message: '服务器内部错误，请稍后再试' } });
      expect(response.body).not.toContain('10.1.2.3');
    } finally {
      await boomApp.close();
    }
  });
});
