import { describe, expect, it } from 'vitest';
import { readRemarks } from '../../src/domain/roster/roster-remarks';

const BIRTH = '1945-03-12';
const read = (text: string, today = '2026-01-15') => readRemarks(text, { today, birthDate: BIRTH });

describe('remarks: deaths', () => {
  it('reads a death with its date; a month-only date is the 1st, with a notice', () => {
    expect(read('已故（2025.3）')).toEqual({
      status: 'deceased',
      diedOn: '2025-03-01',
      away: null,
      risks: {},
      note: '',
      notices: ['去世日期只写到月份（2025.3），已按当月 1 日记为 2025-03-01'],
      reasons: [],
    });
    expect(read('已去世 2025年3月')).toMatchObject({ status: 'deceased', diedOn: '2025-03-01', note: '' });
    expect(read('2025.3.12病故')).toMatchObject({ status: 'deceased', diedOn: '2025-03-12', note: '', notices: [] });
    expect(read('于2025年3月12日去世')).toMatchObject({ status: 'deceased', diedOn: '2025-03-12' });
  });

  it('refuses a death date in the future or before the birth', () => {
    expect(read('已故（2026.3）')).toMatchObject({ status: null, reasons: ['去世日期「2026.3」晚于今天（2026-01-15），请核对'] });
    expect(read('已故（1940.1.1）')).toMatchObject({ status: null, reasons: ['去世日期（1940-01-01）早于出生日期（1945-03-12），请核对'] });
  });

  it('keeps a death without a date as a note, since the date closes the dues', () => {
    expect(read('已故')).toEqual({
      status: null,
      diedOn: null,
      away: null,
      risks: {},
      note: '已故',
      notices: ['备注「已故」没有写去世日期，未改为已故；请写明日期（如 已故（2025.3））后重新导入，或在成员页记录去世'],
      reasons: [],
    });
  });

  it("does not take someone else's death for the member's", () => {
    expect(read('老伴去世后独居')).toMatchObject({ status: null, risks: { livingAlone: true }, note: '老伴去世后独居' });
  });
});

describe('remarks: away', () => {
  it('sets away for a seasonal window containing today', () => {
    expect(read('冬季在三亚（11月至次年3月）', '2026-01-15')).toEqual({
      status: 'away',
      diedOn: null,
      away: { place: '三亚', from: '2025-11-01', expectedReturn: '2026-03-31', phone: null },
      risks: {},
      note: '',
      notices: ['备注说明目前外出（三亚，预计 2026-03-31 返回），已设为外出'],
      reasons: [],
    });
    expect(read('冬季在三亚（11月至次年3月）', '2026-11-20').away).toEqual({
      place: '三亚',
      from: '2026-11-01',
      expectedReturn: '2027-03-31',
      phone: null,
    });
  });

  it('keeps a seasonal window not containing today as a note', () => {
    expect(read('冬季在三亚（11月至次年3月）', '2026-06-10')).toEqual({
      status: null,
      diedOn: null,
      away: null,
      risks: {},
      note: '冬季在三亚（11月至次年3月）',
      notices: ['季节性外出（三亚，11月至次年3月），目前不在外出期，已作为备注保留'],
      reasons: [],
    });
  });

  it('keeps 候鸟 without months as a note, and reads its place and months from the next clauses', () => {
    expect(read('候鸟，海南')).toMatchObject({
      status: null,
      note: '候鸟；海南',
      notices: ['季节性外出（海南）没有写明月份，无法判断目前是否在外，已作为备注保留'],
    });
    expect(read('候鸟，海南，11月至次年3月', '2026-12-10')).toMatchObject({
      status: 'away',
      away: { place: '海南', from: '2026-11-01', expectedReturn: '2027-03-31', phone: null },
      note: '',
    });
  });

  it('sets away for living elsewhere, with no dates', () => {
    expect(read('随子女在北京居住')).toMatchObject({
      status: 'away',
      away: { place: '北京', from: null, expectedReturn: null, phone: null },
      note: '',
    });
  });

  it('reads a dated trip, away only between its dates', () => {
    const remark = '外出（2026.10-2027.4 深圳）';
    expect(read(remark, '2026-12-01')).toMatchObject({
      status: 'away',
      away: { place: '深圳', from: '2026-10-01', expectedReturn: '2027-04-30', phone: null },
    });
    expect(read(remark, '2026-05-01')).toMatchObject({
      status: null,
      note: remark,
      notices: ['外出（深圳，2026-10-01 至 2027-04-30）尚未开始，已作为备注保留'],
    });
    expect(read(remark, '2027-06-01')).toMatchObject({
      status: null,
      notices: ['外出（深圳，2026-10-01 至 2027-04-30）已经结束，已作为备注保留'],
    });
  });

  it('keeps 外出 without a place as a note', () => {
    expect(read('外出')).toMatchObject({ status: null, note: '外出', notices: ['备注「外出」没有写明外出地点，未改为外出，已作为备注保留'] });
  });

  it('sets no status when the remarks say both 已故 and 外出', () => {
    expect(read('已故（2025.3），随子女在北京居住')).toEqual({
      status: null,
      diedOn: null,
      away: null,
      risks: {},
      note: '已故（2025.3）；随子女在北京居住',
      notices: ['备注同时写有已故和外出，无法确定状态，未更改状态，已作为备注保留，请核对'],
      reasons: [],
    });
  });
});

describe('remarks: risk flags', () => {
  it('sets the flags the words name', () => {
    expect(read('独居')).toMatchObject({ risks: { livingAlone: true }, note: '', notices: [] });
    expect(read('独居老人，空巢')).toMatchObject({ risks: { livingAlone: true, emptyNest: true }, note: '' });
    expect(read('长期卧床')).toMatchObject({ risks: { bedridden: true }, note: '' });
    expect(read('瘫痪在床')).toMatchObject({ risks: { bedridden: true }, note: '' });
    expect(read('半失能')).toMatchObject({ risks: { disabled: true }, note: '' });
  });

  it('keeps negated or past situations as notes, setting no flag', () => {
    const cases: Array<[string, string]> = [
      ['不独居', '独居'],
      ['非空巢', '空巢'],
      ['曾卧床', '卧床'],
      ['没有失能', '失能'],
    ];
    for (const [text, label] of cases) {
      expect(read(text)).toEqual({
        status: null,
        diedOn: null,
        away: null,
        risks: {},
        note: text,
        notices: [`备注「${text}」是否定或过去的情况，未设为${label}，已作为备注保留`],
        reasons: [],
      });
    }
    expect(read('原独居，现与子女同住')).toEqual({
      status: null,
      diedOn: null,
      away: null,
      risks: {},
      note: '原独居；现与子女同住',
      notices: ['备注「原独居」是否定或过去的情况，未设为独居，已作为备注保留', '备注中「现与子女同住」未转为状态或风险标记，已作为备注保留'],
      reasons: [],
    });
  });

  it('keeps what it does not understand as the note, and lists it', () => {
    expect(read('爱好书法；独居')).toMatchObject({
      risks: { livingAlone: true },
      note: '爱好书法',
      notices: ['备注中「爱好书法」未转为状态或风险标记，已作为备注保留'],
    });
    expect(read('在本小区居住')).toMatchObject({ status: null, note: '在本小区居住', notices: ['备注中「在本小区居住」未转为状态或风险标记，已作为备注保留'] });
    expect(read('')).toEqual({ status: null, diedOn: null, away: null, risks: {}, note: '', notices: [], reasons: [] });
  });
});
