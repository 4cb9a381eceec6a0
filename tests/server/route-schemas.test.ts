import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BranchLedgerResponse, FormsResponse, HealthResponse, LoginResponse, MeResponse, Member, MonthReconciliationResponse } from '../../src/domain';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from './fixtures';
import { backends, bearer, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';

/**
 * Every service a route of this file calls answers with an extra field on every object, at every depth —
 * as a service that started selecting a password hash or an internal column would. The routes' response
 * schemas must keep it off the wire.
 */
const leak = vi.hoisted(() => {
  const MARK = 'LEAKED-内部';
  const deep = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(deep);
    if (value === null || typeof value !== 'object') return value;
    return { ...Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, deep(inner)])), internalSecret: MARK };
  };
  /** The module with the named async functions answering through deep(). */
  const wrap = async (module: Promise<unknown>, names: string[]): Promise<Record<string, unknown>> => {
    const real = (await module) as Record<string, unknown>;
    const wrapped: Record<string, unknown> = { ...real };
    for (const name of names) {
      const fn = real[name] as (...args: unknown[]) => Promise<unknown>;
      wrapped[name] = async (...args: unknown[]) => deep(await fn(...args));
    }
    return wrapped;
  };
  return { MARK, deep, wrap };
});

vi.mock('../../src/server/services/auth', (original) => leak.wrap(original(), ['login']));
vi.mock('../../src/server/services/users', (original) => leak.wrap(original(), ['colleaguesOf']));
vi.mock('../../src/server/services/organisations', (original) => leak.wrap(original(), ['visibleOrganisations']));
vi.mock('../../src/server/services/members', (original) => leak.wrap(original(), ['memberInScope']));
vi.mock('../../src/server/services/health', (original) => leak.wrap(original(), ['healthStatus']));
vi.mock('../../src/server/services/ledger', (original) => leak.wrap(original(), ['branchLedger', 'monthReconciliation']));
vi.mock('../../src/domain', async (original) => {
  const real = await original<typeof import('../../src/domain')>();
  return { ...real, VISIT_TEMPLATES: leak.deep(real.VISIT_TEMPLATES) };
});

describe.each(backends)('answers shaped by their route schema on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let fx: Fixtures;

  beforeAll(async () => {
    backend = await createBackend(kind);
    fx = await seedFixtures(backend.storage.db);
    app = await buildTestApp(backend);
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  it('nothing outside the schema leaves, at any depth, and what is inside is all there', async () => {
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin1', password: FIXTURE_PASSWORD } });
    const secretary = await loginAs(app, 'secretary1', FIXTURE_PASSWORD);
    const admin = await loginAs(app, 'admin1', FIXTURE_PASSWORD);
    const branch = fx.branch1.id;
    const answers = [
      { name: 'login', response: login, schema: LoginResponse },
      { name: 'health', response: await app.inject({ method: 'GET', url: '/api/health' }), schema: HealthResponse },
      { name: 'me', response: await app.inject({ method: 'GET', url: '/api/me', headers: bearer(admin) }), schema: MeResponse },
      { name: 'member', response: await app.inject({ method: 'GET', url: `/api/members/${fx.members.m1.id}`, headers: bearer(admin) }), schema: Member },
      { name: 'forms', response: await app.inject({ method: 'GET', url: '/api/forms', headers: bearer(admin) }), schema: FormsResponse },
      {
        name: 'ledger',
        response: await app.inject({ method: 'GET', url: `/api/branches/${branch}/ledger?from=2026-01&to=2026-03`, headers: bearer(secretary) }),
        schema: BranchLedgerResponse,
      },
      {
        name: 'reconciliation',
        response: await app.inject({ method: 'GET', url: `/api/branches/${branch}/reconciliation?month=2026-03`, headers: bearer(secretary) }),
        schema: MonthReconciliationResponse,
      },
    ];
    for (const { name, response, schema } of answers) {
      expect(response.statusCode, `${name}: ${response.body}`).toBe(200);
      expect(response.body, name).not.toContain(leak.MARK);
      expect(response.body, name).not.toContain('internalSecret');
      // Shaping drops only what is foreign: the answer is already exactly its schema's output.
      const body: unknown = response.json();
      expect(schema.parse(body), name).toEqual(body);
    }
    const me = MeResponse.parse(answers[2]!.response.json());
    expect(me.colleagues.length).toBeGreaterThan(0);
    expect(me.organisations.length).toBeGreaterThan(0);
    expect(BranchLedgerResponse.parse(answers[5]!.response.json()).members.length).toBeGreaterThan(0);
  });
});
