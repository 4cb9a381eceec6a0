import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mountAt, resetDevice, unmountAll } from './support/app-harness';
import { stubFetch } from './support/fetch-stub';
import { LI_JIANGUO, ROSTER, WANG_XIUYING, ZHANG_XIAOMING, ZHAO_DESHENG } from './support/fixtures';
import { BRANCH_POLICY, SECRETARY, assessmentOf, freezeMarch2026, paymentOf, seedPulledLedger } from './support/ledger-seed';
import { seedRoster, seedSession } from './support/seed';

beforeEach(async () => {
  // June 2026: 李建国 has paid nothing since January (5 months in arrears by June), 赵德胜 paid only January.
  freezeMarch2026();
  vi.setSystemTime(new Date('2026-06-20T04:00:00.000Z'));
  await resetDevice();
  await seedSession(SECRETARY);
  await seedRoster(ROSTER, [], SECRETARY.id);
  await seedPulledLedger({
    policy: BRANCH_POLICY,
    assessments: [assessmentOf(ZHANG_XIAOMING.id, 1, 500_000), assessmentOf(LI_JIANGUO.id, 2, 500_000), assessmentOf(ZHAO_DESHENG.id, 3, 500_000)],
    payments: [
      paymentOf(ZHANG_XIAOMING.id, 1, ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'], 2500),
      paymentOf(ZHAO_DESHENG.id, 2, ['2026-01'], 2500),
    ],
  });
  stubFetch(() => 'offline');
});
afterEach(() => {
  unmountAll();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('branch overview', () => {
  it('lists members at the warning months of arrears, and charts each month’s collection rate', async () => {
    const app = await mountAt('/ledger/summary');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="summary-rate"]').exists()).toBe(true));
    const flagged = app.wrapper.findAll('[data-testid="summary-arrears"]').map((node) => node.text());
    expect(flagged).toHaveLength(2);
    expect(flagged[0]).toContain('李建国');
    expect(flagged[0]).toContain('欠缴 5 个月');
    expect(flagged[1]).toContain('赵德胜');
    expect(flagged[1]).toContain('欠缴 4 个月');
    // January two of three paid; February to June only 张晓明; the months after June are not charted yet.
    const labels = app.wrapper.findAll('[data-testid="ledger-rate-chart"] text').map((node) => node.text());
    expect(labels.slice(0, 2)).toEqual(['67%', '1']);
    expect(labels.slice(2, 4)).toEqual(['33%', '2']);
    expect(labels.slice(14, 16)).toEqual(['—', '8']);
    expect(app.wrapper.find('[data-testid="secretary-nav"]').exists()).toBe(true);
  });

  it('lists every member it counts as owing: one month unpaid is owing too, below the warning (issue 13, wrong screen 6)', async () => {
    // 王秀英 paid January to April: May is in arrears, a streak of 1, no warning yet.
    await seedPulledLedger({
      assessments: [assessmentOf(WANG_XIUYING.id, 4, 500_000)],
      payments: [paymentOf(WANG_XIUYING.id, 3, ['2026-01', '2026-02', '2026-03', '2026-04'], 2500)],
    });
    const app = await mountAt('/ledger/summary');
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="summary-arrears"]')).toHaveLength(3));
    const count = app.wrapper.find('[data-testid="summary-members-in-arrears"]').text();
    expect(count).toContain('有欠缴的党员');
    expect(count).toContain('3');
    const lines = app.wrapper.findAll('[data-testid="summary-arrears"]').map((node) => node.text());
    expect(lines[2]).toContain('王秀英');
    expect(lines[2]).toContain('欠缴 1 个月');
  });
});
