import { describe, expect, it } from 'vitest';
import { periodMonths, quarterOf, visitLedgerRows, visitLedgerSheet, VISIT_LEDGER_LABELS_ZH, type Visit } from '../../src/domain';
import { validMember } from './fixtures';

const WORKER = '11111111-1111-4111-8111-111111111111';
const COLLEAGUE = '22222222-2222-4222-8222-222222222222';
const GONE = '33333333-3333-4333-8333-333333333333';
const ZHANG = validMember();
const LI = validMember({ id: '0b9a3f0e-7d4c-4c8e-9a51-2f7f3c1d5e02', name: '李秀英', address: { compound: '光明小区', building: '东区3号楼', unit: '1', room: '101' } });

let n = 0;
function visit(overrides: Partial<Visit> = {}): Visit {
  n += 1;
  return {
    id: `aaaaaaaa-0000-4000-8000-${String(n).padStart(12, '0')}`,
    memberId: ZHANG.id,
    visitorIds: [WORKER],
    type: 'regular',
    occurredAt: '2026-03-10T02:00:00.000Z',
    outcome: 'met',
    templateId: 'regular',
    templateVersion: 1,
    livingSituation: '',
    homeSafety: null,
    needs: [],
    solvedOnSpot: '',
    followUps: [],
    itemsDelivered: [],
    notes: '',
    amends: null,
    campaignId: null,
    recordedAt: '2026-03-10T03:00:00.000Z',
    ...overrides,
  };
}

const members = new Map([ZHANG, LI].map((m) => [m.id, m]));
const visitorNames = new Map([
  [WORKER, '刘芳'],
  [COLLEAGUE, '王芳'],
]);

describe('the period', () => {
  it('is a month or a quarter of three months', () => {
    expect(periodMonths({ kind: 'month', month: '2026-03' })).toEqual(['2026-03']);
    expect(periodMonths({ kind: 'quarter', year: 2026, quarter: 4 })).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(quarterOf('2026-05')).toEqual({ year: 2026, quarter: 2 });
    expect(() => periodMonths({ kind: 'month', month: '2026-13' })).toThrow(RangeError);
  });

  it('is named as offices write it', () => {
    expect(VISIT_LEDGER_LABELS_ZH.period({ kind: 'month', month: '2026-03' })).toBe('2026年3月');
    expect(VISIT_LEDGER_LABELS_ZH.period({ kind: 'quarter', year: 2026, quarter: 1 })).toBe('2026年第一季度（1月—3月）');
  });
});

describe('the 走访台账 rows', () => {
  it('takes the visits of the period by their Beijing date, in the order they happened', () => {
    // 2026-02-28T16:30Z is 1 March 00:30 in Beijing; 2026-03-31T16:00Z is already April there.
    const march1 = visit({ occurredAt: '2026-02-28T16:30:00.000Z', memberId: LI.id });
    const march10 = visit();
    const april = visit({ occurredAt: '2026-03-31T16:00:00.000Z' });
    const february = visit({ occurredAt: '2026-02-28T15:59:00.000Z' });
    const rows = visitLedgerRows({ period: { kind: 'month', month: '2026-03' }, visits: [march10, april, february, march1], members, visitorNames });
    expect(rows.map((r) => [r.visit.id, r.date])).toEqual([
      [march1.id, '2026-03-01'],
      [march10.id, '2026-03-10'],
    ]);
    const quarter = visitLedgerRows({ period: { kind: 'quarter', year: 2026, quarter: 1 }, visits: [march10, april, february, march1], members, visitorNames });
    expect(quarter.map((r) => r.visit.id)).toEqual([february.id, march1.id, march10.id]);
  });

  it('shows a corrected visit once, as corrected, on the corrected date', () => {
    const original = visit({ occurredAt: '2026-02-27T02:00:00.000Z', recordedAt: '2026-02-27T03:00:00.000Z', livingSituation: '误记' });
    const fix = visit({ amends: original.id, occurredAt: '2026-03-02T02:00:00.000Z', recordedAt: '2026-03-03T00:00:00.000Z', livingSituation: '独自在家，精神好' });
    const march = visitLedgerRows({ period: { kind: 'month', month: '2026-03' }, visits: [original, fix], members, visitorNames });
    expect(march).toHaveLength(1);
    expect(march[0]!.situation).toContain('独自在家，精神好');
    expect(visitLedgerRows({ period: { kind: 'month', month: '2026-02' }, visits: [original, fix], members, visitorNames })).toEqual([]);
  });

  it('takes the latest of several corrections, and a correction of a correction for the same visit', () => {
    const original = visit({ recordedAt: '2026-03-10T03:00:00.000Z' });
    const first = visit({ amends: original.id, recordedAt: '2026-03-11T00:00:00.000Z', notes: '第一次更正' });
    const second = visit({ amends: first.id, recordedAt: '2026-03-12T00:00:00.000Z', notes: '第二次更正' });
    const rows = visitLedgerRows({ period: { kind: 'month', month: '2026-03' }, visits: [second, original, first], members, visitorNames });
    expect(rows.map((r) => r.visit.id)).toEqual([second.id]);
  });

  it('writes each column as the ledger reads: address with units, 入户/电话/视频, visitors by name, situation, solved, follow-ups', () => {
    const closure = { id: 'cccccccc-0000-4000-8000-000000000001', memberId: ZHANG.id, visitId: '', index: 1, note: '', closedBy: WORKER, closedAt: '2026-03-20T00:00:00.000Z' };
    const home = visit({
      visitorIds: [WORKER, COLLEAGUE, GONE],
      type: 'festival',
      livingSituation: '老人身体尚可',
      needs: ['health', 'emotional'],
      solvedOnSpot: '帮助预约体检',
      itemsDelivered: [
        { kind: 'cash', description: '慰问金', amountFen: 20_000 },
        { kind: 'gift', description: '月饼一盒', amountFen: null },
      ],
      followUps: [
        { what: '联系社区医生', owner: '刘芳', deadline: '2026-03-20', status: 'open' },
        { what: '修理门锁', owner: '物业', deadline: '2026-03-15', status: 'open' },
        { what: '送老花镜', owner: '刘芳', deadline: '2026-03-12', status: 'done' },
      ],
      notes: '女儿周末来',
    });
    const call = visit({ memberId: LI.id, type: 'phone', outcome: 'in_hospital', occurredAt: '2026-03-11T02:00:00.000Z' });
    const video = visit({ memberId: 'dddddddd-0000-4000-8000-000000000000', type: 'video', occurredAt: '2026-03-12T02:00:00.000Z' });
    const [first, second, third] = visitLedgerRows({
      period: { kind: 'month', month: '2026-03' },
      visits: [home, call, video],
      members,
      visitorNames,
      closures: [{ ...closure, visitId: home.id }],
    });
    expect(first).toMatchObject({
      name: '张晓明',
      address: '光明小区 3栋2单元502室',
      date: '2026-03-10',
      mode: '入户',
      visitors: '刘芳、王芳、（已停用账号）',
      situation: '节日慰问；见到本人；老人身体尚可；需求：医疗健康、心理慰藉；女儿周末来',
      solved: '帮助预约体检；送慰问金 200.00 元；送月饼一盒',
      followUps: '联系社区医生（刘芳，2026-03-20 前，未完成）；修理门锁（物业，2026-03-15 前，已完成）；送老花镜（刘芳，2026-03-12 前，已完成）',
    });
    expect(second).toMatchObject({ name: '李秀英', address: '光明小区 东区3号楼1单元101室', mode: '电话', situation: '电话；住院', solved: '', followUps: '' });
    expect(third).toMatchObject({ name: '（不在本机名册）', address: '', mode: '视频' });
  });
});

describe('the 走访台账 sheet', () => {
  it('has the nine customary columns, a numbered row per visit and a totals row counting people and ways', () => {
    const visits = [
      visit(),
      visit({ occurredAt: '2026-03-12T02:00:00.000Z' }),
      visit({ memberId: LI.id, type: 'phone', occurredAt: '2026-03-13T02:00:00.000Z' }),
    ];
    const sheet = visitLedgerSheet({ organisation: '光明社区', period: { kind: 'month', month: '2026-03' }, visits, members, visitorNames });
    expect(sheet.title).toBe('光明社区 走访台账');
    expect(sheet.period).toBe('2026年3月');
    expect(sheet.header).toEqual(['序号', '姓名', '住址', '走访日期', '方式', '走访人', '情况', '解决的问题', '后续事项']);
    expect(sheet.rows.map((row) => row[0])).toEqual([1, 2, 3].map((value) => ({ kind: 'number', value })));
    expect(sheet.rows.every((row) => row.length === 9)).toBe(true);
    expect(sheet.totals).toHaveLength(9);
    expect(sheet.totals[1]).toEqual({ kind: 'text', text: '2 人' });
    expect(sheet.totals[6]).toEqual({ kind: 'text', text: '入户 2 次 · 电话 1 次 · 视频 0 次' });
  });
});
