import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Member, Organisation, User } from '../../src/domain';
import { newPasswordProblem } from '../../src/domain/common-passwords';
import { DEMO_LOGINS, DEMO_MEMBER_COUNT, demoPasswordForRun, demoPasswords, seedDemo } from '../../src/server/demo';
import { memberFromRow, organisationFromRow, userFromRow } from '../../src/server/storage/rows';
import { backends, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';

// DEMO_PASSWORD, or one generated for this run and put in the environment, so the demo server seeds its logins with it.
const DEMO_PASSWORD = demoPasswordForRun();

describe.each(backends)('demo community on %s', (kind) => {
  let backend: TestBackend;

  beforeAll(async () => {
    backend = await createBackend(kind);
    expect(await seedDemo(backend.storage.db)).toBe(true);
  });
  afterAll(async () => {
    await backend?.destroy();
  });

  const count = async (table: 'organisations' | 'users' | 'members' | 'pairings') =>
    Number(
      (await backend.storage.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n,
    );

  it('is idempotent: a second run changes nothing', async () => {
    const before = await Promise.all([count('organisations'), count('users'), count('members'), count('pairings')]);
    expect(await seedDemo(backend.storage.db)).toBe(false);
    expect(await Promise.all([count('organisations'), count('users'), count('members'), count('pairings')])).toEqual(before);
  });

  it('has one street, one community and an established and a non-established branch', async () => {
    const orgs = (await backend.storage.db.selectFrom('organisations').selectAll().execute()).map(organisationFromRow);
    for (const org of orgs) Organisation.parse(org);
    expect(orgs.filter((o) => o.kind === 'street').map((o) => o.name)).toEqual(['和平街道']);
    expect(orgs.filter((o) => o.kind === 'community').map((o) => o.name)).toEqual(['光明社区']);
    expect(orgs.filter((o) => o.kind === 'branch').map((o) => o.branchType).sort()).toEqual(['established', 'non_established']);
  });

  it('has about 60 valid members with a realistic mix', async () => {
    const members = (await backend.storage.db.selectFrom('members').selectAll().execute()).map(memberFromRow);
    expect(members).toHaveLength(DEMO_MEMBER_COUNT);
    for (const member of members) expect(() => Member.parse(member), member.name).not.toThrow();
    expect(new Set(members.map((m) => m.name)).size).toBe(members.length);

    const years = members.map((m) => Number(m.birthDate.slice(0, 4)));
    expect(Math.min(...years)).toBeGreaterThanOrEqual(1936);
    expect(Math.max(...years)).toBeLessThanOrEqual(1962);
    for (const m of members) {
      expect(Number(m.address.building)).toBeGreaterThanOrEqual(1);
      expect(Number(m.address.building)).toBeLessThanOrEqual(12);
      expect(['1', '2', '3']).toContain(m.address.unit);
      expect(m.address.room).toMatch(/^[1-6]0[1-2]$/);
    }
    expect(new Set(members.map((m) => m.address.compound)).size).toBeGreaterThanOrEqual(3);
    // Surnames vary, given names are one or two characters.
    expect(new Set(members.map((m) => m.name[0])).size).toBeGreaterThan(15);
    expect(members.some((m) => m.name.length === 2)).toBe(true);

    const nonParty = members.filter((m) => !m.isPartyMember);
    expect(nonParty.length).toBeGreaterThan(0);
    for (const m of nonParty) expect(m.branchId).toBeNull();
    const statuses = members.map((m) => m.status);
    expect(statuses.filter((s) => s === 'active').length).toBeGreaterThan(45);
    expect(statuses.filter((s) => s === 'away').length).toBeGreaterThanOrEqual(2);
    expect(statuses.filter((s) => s === 'deceased').length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s === 'deceased').length).toBeLessThanOrEqual(2);
    expect(statuses.filter((s) => s === 'transferred')).toHaveLength(1);
    expect(members.some((m) => m.away?.place === '海南三亚')).toBe(true);
    for (const flag of ['livingAlone', 'emptyNest', 'bedridden', 'disabled'] as const) {
      expect(members.some((m) => m.risks[flag]), flag).toBe(true);
    }
    expect(members.some((m) => m.hobbies.length > 0)).toBe(true);
    expect(members.some((m) => m.serviceNeeds.length > 0)).toBe(true);
  });

  it('has 4 workers, 1 secretary of the established branch and 1 admin, all able to log in', async () => {
    const rows = await backend.storage.db.selectFrom('users').selectAll().execute();
    const users = rows.map(userFromRow);
    for (const user of users) User.parse(user);
    expect(users.filter((u) => u.role === 'worker').map((u) => u.username).sort()).toEqual(['worker1', 'worker2', 'worker3', 'worker4']);
    expect(users.filter((u) => u.role === 'admin').map((u) => u.username)).toEqual(['admin1']);
    const [secretary] = users.filter((u) => u.role === 'secretary');
    expect(users.filter((u) => u.role === 'secretary')).toHaveLength(1);
    const branch = await backend.storage.db.selectFrom('organisations').selectAll().where('id', '=', secretary?.branchId ?? '').executeTakeFirstOrThrow();
    expect(branch.branch_type).toBe('established');
    expect(DEMO_LOGINS.map((l) => l.username).sort()).toEqual(users.map((u) => u.username).sort());

    const app = await buildTestApp(backend);
    try {
      for (const login of DEMO_LOGINS) {
        await expect(loginAs(app, login.username, DEMO_PASSWORD)).resolves.toMatch(/^[\w-]{43}$/);
      }
    } finally {
      await app.close();
    }
  });

  it('gives every member on the roster a primary worker, some a backup, and pairs 张晓明 with worker1', async () => {
    const db = backend.storage.db;
    const members = await db.selectFrom('members').select(['id', 'name', 'status']).execute();
    const pairings = await db
      .selectFrom('pairings')
      .innerJoin('users', 'users.id', 'pairings.worker_id')
      .select(['pairings.member_id', 'pairings.role', 'pairings.ended_at', 'users.username', 'users.role as userRole'])
      .execute();
    for (const p of pairings) expect(p.userRole).toBe('worker');
    const active = pairings.filter((p) => p.ended_at === null);
    for (const member of members.filter((m) => m.status === 'active' || m.status === 'away')) {
      const primaries = active.filter((p) => p.member_id === member.id && p.role === 'primary');
      expect(primaries, member.name).toHaveLength(1);
    }
    for (const member of members.filter((m) => m.status === 'deceased' || m.status === 'transferred')) {
      expect(active.filter((p) => p.member_id === member.id), member.name).toHaveLength(0);
    }
    expect(active.filter((p) => p.role === 'backup').length).toBeGreaterThan(0);
    const perWorker = new Set(active.map((p) => p.username));
    expect(perWorker.size).toBe(4);

    const zhang = members.filter((m) => m.name === '张晓明');
    expect(zhang).toHaveLength(1);
    const zhangPrimary = active.find((p) => p.member_id === zhang[0]?.id && p.role === 'primary');
    expect(zhangPrimary?.username).toBe('worker1');
  });
});

describe('demo passwords (no password in the code)', () => {
  it('generates a different password for each login when DEMO_PASSWORD is unset, each following the password rules', () => {
    const passwords = demoPasswords({});
    expect([...passwords.keys()].sort()).toEqual(DEMO_LOGINS.map((l) => l.username).sort());
    const values = [...passwords.values()];
    expect(new Set(values).size).toBe(values.length);
    for (const password of values) expect(newPasswordProblem(password)).toBeNull();
    // A second start would draw new ones: nothing fixed to look up.
    expect([...demoPasswords({}).values()]).not.toEqual(values);
  });

  it('gives every login DEMO_PASSWORD when it is set, and refuses one that breaks the rules', () => {
    expect(new Set(demoPasswords({ DEMO_PASSWORD: 'tests-own-pass-42' }).values())).toEqual(new Set(['tests-own-pass-42']));
    expect(() => demoPasswords({ DEMO_PASSWORD: '        ' })).toThrow(/DEMO_PASSWORD/);
    expect(() => demoPasswords({ DEMO_PASSWORD: 'short' })).toThrow(/DEMO_PASSWORD/);
    expect(() => demoPasswords({ DEMO_PASSWORD: 'password123' })).toThrow(/PASSWORD_COMMON/);
  });

  it('puts a generated password in the environment for a run that has none, and keeps one that is set', () => {
    const env: NodeJS.ProcessEnv = {};
    const first = demoPasswordForRun(env);
    expect(env.DEMO_PASSWORD).toBe(first);
    expect(demoPasswordForRun(env)).toBe(first);
  });
});

describe.each(backends)('demo seeded with generated passwords on %s', (kind) => {
  let backend: TestBackend;
  afterAll(async () => {
    await backend?.destroy();
  });

  it('lets each login in with its own password and no other', async () => {
    backend = await createBackend(kind);
    const passwords = demoPasswords({});
    expect(await seedDemo(backend.storage.db, passwords)).toBe(true);
    const app = await buildTestApp(backend);
    try {
      await expect(loginAs(app, 'worker1', passwords.get('worker1')!)).resolves.toBeTruthy();
      await expect(loginAs(app, 'admin1', passwords.get('admin1')!)).resolves.toBeTruthy();
      await expect(loginAs(app, 'admin1', passwords.get('worker1')!)).rejects.toThrow(/INVALID_CREDENTIALS/);
    } finally {
      await app.close();
    }
  });
});
