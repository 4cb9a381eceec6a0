import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_DUES_POLICY, DuesAssessment, DuesPayment, type Change } from '../../src/domain';
import { applyPulledPage } from '../../src/app/repositories/pull-repository';
import { mountAt, resetDevice, unmountAll, type MountedApp } from './support/app-harness';
import { stubFetch } from './support/fetch-stub';
import { BRANCH_ID, LI_JIANGUO, ROSTER, ZHANG_XIAOMING, makeUser, uuid } from './support/fixtures';
import { seedRoster, seedSession } from './support/seed';

/**
 * The worker's member page shows a party member's arrears as the secretary's ledger counts them, and the dues
 * form opens on the first unpaid month (issue 12). 5,000.00 元 at 0.5 % is 25.00 元 a month, worked by hand.
 */
const MONTHLY = 2_500;

function assessment(memberId: string, n: number): DuesAssessment {
  return DuesAssessment.parse({
    id: uuid(0x9100 + n),
    memberId,
    branchId: BRANCH_ID,
    year: 2026,
    effectiveFrom: '2026-01',
    baseFen: 500_000,
    category: 'normal',
    channel: 'this_branch',
    reducedFen: null,
  });
}

function payment(memberId: string, n: number, months: string[], recordedAt: string): DuesPayment {
  return DuesPayment.parse({
    id: uuid(0x9200 + n),
    memberId,
    branchId: BRANCH_ID,
    kind: 'payment',
    reverses: null,
    months,
    allocation: months.map((month) => ({ month, amountFen: MONTHLY })),
    voluntaryFen: 0,
    amountFen: MONTHLY * months.length,
    method: 'cash',
    receiptRef: '',
    paidBy: { kind: 'self' },
    collectedBy: makeUser().id,
    recordedAt,
  });
}

async function seedBooks(): Promise<void> {
  const changes: Change[] = [
    { version: 1, entity: 'dues_assessment', id: uuid(0x9101), op: 'upsert', data: assessment(ZHANG_XIAOMING.id, 1) },
    { version: 2, entity: 'dues_assessment', id: uuid(0x9102), op: 'upsert', data: assessment(LI_JIANGUO.id, 2) },
    { version: 3, entity: 'dues_policy', id: uuid(0x9999), op: 'upsert', data: { branchId: BRANCH_ID, ...DEFAULT_DUES_POLICY } },
    // 张晓明 paid January and February, then nothing: March to June are in arrears on 2026-07-20.
    { version: 4, entity: 'dues_payment', id: uuid(0x9201), op: 'upsert', data: payment(ZHANG_XIAOMING.id, 1, ['2026-01', '2026-02'], '2026-02-10T02:00:00.000Z') },
    // 李建国 is paid up to July.
    {
      version: 5,
      entity: 'dues_payment',
      id: uuid(0x9202),
      op: 'upsert',
      data: payment(LI_JIANGUO.id, 2, ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'], '2026-06-10T02:00:00.000Z'),
    },
    { version: 6, entity: 'dues_payment', id: uuid(0x9203), op: 'upsert', data: payment(LI_JIANGUO.id, 3, ['2026-07'], '2026-07-02T02:00:00.000Z') },
  ];
  await applyPulledPage({ changes, cursor: 6, scope: 's', reset: false });
}

const standing = (app: MountedApp) => app.wrapper.find('[data-testid="member-dues-standing"]');

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-07-20T04:00:00.000Z') });
  await resetDevice();
  await seedSession();
  await seedRoster(ROSTER);
  await seedBooks();
  stubFetch(() => 'offline');
});
afterEach(() => {
  unmountAll();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('a member’s dues on the worker’s member page', () => {
  it('shows four months in arrears as the secretary’s ledger flags them, with the months', async () => {
    const app = await mountAt(`/members/${ZHANG_XIAOMING.id}`);
    await vi.waitFor(() => expect(standing(app).exists()).toBe(true));
    expect(standing(app).attributes('data-level')).toBe('warning');
    expect(standing(app).text()).toContain('欠缴 4 个月·预警');
    expect(standing(app).text()).toContain('欠缴月份：2026-03、2026-04、2026-05、2026-06');
  });

  it('says nothing is owed for a member paid up to this month', async () => {
    const app = await mountAt(`/members/${LI_JIANGUO.id}`);
    await vi.waitFor(() => expect(standing(app).exists()).toBe(true));
    expect(standing(app).attributes('data-level')).toBe('none');
    expect(standing(app).text()).toBe('无欠缴');
  });

  it('opens the dues form on the first unpaid month and updates the arrears once a payment is recorded', async () => {
    const app = await mountAt(`/members/${ZHANG_XIAOMING.id}/dues`);
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="dues-from"]').exists()).toBe(true));
    expect(app.wrapper.find('[data-testid="dues-from"]').attributes('data-month')).toBe('2026-03');
    await app.wrapper.find('[data-testid="dues-months"] input').setValue('2');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="dues-amount"]').attributes('data-fen')).toBe(String(2 * MONTHLY)));
    await app.wrapper.find('[data-testid="dues-submit"]').trigger('click');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('member'));
    // March and April paid: May and June remain, two months — below the warning.
    await vi.waitFor(() => expect(standing(app).attributes('data-streak')).toBe('2'));
    expect(standing(app).attributes('data-level')).toBe('none');
    expect(standing(app).text()).toContain('欠缴 2 个月');
  });
});
