import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computePlan, dayInShanghai, monthInShanghai, planTabs, type Coverage, type Member } from '../../src/domain';
import { demoPasswordForRun } from '../../src/server/demo';
import { memberFromRow } from '../../src/server/storage/rows';
import { openProfile, submitLogin, waitForOfflineShell, type Profile } from './browser';
import { startDemoServer } from './server';

// DEMO_PASSWORD, or one generated for this run and put in the environment, so the demo server seeds its logins with it.
const DEMO_PASSWORD = demoPasswordForRun();

type Server = Awaited<ReturnType<typeof startDemoServer>>;

/** worker1's members as the server holds them, and which of them worker1 is the primary worker of. */
async function workerMembers(server: Server, username: string): Promise<{ members: Member[]; primary: Set<string> }> {
  const rows = await server.db
    .selectFrom('pairings')
    .innerJoin('users', 'users.id', 'pairings.worker_id')
    .innerJoin('members', 'members.id', 'pairings.member_id')
    .selectAll('members')
    .select('pairings.role as pairingRole')
    .where('users.username', '=', username)
    .where('pairings.ended_at', 'is', null)
    .execute();
  const members = new Map(rows.map((row) => [row.id, memberFromRow(row)]));
  return { members: [...members.values()], primary: new Set(rows.filter((r) => r.pairingRole === 'primary').map((r) => r.id)) };
}

async function adminCoverage(server: Server, month: string): Promise<Coverage> {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin1', password: DEMO_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const answer = await fetch(`${server.url}/api/coverage?month=${month}`, { headers: { authorization: `Bearer ${token}` } });
  expect(answer.status).toBe(200);
  return (await answer.json()) as Coverage;
}

describe('the worker’s plan, offline, in Chromium', () => {
  let server: Server;
  let profile: Profile;

  beforeAll(async () => {
    server = await startDemoServer();
    profile = await openProfile();
  });

  afterAll(async () => {
    await profile?.close();
    await server?.stop();
  });

  it('lists today’s members with their reasons; a visit takes its item off at once, 住院 adds the sick visit; back online the visits land and the admin’s coverage counts them with the device’s last sync', async () => {
    const { page, context } = profile;
    await page.goto(server.url);
    await submitLogin(page, 'worker1');
    await page.getByTestId('plan-counts').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId('sync-bar').getAttribute('data-phase'), { timeout: 20_000 }).toBe('idle');
    await waitForOfflineShell(page);
    await context.setOffline(true);

    // What the server's records say worker1's day holds (the demo has no visits yet: everyone is due today).
    const { members, primary } = await workerMembers(server, 'worker1');
    const today = dayInShanghai(new Date().toISOString());
    const expected = planTabs(computePlan({ today, members, visits: [], events: [], closures: [], campaigns: [], settings: [] }), today, members).today;
    const athome = members.filter((m) => m.status === 'active');
    expect(athome.length).toBeGreaterThan(2);
    for (const member of athome) expect(expected.some((i) => i.memberId === member.id && i.reason === 'cadence')).toBe(true);

    await page.getByTestId('worker-nav-plan').click();
    const rows = page.locator('[data-testid="plan-list"] [data-testid="plan-item"]');
    const shown = async () =>
      rows.evaluateAll((nodes) => nodes.map((n) => `${n.getAttribute('data-member-id')}:${n.getAttribute('data-reason')}`));
    await expect.poll(shown, { timeout: 10_000 }).toEqual(expected.map((i) => `${i.memberId}:${i.reason}`));
    const first = rows.first();
    const reason = (await first.getByTestId('plan-item-reason').textContent()) ?? '';
    expect(reason).toMatch(/^定期走访（(高风险|重点|一般)）$|^电话联系$|岁生日$|^政治生日$/);
    const byName = new Map(members.map((m) => [m.id, m.name]));
    expect(await first.locator('.plan-item__name').textContent()).toBe(byName.get(expected[0]!.memberId));

    // A: visited in person now, from the plan. B: called, found in hospital.
    const [a, b] = athome.filter((m) => primary.has(m.id));
    expect(a && b).toBeTruthy();
    const cadenceRow = (id: string) => page.locator(`[data-testid="plan-list"] [data-testid="plan-item"][data-member-id="${id}"][data-reason="cadence"]`);
    await cadenceRow(a!.id).getByTestId('plan-item-record').click();
    await page.getByTestId('visit-option-outcome-met').click();
    for (const key of ['gas', 'electricity', 'heating']) await page.getByTestId(`visit-safety-${key}-ok`).click();
    await page.getByTestId('visit-safety-smokeAlarm-present').click();
    await page.getByTestId('visit-submit').click();
    await page.getByTestId('member-name').waitFor();
    await page.goBack();
    // At once: the item leaves 今天 and shows as done under 已处理.
    await expect.poll(() => cadenceRow(a!.id).count(), { timeout: 2_000 }).toBe(0);
    await expect
      .poll(() => page.locator(`[data-testid="plan-settled"] [data-member-id="${a!.id}"][data-reason="cadence"]`).getAttribute('data-state'), { timeout: 2_000 })
      .toBe('done');

    await page.goto(`${server.url}/members/${b!.id}/visit?type=phone`);
    await page.getByTestId('visit-option-outcome-in_hospital').click();
    await page.getByTestId('visit-submit').click();
    await page.getByTestId('member-name').waitFor();
    await expect
      .poll(() => page.locator('[data-testid="member-plan"] [data-testid="plan-item"][data-reason="sick"]').count(), { timeout: 2_000 })
      .toBe(1);
    await page.goto(`${server.url}/plan`);
    const sick = page.locator(`[data-testid="plan-list"] [data-testid="plan-item"][data-member-id="${b!.id}"][data-reason="sick"]`);
    await expect.poll(() => sick.getByTestId('plan-item-reason').textContent(), { timeout: 5_000 }).toBe('住院探望');

    const wentOnline = new Date().toISOString();
    await context.setOffline(false);
    await expect.poll(() => page.getByTestId('sync-bar').getAttribute('data-pending'), { timeout: 30_000 }).toBe('0');
    const visits = await server.db.selectFrom('visits').select(['member_id', 'visit_type']).where('member_id', 'in', [a!.id, b!.id]).execute();
    expect(visits.map((v) => `${v.member_id}:${v.visit_type}`).sort()).toEqual([`${a!.id}:regular`, `${b!.id}:phone`].sort());

    // The admin's coverage of the month counts them, with worker1's device's last sync.
    await expect.poll(() => page.getByTestId('sync-bar').getAttribute('data-phase'), { timeout: 20_000 }).toBe('idle');
    const coverage = await adminCoverage(server, monthInShanghai(new Date().toISOString()));
    const worker1 = (await server.db.selectFrom('users').select('id').where('username', '=', 'worker1').executeTakeFirstOrThrow()).id;
    const line = coverage.workers.find((w) => w.workerId === worker1)!;
    expect(line).toMatchObject({ visited: 1, phoned: 1 });
    expect(coverage.community.visited).toBe(1);
    expect(line.devices.some((d) => d.lastSyncAt !== null && d.lastSyncAt >= wentOnline)).toBe(true);
  });
});
