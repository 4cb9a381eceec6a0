import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PullResponse } from '../../src/domain';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from './fixtures';
import { backends, bearer, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';
import { consent, healthNote, outbox, push, statuses, visit } from './sync-support';

/**
 * The pull answer is written as JSON text with each record's stored JSON spliced in (not parsed and written
 * out again): it must still be exactly the PullResponse that JSON.stringify of the same object would give.
 */
describe.each(backends)('pull answer text on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let fx: Fixtures;
  let token = '';

  beforeAll(async () => {
    backend = await createBackend(kind);
    fx = await seedFixtures(backend.storage.db);
    app = await buildTestApp(backend);
    token = await loginAs(app, 'worker1', FIXTURE_PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  it('is JSON with the records as pushed, tricky characters included, and tombstones with data null', async () => {
    const w1 = fx.users.worker1.id;
    const device = outbox();
    const tricky = visit(fx.members.m1.id, w1, { notes: '引号 " 反斜杠 \\ 换行\n制表\t 行分隔\u2028 表情 🙂 </script>' });
    const given = consent(fx.members.m4.id, w1);
    const note = healthNote(fx.members.m4.id, given.id, w1);
    const withdrawal = { consentId: given.id, memberId: fx.members.m4.id, withdrawnAt: '2026-03-06T02:00:00.000Z' };
    const answer = await push(app, token, device.clientId, [
      device.add('visit.submit', tricky),
      device.add('consent.give', given),
      device.add('health_note.record', note),
      device.add('consent.withdraw', withdrawal),
    ]);
    expect(statuses(answer)).toEqual(['applied', 'applied', 'applied', 'applied']);

    const response = await app.inject({ method: 'GET', url: '/api/sync/pull?cursor=0&limit=1000', headers: bearer(token) });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const body: unknown = JSON.parse(response.body);
    const page = PullResponse.parse(body);
    // Nothing beyond the schema's keys, in the schema's order: the text is what JSON.stringify would write.
    expect(response.body).toBe(JSON.stringify(page));
    expect(page).toMatchObject({ hasMore: false, reset: false });
    expect(page.cursor).toBe(page.changes.at(-1)?.version);

    const byId = (id: string) => page.changes.filter((c) => c.id === id);
    expect(byId(tricky.id)).toEqual([expect.objectContaining({ entity: 'visit', op: 'upsert', data: tricky })]);
    // Withdrawn: the consent as it is now; the note deleted, so its upsert comes as a delete too.
    expect(byId(given.id).at(-1)).toMatchObject({ entity: 'consent', op: 'upsert', data: { ...given, withdrawnAt: withdrawal.withdrawnAt } });
    expect(byId(note.id).length).toBeGreaterThan(0);
    for (const change of byId(note.id)) expect(change).toMatchObject({ entity: 'health_note', op: 'delete', data: null });
  });

  it('an empty page keeps the cursor it was asked from', async () => {
    const first = PullResponse.parse((await app.inject({ method: 'GET', url: '/api/sync/pull?limit=1000', headers: bearer(token) })).json());
    const response = await app.inject({ method: 'GET', url: `/api/sync/pull?cursor=${first.cursor}&scope=${first.scope}`, headers: bearer(token) });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ changes: [], cursor: first.cursor, hasMore: false, remaining: 0, reset: false, scope: first.scope });
  });
});
