import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mountAt, resetDevice, unmountAll } from './support/app-harness';
import { stubFetch } from './support/fetch-stub';
import { ROSTER, ZHANG_XIAOMING } from './support/fixtures';
import { BRANCH_POLICY, SECRETARY, assessmentOf, freezeMarch2026, seedPulledLedger } from './support/ledger-seed';
import { seedRoster, seedSession } from './support/seed';

/**
 * Issue 13, wrong screen 13: the 党费 register's export sat among the 组织生活 pages, where a secretary looking for
 * it under 党费台账 did not find it. It is reached from the dues ledger now, and the 组织生活 export is the
 * attendance register's alone.
 */
vi.setConfig({ testTimeout: 20_000 });

beforeEach(async () => {
  freezeMarch2026();
  await resetDevice();
  await seedSession(SECRETARY);
  await seedRoster(ROSTER, [], SECRETARY.id);
  await seedPulledLedger({ policy: BRANCH_POLICY, assessments: [assessmentOf(ZHANG_XIAOMING.id, 1, 500_000)] });
  stubFetch(() => 'offline');
});
afterEach(() => {
  unmountAll();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the dues register’s export', () => {
  it('is reached from 党费台账, shows the dues sheet alone, and goes back to the ledger', async () => {
    const app = await mountAt('/ledger');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="ledger-export-link"]').exists()).toBe(true));
    expect(app.wrapper.find('[data-testid="ledger-export-link"]').text()).toBe('导出与打印');
    await app.wrapper.find('[data-testid="ledger-export-link"]').trigger('click');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('ledger-export'));
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="export-dues-xlsx"]').exists()).toBe(true));
    expect(app.wrapper.find('[data-testid="export-attendance-xlsx"]').exists()).toBe(false);
    expect(app.wrapper.find('[data-testid="attendance-links"]').exists()).toBe(false);

    await app.wrapper.find('.van-nav-bar__left').trigger('click');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('ledger'));
    await flushPromises();
  });

  it('is not among the 组织生活 pages: their export is the attendance register’s', async () => {
    const app = await mountAt('/meetings');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="link-ledger-export"]').exists()).toBe(true));
    await app.wrapper.find('[data-testid="link-ledger-export"]').trigger('click');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="export-attendance-xlsx"]').exists()).toBe(true));
    expect(app.wrapper.find('[data-testid="export-dues-xlsx"]').exists()).toBe(false);
  });
});
