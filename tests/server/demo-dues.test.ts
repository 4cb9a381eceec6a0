import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuesAssessment, DuesPolicy, monthlyDuesFen } from '../../src/domain';
import { demoPasswordForRun, seedDemo } from '../../src/server/demo';
import { demoDuesYear } from '../../src/server/demo/dues';
import { backends, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';
import { pullAll } from './sync-support';

// DEMO_PASSWORD, or one generated for this run and put in the environment, so the demo server seeds its logins with it.
const DEMO_PASSWORD = demoPasswordForRun();

describe.each(backends)('demo dues terms on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;

  beforeAll(async () => {
    backend = await createBackend(kind);
    expect(await seedDemo(backend.storage.db)).toBe(true);
    app = await buildTestApp(backend);
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  const count = async (table: 'dues_policies' | 'dues_assessments' | 'change_log') =>
    Number((await backend.storage.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('the secretary pulls the branch policy and an assessment of this year for each party member of the branch', async () => {
    const token = await loginAs(app, 'secretary1', DEMO_PASSWORD);
    const changes = await pullAll(app, token);
    const policies = changes.filter((c) => c.entity === 'dues_policy').map((c) => DuesPolicy.parse(c.data));
    expect(policies).toHaveLength(1);
    const policy = policies[0]!;
    const assessments = changes.filter((c) => c.entity === 'dues_assessment').map((c) => DuesAssessment.parse(c.data));

    const members = await backend.storage.db
      .selectFrom('members')
      .select('id')
      .where('branch_id', '=', policy.branchId)
      .where('is_party_member', '=', 1)
      .execute();
    expect(assessments.map((a) => a.memberId).sort()).toEqual(members.map((m) => m.id).sort());
    for (const a of assessments) {
      const year = demoDuesYear();
      expect(a).toMatchObject({ year, effectiveFrom: `${year}-01`, channel: 'this_branch' });
      expect(a.baseFen).toBeGreaterThanOrEqual(150_000);
      expect(a.baseFen).toBeLessThanOrEqual(900_000);
    }
    const bases = assessments.map((a) => a.baseFen);
    expect(bases).toContain(500_000);
    expect(bases).toContain(500_001);
    expect(assessments.filter((a) => a.category === 'fixed')).toHaveLength(3);
    expect(assessments.filter((a) => a.category === 'exempt')).toHaveLength(1);
    const owed = (base: number) => monthlyDuesFen(assessments.find((a) => a.baseFen === base)!, policy);
    expect([owed(500_000), owed(500_001)]).toEqual([2500, 5000]);
  });

  it('members of the non-established branch pay at their old unit', async () => {
    const rows = await backend.storage.db
      .selectFrom('dues_assessments')
      .innerJoin('organisations', 'organisations.id', 'dues_assessments.branch_id')
      .select(['dues_assessments.data', 'organisations.branch_type'])
      .execute();
    const others = rows.filter((r) => r.branch_type === 'non_established').map((r) => DuesAssessment.parse(JSON.parse(r.data)));
    expect(others.length).toBeGreaterThan(0);
    for (const a of others) expect(a.channel).toBe('original_unit');
  });

  it('is idempotent, and a demo seeded before dues existed gets them once', async () => {
    const before = await Promise.all([count('dues_policies'), count('dues_assessments'), count('change_log')]);
    expect(await seedDemo(backend.storage.db)).toBe(false);
    expect(await Promise.all([count('dues_policies'), count('dues_assessments'), count('change_log')])).toEqual(before);

    for (const table of ['dues_assessments', 'dues_policies', 'change_log'] as const) await backend.storage.db.deleteFrom(table).execute();
    expect(await seedDemo(backend.storage.db)).toBe(true);
    expect(await Promise.all([count('dues_policies'), count('dues_assessments')])).toEqual(before.slice(0, 2));
    expect(await seedDemo(backend.storage.db)).toBe(false);
  });
});
