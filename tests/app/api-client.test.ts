import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, InvalidResponseError, NetworkError, toAppErrorCode } from '../../src/app/api/api-error';
import { getMe, postLogin, postLogout } from '../../src/app/api/auth-api';
import { apiError, json, noContent, stubFetch } from './support/fetch-stub';
import { loginResponse, meResponse } from './support/fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('API client', () => {
  it('sends JSON with the bearer token and parses the answer with the shared schema', async () => {
    const calls = stubFetch(() => json(200, meResponse()));
    await expect(getMe('secret-token')).resolves.toEqual(meResponse());
    expect(calls[0]?.url.pathname).toBe('/api/me');
    expect(calls[0]?.headers.get('Authorization')).toBe('Bearer secret-token');
    expect(calls[0]?.headers.get('Accept')).toBe('application/json');
  });

  it('posts the credentials as JSON without a token', async () => {
    const calls = stubFetch(() => json(200, loginResponse()));
    await postLogin({ username: 'worker1', password: 'doorstep2026' });
    expect(calls[0]?.method).toBe('POST');
    expect(calls[0]?.headers.get('Content-Type')).toBe('application/json');
    expect(calls[0]?.headers.get('Authorization')).toBeNull();
    expect(calls[0]?.body).toEqual({ username: 'worker1', password: 'doorstep2026' });
  });

  it('accepts 204 with no body', async () => {
    stubFetch(() => noContent());
    await expect(postLogout('t')).resolves.toBeUndefined();
  });

  it('turns an error body into a typed ApiError', async () => {
    stubFetch(() => apiError('SESSION_EXPIRED'));
    const error = await getMe('t').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, code: 'SESSION_EXPIRED', isSessionRejected: true });
    expect(toAppErrorCode(error)).toBe('SESSION_EXPIRED');
  });

  it('does not treat a wrong password as a rejected session', async () => {
    stubFetch(() => apiError('INVALID_CREDENTIALS'));
    const error = await postLogin({ username: 'worker1', password: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_CREDENTIALS', isSessionRejected: false });
  });

  it('falls back on the status when the body is not an error body', async () => {
    stubFetch(() => new Response('<html>Bad Gateway</html>', { status: 502 }));
    await expect(getMe('t')).rejects.toMatchObject({ status: 502, code: 'INTERNAL' });
    stubFetch(() => json(429, { error: { code: 'SOMETHING_NEW', message: 'x' } }));
    await expect(getMe('t')).rejects.toMatchObject({ status: 429, code: 'RATE_LIMITED' });
  });

  it('tells a network failure apart from an HTTP error', async () => {
    stubFetch(() => 'offline');
    const error = await getMe('t').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(toAppErrorCode(error)).toBe('NETWORK');
  });

  it('rejects a 200 answer that does not match the schema', async () => {
    stubFetch(() => json(200, { user: { id: 'nope' }, organisations: [] }));
    const error = await getMe('t').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(toAppErrorCode(error)).toBe('BAD_RESPONSE');
  });
});
