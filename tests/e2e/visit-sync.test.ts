import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProfile, submitLogin, waitForOfflineShell, type Profile } from './browser';
import { pairedMemberIds, startDemoServer } from './server';

type Server = Awaited<ReturnType<typeof startDemoServer>>;

describe('a visit recorded offline reaches the server exactly once', () => {
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

  it('is saved on the device offline, survives a reload, and syncs when the network returns', async () => {
    const { page, context } = profile;
    await page.goto(server.url);
    await submitLogin(page, 'worker1');
    const [memberId] = await pairedMemberIds(server, 'worker1');
    const row = page.locator(`[data-testid="roster-row"][data-member-id="${memberId}"]`);
    await row.waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId('sync-bar').getAttribute('data-phase'), { timeout: 20_000 }).toBe('idle');
    // The reload below is offline: the app must be installed by then.
    await waitForOfflineShell(page);

    await context.setOffline(true);
    await row.click();
    await page.getByTestId('action-visit').click();
    await page.getByTestId('visit-type-phone').click();
    await page.getByTestId('visit-option-outcome-in_hospital').click();
    await page.getByTestId('visit-submit').click();
    // The demo's books give the member dues payments already: this test follows its one visit.
    const visitState = () => page.locator('[data-testid="record-line"][data-kind="visit"] [data-testid="record-state"]').getAttribute('data-state');
    await expect.poll(visitState, { timeout: 10_000 }).toBe('pending');

    await page.reload();
    await expect.poll(visitState, { timeout: 20_000 }).toBe('pending');

    await context.setOffline(false);
    await expect.poll(visitState, { timeout: 30_000 }).toBe('confirmed');

    const visits = await server.db.selectFrom('visits').select('id').where('member_id', '=', memberId!).execute();
    expect(visits).toHaveLength(1);

    // Another sync finds nothing to send and adds nothing.
    await page.goto(`${server.url}/roster`);
    await page.getByTestId('sync-now').click();
    await expect.poll(() => page.getByTestId('sync-bar').getAttribute('data-pending')).toBe('0');
    await expect.poll(() => page.getByTestId('sync-bar').getAttribute('data-phase'), { timeout: 20_000 }).toBe('idle');
    expect(await server.db.selectFrom('visits').select('id').where('member_id', '=', memberId!).execute()).toHaveLength(1);
  });
});
