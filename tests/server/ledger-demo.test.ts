import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BranchLedger, MonthReconciliation } from '../../src/domain';
import { demoPasswordForRun, seedDemo } from '../../src/server/demo';
import { branchAttendanceRegister } from '../../src/server/services/ledger';
import { userFromRow } from '../../src/server/storage/rows';
import { backends, bearer, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';
import { pullAll } from './sync-support';

// DEMO_PASSWORD, or one generated for this run and put in the environment, so the demo server seeds its logins with it.
const DEMO_PASSWORD = demoPasswordForRun();

/** The demo's year of books, seeded as on 22 November 2026 (Date only is faked: the database runs as usual). */
describe.each(backends)('demo ledger on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let token: string;
  let branchId: string;

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-22T04:00:00.000Z'));
    backend = await createBackend(kind);
    expect(await seedDemo(backend.storage.db)).toBe(true);
    vi.useRealTimers();
    app = await buildTestApp(backend);
    token = await loginAs(app, 'secretary1', DEMO_PASSWORD);
    const secretary = await backend.storage.db.selectFrom('users').select('branch_id').where('username', '=', 'secretary1').executeTakeFirstOrThrow();
    branchId = secretary.branch_id ?? '';
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  const count = async (table: 'meetings' | 'attendance' | 'dues_payments' | 'change_log') =>
    Number((await backend.storage.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('secretary1 sees a living ledger: mostly paid, some in arrears, one month paid twice', async () => {
    const response = await app.inject({ method: 'GET', url: `/api/branches/${branchId}/ledger?from=2026-01&to=2026-12&asOf=2026-11`, headers: bearer(token) });
    expect(response.statusCode, response.body).toBe(200);
    const ledger: BranchLedger = response.json();
    expect(ledger.members.length).toBeGreaterThan(20);
    // Mostly paid: November (asOf) is still being collected and every ninth payer is three months behind.
    expect(ledger.collectionRate).toBeGreaterThan(0.75);
    expect(ledger.collectionRate).toBeLessThan(1);
    expect(ledger.membersAtWarning).toBeGreaterThan(0);
    expect(ledger.duplicates).toHaveLength(1);
    expect(ledger.duplicates[0]?.month).toBe('2026-10');
    const states = new Set(ledger.members.flatMap((m) => m.cells.map((c) => c.state)));
    for (const state of ['paid', 'arrears', 'excused', 'prepaid', 'exempt', 'due', 'future']) expect(states).toContain(state);
  });

  it('a member who died was at meetings while alive, and is flagged for none (issue 13, wrong screen 5)', async () => {
    const db = backend.storage.db;
    const secretary = userFromRow(
      await db.selectFrom('users').select(['id', 'username', 'display_name', 'role', 'community_id', 'branch_id']).where('username', '=', 'secretary1').executeTakeFirstOrThrow(),
    );
    const dead = await db.selectFrom('members').select(['id', 'died_on']).where('branch_id', '=', branchId).where('status', '=', 'deceased').execute();
    expect(dead.length).toBeGreaterThan(0);
    const register = await branchAttendanceRegister(db, secretary, branchId, '2026-11');
    for (const { id, died_on } of dead) {
      const row = register.members.find((m) => m.memberId === id)!;
      const heldWhileAlive = register.meetings.filter((m) => m.date <= died_on!).length;
      expect(row).toMatchObject({ expected: heldWhileAlive, flagged: false, deceased: true, diedOn: died_on });
      expect(row.attended).toBeGreaterThan(0);
    }
  });

  it('closed months reconcile to zero difference; last month has cash still pending', async () => {
    const get = async (month: string): Promise<MonthReconciliation> =>
      (await app.inject({ method: 'GET', url: `/api/branches/${branchId}/reconciliation?month=${month}`, headers: bearer(token) })).json();
    const march = await get('2026-03');
    expect(march).toMatchObject({ locked: true, differenceFen: 0, cashWithCollectorsFen: 0 });
    expect(march.collectedFen).toBeGreaterThan(0);
    const october = await get('2026-10');
    expect(october.locked).toBe(false);
    expect(october.byCollector.some((c) => c.pendingHandoverFen > 0)).toBe(true);
  });

  it('the tablet pulls the books; seeding again changes nothing', async () => {
    const entities = new Set((await pullAll(app, token)).map((c) => c.entity));
    for (const entity of ['meeting', 'attendance', 'evaluation', 'cash_handover', 'remittance', 'month_close', 'dues_adjustment', 'arrears_excuse'] as const) {
      expect(entities).toContain(entity);
    }
    const before = await Promise.all([count('meetings'), count('attendance'), count('dues_payments'), count('change_log')]);
    expect(await seedDemo(backend.storage.db)).toBe(false);
    expect(await Promise.all([count('meetings'), count('attendance'), count('dues_payments'), count('change_log')])).toEqual(before);
  });
});
