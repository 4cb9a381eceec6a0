import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Id, LoginRequest, Member, DomainError } from '../../src/domain';
import { installErrorHandler } from '../../src/server/http/error-handler';
import { installJsonBodyParser } from '../../src/server/http/json-body';
import { NO_CONTENT, route } from '../../src/server/http/route';
import { fixtureMember } from './fixtures';

const member = fixtureMember({ communityId: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b', name: '王秀英', phone: '13912345678' });

/** route() on its own: inputs through their schemas, the answer through its schema, refusals in the project's shape. */
describe('route schemas', () => {
  let app: FastifyInstance;
  const log: string[] = [];

  beforeAll(async () => {
    z.config(z.locales.zhCN());
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        log.push(chunk.toString());
        done();
      },
    });
    app = Fastify({ logger: { level: 'error', stream } });
    installJsonBodyParser(app);
    installErrorHandler(app);
    app.post(
      '/api/things/:id',
      route(
        { params: z.object({ id: Id }), query: z.object({ n: z.coerce.number().int() }), body: LoginRequest, response: z.object({ id: Id, n: z.number(), username: z.string() }) },
        async ({ params, query, body }) => ({ id: params.id, n: query.n, username: body.username }),
      ),
    );
    app.get(
      '/api/worded/:id',
      route({ params: z.object({ id: Id }), response: NO_CONTENT, invalid: () => new DomainError('NOT_FOUND') }, async () => undefined),
    );
    app.delete('/api/things', route({ response: NO_CONTENT }, async () => undefined));
    app.get('/api/broken', route({ response: Member }, async () => ({ ...member, phone: 12345 }) as unknown as Member));
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
  });

  const post = (url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object });
  const id = '0b5c7a52-0f47-4a8e-9a43-37c6a3f3b1c2';
  const good = { username: 'worker1', password: 'x' };

  it('hands the handler parsed params, query and body', async () => {
    const response = await post(`/api/things/${id}?n=7&ignored=1`, good);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ id, n: 7, username: 'worker1' });
  });

  it('refuses bad params, then query, then body, with labelled Chinese details', async () => {
    const params = await post('/api/things/42?n=x', { username: 1 });
    expect(params.statusCode).toBe(400);
    expect(params.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'id', message: expect.stringMatching(/^编号：/) }] });
    const query = await post(`/api/things/${id}?n=x`, { username: 1 });
    expect(query.json().error.details.map((d: { path: string }) => d.path)).toEqual(['n']);
    const body = await post(`/api/things/${id}?n=1`, { username: 1 });
    expect(body.json().error.details.map((d: { path: string }) => d.path)).toEqual(['username', 'password']);
  });

  it('lets a route word its own refusal', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/worded/42' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('NOT_FOUND');
  });

  it('answers NO_CONTENT with 204 and no body', async () => {
    const response = await app.inject({ method: 'DELETE', url: '/api/things' });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
  });

  it('an answer that breaks its own schema is a 500, logged by path without the values', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/broken' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: { code: 'INTERNAL', message: '服务器内部错误，请稍后再试' } });
    const written = log.join('');
    expect(written).toContain('answer of GET /api/broken does not match its schema: phone invalid_type');
    expect(written).not.toContain('王秀英');
    expect(written).not.toContain('12345');
  });
});
