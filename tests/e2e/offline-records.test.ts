import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEFAULT_DUES_POLICY, DuesAssessment, DuesPolicy, monthlyDuesFen } from '../../src/domain';
import { openProfile, submitLogin, waitForOfflineShell, type Profile } from './browser';
import { demoDuesYear } from '../../src/server/demo/dues';
import { startDemoServer } from './server';
import { chooseMonth } from './month-picker';

type Server = Awaited<ReturnType<typeof startDemoServer>>;

/** The demo assesses dues for the current year. */
const year = demoDuesYear();

async function logIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(url);
  await submitLogin(page, username);
  await page.getByTestId('roster-row').first().waitFor({ timeout: 20_000 });
  await expect.poll(() => page.getByTestId('sync-bar').getAttribute('data-phase'), { timeout: 20_000 }).toBe('idle');
  // The tests go offline next: the app must be installed to open offline.
  await waitForOfflineShell(page);
}

/** Each record on the member page as "kind:state", sorted, leaving out the demo's own (its books' payments). */
async function recordStates(page: Page, demoRecordIds: readonly string[]): Promise<string[]> {
  const lines = await page.getByTestId('record-line').evaluateAll(
    (rows, ignore) =>
      rows
        .filter((r) => !ignore.includes(r.getAttribute('data-record-id') ?? ''))
        .map((r) => `${r.getAttribute('data-kind')}:${r.querySelector('[data-testid="record-state"]')?.getAttribute('data-state')}`),
    demoRecordIds,
  );
  return lines.sort();
}
const states = (state: string) => [`health:${state}`, `payment:${state}`, `visit:${state}`];

/** A member of worker1 on whom this branch collects dues at the normal rate, with their monthly dues. */
async function payingMember(server: Server): Promise<{ memberId: string; monthlyFen: number }> {
  const rows = await server.db
    .selectFrom('pairings')
    .innerJoin('users', 'users.id', 'pairings.worker_id')
    .innerJoin('dues_assessments', 'dues_assessments.member_id', 'pairings.member_id')
    .select(['pairings.member_id', 'dues_assessments.data'])
    .where('users.username', '=', 'worker1')
    .where('pairings.ended_at', 'is', null)
    .orderBy('pairings.member_id')
    .execute();
  const assessment = rows.map((r) => DuesAssessment.parse(JSON.parse(r.data))).find((a) => a.channel === 'this_branch' && a.category === 'normal');
  if (!assessment) throw new Error('the demo gives worker1 no member who pays dues here');
  const policyRow = await server.db.selectFrom('dues_policies').select('data').where('branch_id', '=', assessment.branchId).executeTakeFirst();
  const policy = policyRow ? DuesPolicy.parse(JSON.parse(policyRow.data)) : { ...DEFAULT_DUES_POLICY, branchId: assessment.branchId };
  return { memberId: assessment.memberId, monthlyFen: monthlyDuesFen(assessment, policy)! };
}

async function countFor(server: Server, table: 'visits' | 'consents' | 'health_notes' | 'dues_payments', memberId: string): Promise<number> {
  const rows = await server.db.selectFrom(table).select('id').where('member_id', '=', memberId).execute();
  return rows.length;
}

describe('a visit, a consented health note and a 3-month payment recorded offline', () => {
  let server: Server;
  let worker1: Profile;
  let worker2: Profile;
  let target: { memberId: string; monthlyFen: number };
  let demoPayments: string[];

  beforeAll(async () => {
    server = await startDemoServer();
    target = await payingMember(server);
    demoPayments = (await server.db.selectFrom('dues_payments').select('id').where('member_id', '=', target.memberId).execute()).map((p) => p.id);
    worker1 = await openProfile();
    worker2 = await openProfile({ width: 1024, height: 768 });
  });

  afterAll(async () => {
    await worker1?.close();
    await worker2?.close();
    await server?.stop();
  });

  it('are kept on the device through a killed browser and reach the server exactly once', async () => {
    await logIn(worker1.page, server.url, 'worker1');
    await worker1.context.setOffline(true);
    const page = worker1.page;
    const memberUrl = `${server.url}/members/${target.memberId}`;

    await page.goto(memberUrl);
    await page.getByTestId('action-visit').click();
    await page.getByTestId('visit-type-phone').click();
    await page.getByTestId('visit-option-outcome-met').click();
    await page.getByTestId('visit-submit').click();
    await page.getByTestId('member-name').waitFor();

    await page.getByTestId('action-health').click();
    await page.getByTestId('consent-by-self').click();
    await page.getByTestId('consent-give').click();
    await page.getByTestId('health-form').waitFor();
    await page.getByTestId('health-overall-fair').click();
    await page.getByTestId('health-mobility-independent').click();
    await page.getByTestId('health-mood-normal').click();
    await page.getByTestId('health-submit').click();
    await page.getByTestId('member-name').waitFor();

    await page.getByTestId('action-dues').click();
    await chooseMonth(page, 'dues-from', `${year}-09`);
    await page.getByTestId('dues-months').locator('input').fill('3');
    await expect.poll(() => page.getByTestId('dues-amount').getAttribute('data-fen')).toBe(String(3 * target.monthlyFen));
    await page.getByTestId('dues-submit').click();
    await page.getByTestId('member-name').waitFor();

    // Visit, health note and payment (and the consent behind the note): saved on this device, none sent.
    await expect.poll(() => recordStates(page, demoPayments)).toEqual(states('pending'));
    expect(await countFor(server, 'visits', target.memberId)).toBe(0);

    await worker1.restart({ offline: true });
    await worker1.page.goto(memberUrl);
    await expect.poll(() => recordStates(worker1.page, demoPayments), { timeout: 20_000 }).toEqual(states('pending'));

    await worker1.context.setOffline(false);
    await worker1.page.goto(`${server.url}/roster`);
    await worker1.page.getByTestId('sync-now').click();
    await expect.poll(() => worker1.page.getByTestId('sync-bar').getAttribute('data-pending'), { timeout: 30_000 }).toBe('0');
    await worker1.page.goto(memberUrl);
    await expect.poll(() => recordStates(worker1.page, demoPayments), { timeout: 30_000 }).toEqual(states('confirmed'));

    expect(await countFor(server, 'visits', target.memberId)).toBe(1);
    expect(await countFor(server, 'consents', target.memberId)).toBe(1);
    expect(await countFor(server, 'health_notes', target.memberId)).toBe(1);
    const payments = (await server.db.selectFrom('dues_payments').select(['id', 'amount_fen', 'data']).where('member_id', '=', target.memberId).execute()).filter(
      (p) => !demoPayments.includes(p.id),
    );
    expect(payments.map((p) => Number(p.amount_fen))).toEqual([3 * target.monthlyFen]);
    expect((JSON.parse(payments[0]!.data) as { months: string[] }).months).toEqual([`${year}-09`, `${year}-10`, `${year}-11`]);
  });

  it('never reach another worker’s device', async () => {
    await logIn(worker2.page, server.url, 'worker2');
    await worker2.page.getByTestId('sync-now').click();
    await expect.poll(() => worker2.page.getByTestId('sync-bar').getAttribute('data-phase'), { timeout: 20_000 }).toBe('idle');
    const onDevice = await worker2.page.evaluate(async (memberId) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('doorstep');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const found: string[] = [];
      for (const store of ['members', 'visits', 'consents', 'healthNotes', 'duesPayments']) {
        const rows = await new Promise<{ id?: string; memberId?: string }[]>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result as { id?: string; memberId?: string }[]);
          request.onerror = () => reject(request.error);
        });
        for (const row of rows) if (row.memberId === memberId || row.id === memberId) found.push(store);
      }
      db.close();
      return found;
    }, target.memberId);
    expect(onDevice).toEqual([]);
    // The device did sync: worker2's own members are there.
    expect(await worker2.page.getByTestId('roster-row').count()).toBeGreaterThan(0);
  });
});
