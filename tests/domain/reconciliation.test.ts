import { describe, expect, it } from 'vitest';
import { isMonthLocked, lockedMonthFor, reconcileMonth, type LedgerEntry, type ReconciliationInput } from '../../src/domain';
import {
  BRANCH,
  MEMBER,
  SECRETARY,
  WORKER,
  WORKER2,
  adjustment,
  assessment,
  confirmation,
  handover,
  member,
  monthClose,
  payment,
  policy,
  remittance,
  resolution,
  reversal,
} from './ledger-fixtures';

const OTHER = '6f708192-a3b4-4cdf-9041-5c6d7e8f90a1';

function input(overrides: Partial<ReconciliationInput>): ReconciliationInput {
  return {
    branchId: BRANCH,
    month: '2026-03',
    policy: policy(),
    members: [member(), member({ id: OTHER, name: '李秀英' })],
    // 3,000 元 → 15.00 元; 6,200 元 → 62.00 元
    assessments: [
      assessment({ effectiveFrom: '2026-01', baseFen: 300_000 }),
      assessment({ effectiveFrom: '2026-01', baseFen: 620_000, memberId: OTHER }),
    ],
    entries: [],
    handovers: [],
    confirmations: [],
    remittances: [],
    closes: [],
    secretaryIds: [SECRETARY],
    ...overrides,
  };
}

describe('month lock (结账)', () => {
  it('is decided by the last lock or unlock of that month in that branch', () => {
    const closes = [
      monthClose('2026-03', 'lock', '2026-04-02T02:00:00.000Z'),
      monthClose('2026-03', 'unlock', '2026-04-05T02:00:00.000Z'),
      monthClose('2026-04', 'lock', '2026-05-02T02:00:00.000Z'),
    ];
    expect(isMonthLocked(closes, BRANCH, '2026-03')).toBe(false);
    expect(isMonthLocked(closes, BRANCH, '2026-04')).toBe(true);
    expect(isMonthLocked(closes, BRANCH, '2026-05')).toBe(false);
    expect(isMonthLocked(closes, '7081a2b3-c4d5-4e6f-8a9b-0c1d2e3f4a5b', '2026-04')).toBe(false);
    const relocked = [...closes, monthClose('2026-03', 'lock', '2026-04-06T02:00:00.000Z')];
    expect(isMonthLocked([...relocked].reverse(), BRANCH, '2026-03')).toBe(true);
  });

  it('compares times as instants, with or without milliseconds', () => {
    const lock = monthClose('2026-03', 'lock', '2026-04-02T02:00:00Z');
    const unlock = monthClose('2026-03', 'unlock', '2026-04-02T02:00:00.250Z');
    expect(isMonthLocked([lock, unlock], BRANCH, '2026-03')).toBe(false);
  });

  it('breaks a tie of the same instant by id, whatever the input order', () => {
    const same = '2026-04-02T02:00:00.000Z';
    const lock = monthClose('2026-03', 'lock', same, '00000000-0000-4000-8000-00000000000a');
    const unlock = monthClose('2026-03', 'unlock', same, '00000000-0000-4000-8000-00000000000b');
    expect(isMonthLocked([lock, unlock], BRANCH, '2026-03')).toBe(false);
    expect(isMonthLocked([unlock, lock], BRANCH, '2026-03')).toBe(false);
  });
});

describe('entries in a locked month', () => {
  const closes = [monthClose('2026-03', 'lock', '2026-04-02T02:00:00.000Z')];

  it('refuse payments and resolutions collected in it, and accept adjustments', () => {
    const late = payment('2026-03-31T15:00:00.000Z', { '2026-03': 1_500 });
    expect(lockedMonthFor(closes, late)).toBe('2026-03');
    expect(lockedMonthFor(closes, resolution(late, '2026-03', 1_500, '2026-03-31T15:30:00.000Z'))).toBe('2026-03');
    expect(lockedMonthFor(closes, adjustment('2026-03', 1_500, '2026-03-31T15:00:00.000Z'))).toBeNull();
    // 1 April 00:30 in Beijing is April, which is open, even though it pays March.
    expect(lockedMonthFor(closes, payment('2026-03-31T16:30:00.000Z', { '2026-03': 1_500 }))).toBeNull();
  });
});

describe('month reconciliation', () => {
  // March 2026, worked by hand:
  //  worker:    cash 15.00 (王, March) + cash 62.00 (李, March) + cash 15.00 (王, February, collected in Feb)
  //  worker2:   transfer 62.00 (李, April, prepaid in March) + cash 1,015.00 (王 April 15.00 + 大额 1,000.00)
  //  secretary: cash 15.00 (王, May, in March)
  //  reversal of the secretary's payment in March: −15.00
  //  cash adjustment +3.00 in March; book-only adjustment −1.00 (moves no money); refund 2.00 in March
  const feb = payment('2026-02-10T02:00:00.000Z', { '2026-02': 1_500 });
  const wang = payment('2026-03-03T02:00:00.000Z', { '2026-03': 1_500 });
  const li = payment('2026-03-03T03:00:00.000Z', { '2026-03': 6_200 }, { memberId: OTHER });
  const liTransfer = payment('2026-03-04T02:00:00.000Z', { '2026-04': 6_200 }, { memberId: OTHER, method: 'transfer', collectedBy: WORKER2 });
  const large = payment('2026-03-05T02:00:00.000Z', { '2026-04': 1_500 }, { voluntaryFen: 100_000, collectedBy: WORKER2 });
  const bySecretary = payment('2026-03-06T02:00:00.000Z', { '2026-05': 1_500 }, { collectedBy: SECRETARY });
  const undone = reversal(bySecretary, '2026-03-07T02:00:00.000Z');
  const found = adjustment('2026-03', 300, '2026-03-20T02:00:00.000Z', true);
  const bookOnly = adjustment('2026-02', -100, '2026-03-21T02:00:00.000Z', false);
  const refund = resolution(wang, '2026-03', 200, '2026-03-22T02:00:00.000Z');
  // Collected on 1 April 00:30 in Beijing (31 March 16:30 UTC): April's money, not March's.
  const april = payment('2026-03-31T16:30:00.000Z', { '2026-05': 1_500 });
  const entries: LedgerEntry[] = [feb, wang, li, liTransfer, large, bySecretary, undone, found, bookOnly, refund, april];

  it('buckets money by the month it was collected in Beijing time and compares with the month’s dues', () => {
    const r = reconcileMonth(input({ entries }));
    // 15 + 62 + 62 + 1,015 + 15 − 15 + 3 − 2 = 1,155.00 元
    expect(r.collectedFen).toBe(115_500);
    // 15.00 + 62.00 expected for March
    expect(r.expectedFen).toBe(7_700);
    expect(r.varianceFen).toBe(115_500 - 7_700);
    expect(r.largeVoluntaryFen).toBe(100_000);
    // 王: 15 + 1,015 + 15 − 15 + 3 − 2 = 1,031.00; 李: 62 + 62 = 124.00
    expect(r.byMember).toEqual([
      { memberId: MEMBER, name: '王建国', expectedFen: 1_500, collectedFen: 103_100, varianceFen: 101_600 },
      { memberId: OTHER, name: '李秀英', expectedFen: 6_200, collectedFen: 12_400, varianceFen: 6_200 },
    ]);
  });

  it('shows cash with each worker until a handover is confirmed by the other side', () => {
    const r = reconcileMonth(input({ entries }));
    const byId = new Map(r.byCollector.map((p) => [p.collectorId, p]));
    // worker: cash in March 77.00; with them 15 (Feb) + 15 + 62 = 92.00
    expect(byId.get(WORKER)).toMatchObject({ cashFen: 7_700, transferFen: 0, withCollectorFen: 9_200, handedOverFen: 0 });
    // worker2: cash 1,015.00 with them; the transfer went to the branch account
    expect(byId.get(WORKER2)).toMatchObject({ cashFen: 101_500, transferFen: 6_200, withCollectorFen: 101_500 });
    // the secretary's own cash is with the secretary from the start
    expect(byId.get(SECRETARY)).toMatchObject({ cashFen: 0, withCollectorFen: 0 });
    expect(r.cashWithCollectorsFen).toBe(110_700);
    // transfer 62 + secretary 15 − 15 + found 3 − refund 2 = 63.00
    expect(r.cashWithSecretaryFen).toBe(6_300);
    expect(r.differenceFen).toBe(0);

    // Recorded by the worker and "confirmed" by the worker: still pending.
    const selfConfirmed = handover(WORKER, '2026-03', [feb.id, wang.id, li.id], 9_200);
    const pending = reconcileMonth(input({ entries, handovers: [selfConfirmed], confirmations: [confirmation(selfConfirmed, WORKER)] }));
    expect(pending.byCollector.find((p) => p.collectorId === WORKER)).toMatchObject({ pendingHandoverFen: 9_200, withCollectorFen: 9_200 });
    expect(pending.differenceFen).toBe(0);
  });

  it('moves confirmed cash to the secretary, shows a short handover as a difference, and counts remittances to the month end', () => {
    // worker hands over 90.00 for 92.00 of payments: 2.00 short
    const short = handover(WORKER, '2026-03', [feb.id, wang.id, li.id], 9_000);
    const exact = handover(WORKER2, '2026-03', [large.id], 101_500, SECRETARY);
    const r = reconcileMonth(
      input({
        entries,
        handovers: [short, exact],
        confirmations: [confirmation(short, SECRETARY), confirmation(exact, WORKER2)],
        remittances: [remittance('2026-03-31', 100_000, ['2026-03']), remittance('2026-04-01', 5_000, ['2026-03'])],
      }),
    );
    const worker = r.byCollector.find((p) => p.collectorId === WORKER)!;
    expect(worker).toMatchObject({ handedOverFen: 9_000, withCollectorFen: 0, handoverDifferenceFen: -200 });
    expect(r.cashWithCollectorsFen).toBe(0);
    // 63.00 + 90.00 + 1,015.00 − 1,000.00 remitted on 31 March (the 1 April one is April's)
    expect(r.cashWithSecretaryFen).toBe(6_300 + 9_000 + 101_500 - 100_000);
    expect(r.remittedFen).toBe(100_000);
    // collected through March 1,170.00 (with February's 15.00) − (0 + 168.00 + 1,000.00) = 2.00 missing
    expect(r.differenceFen).toBe(200);
  });

  it('reports the month’s lock trail, oldest first', () => {
    const unlock = monthClose('2026-03', 'unlock', '2026-04-05T02:00:00.000Z');
    const lock = monthClose('2026-03', 'lock', '2026-04-02T02:00:00.000Z');
    const other = monthClose('2026-02', 'lock', '2026-03-02T02:00:00.000Z');
    const r = reconcileMonth(input({ closes: [unlock, other, lock] }));
    expect(r.locked).toBe(false);
    expect(r.closes.map((c) => c.id)).toEqual([lock.id, unlock.id]);
    expect(reconcileMonth(input({ month: '2026-02', closes: [unlock, other, lock] })).locked).toBe(true);
  });

  it('expects nothing after a member’s death month and lists money from someone off the roster', () => {
    const stranger = '708192a3-b4c5-4de0-8152-6d7e8f90a1b2';
    const r = reconcileMonth(
      input({
        members: [member({ diedOn: '2026-02-20' }), member({ id: OTHER, name: '李秀英' })],
        entries: [payment('2026-03-03T02:00:00.000Z', { '2026-03': 900 }, { memberId: stranger })],
      }),
    );
    expect(r.expectedFen).toBe(6_200);
    expect(r.byMember.find((m) => m.memberId === MEMBER)!.expectedFen).toBe(0);
    expect(r.byMember.find((m) => m.memberId === stranger)).toEqual({ memberId: stranger, name: '', expectedFen: 0, collectedFen: 900, varianceFen: 900 });
  });
});
