import { randomUUID } from 'node:crypto';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEN_CEILING, MUTATION_TYPES, SYNC_ENTITIES, type ProtocolSchema } from '../../src/domain';
import { seedFixtures, type Fixtures } from './fixtures';
import { backends, buildTestApp, createBackend, type TestBackend } from './harness';
import { consent, evenShares, healthNote, payment, visit } from './sync-support';

/**
 * GET /api/schema is what a client written from the documents alone validates against: every registered kind
 * and mutation type, each with a JSON Schema that accepts what the server accepts and refuses what it refuses.
 */
describe.each(backends)('GET /api/schema on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let fx: Fixtures;
  let schema: ProtocolSchema;

  beforeAll(async () => {
    backend = await createBackend(kind);
    fx = await seedFixtures(backend.storage.db);
    app = await buildTestApp(backend);
    const response = await app.inject({ method: 'GET', url: '/api/schema' });
    expect(response.statusCode).toBe(200);
    schema = response.json();
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  function validator(type: string) {
    const mutation = schema.kinds.flatMap((k) => k.mutations).find((m) => m.type === type);
    expect(mutation, type).toBeDefined();
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    return ajv.compile(mutation!.record);
  }

  it('lists every kind of the registry and every mutation type, with who may write and who acted', () => {
    expect(schema.kinds.map((k) => k.entity)).toEqual(SYNC_ENTITIES);
    expect(schema.kinds.flatMap((k) => k.mutations.map((m) => m.type))).toEqual(MUTATION_TYPES);
    const dues = schema.kinds.find((k) => k.entity === 'dues_payment')!;
    expect(dues.mutations[0]).toMatchObject({ type: 'dues.record', actors: [{ path: 'collectedBy', rule: 'self' }] });
    expect(schema.kinds.find((k) => k.entity === 'health_note')!.read).toEqual({ worker: 'scope' });
  });

  it('accepts records the server accepts and refuses unbounded lists and amounts', () => {
    const member = fx.members.m1.id;
    const worker = fx.users.worker1.id;
    const visits = validator('visit.submit');
    expect(visits(visit(member, worker)), JSON.stringify(visits.errors)).toBe(true);
    expect(visits({ ...visit(member, worker), visitorIds: Array.from({ length: 15_000 }, () => randomUUID()) })).toBe(false);
    const { memberId: _dropped, ...withoutMember } = visit(member, worker);
    expect(visits(withoutMember)).toBe(false);

    const payments = validator('dues.record');
    const valid = payment(member, fx.branch1.id, worker, ['2026-03'], 1500);
    expect(payments(valid), JSON.stringify(payments.errors)).toBe(true);
    const huge = FEN_CEILING.payment + 1;
    expect(payments({ ...valid, amountFen: huge, allocation: evenShares(['2026-03'], huge) })).toBe(false);

    const notes = validator('health_note.record');
    const given = consent(member, worker);
    expect(notes(healthNote(member, given.id, worker))).toBe(true);
    expect(notes({ ...healthNote(member, given.id, worker), note: '字'.repeat(301) })).toBe(false);
  });
});
