import { describe, expect, it } from 'vitest';
import { excelSerialToDate, readDateCell } from '../../src/domain/roster/roster-dates';
import type { RosterCell } from '../../src/domain';

const TODAY = '2026-05-15';
const read = (cell: RosterCell) => readDateCell(cell, '出生日期', TODAY);

describe('roster dates', () => {
  it('reads full dates as people type them', () => {
    for (const typed of ['1945-3-12', '1945/03/12', '1945年3月12日', '1945年3月12号', '19450312', '1945.3.12', '1945.03.12', '１９４５．０３．１２', '1945 年 3 月 12 日', '1945-03-12 00:00:00']) {
      expect(read(typed), typed).toEqual({ ok: true, date: '1945-03-12', monthOnly: false, notice: null });
    }
  });

  it('reads a month-only date as the 1st of the month, and says so', () => {
    for (const typed of ['1945.03', '1945.3', '1945年3月', '194503', '1945-03', '1945/3']) {
      expect(read(typed), typed).toEqual({
        ok: true,
        date: '1945-03-01',
        monthOnly: true,
        notice: `出生日期只写到月份（${typed}），已按当月 1 日记为 1945-03-01`,
      });
    }
    expect(read(1945.03)).toMatchObject({ ok: true, date: '1945-03-01', monthOnly: true });
    expect(read(1945.12)).toMatchObject({ ok: true, date: '1945-12-01', monthOnly: true });
    expect(read(194503)).toMatchObject({ ok: true, date: '1945-03-01', monthOnly: true });
    expect(read(19450312)).toMatchObject({ ok: true, date: '1945-03-12', monthOnly: false });
  });

  it('reads Excel date cells, whether built at UTC or at Shanghai midnight', () => {
    expect(read(new Date(Date.UTC(1945, 2, 12)))).toMatchObject({ ok: true, date: '1945-03-12' });
    expect(read(new Date('1945-03-11T16:00:00Z'))).toMatchObject({ ok: true, date: '1945-03-12' });
    expect(read(new Date('1945-03-12T00:00:00.004Z'))).toMatchObject({ ok: true, date: '1945-03-12' });
  });

  it('reads Excel serial numbers, counting the 1900 leap-year bug', () => {
    expect(read(16508)).toMatchObject({ ok: true, date: '1945-03-12', monthOnly: false });
    expect(read('16508')).toMatchObject({ ok: true, date: '1945-03-12' });
    expect(read(16508.75)).toMatchObject({ ok: true, date: '1945-03-12' });
    expect(excelSerialToDate(1)).toBe('1900-01-01');
    expect(excelSerialToDate(59)).toBe('1900-02-28');
    expect(excelSerialToDate(60)).toBeNull();
    expect(excelSerialToDate(61)).toBe('1900-03-01');
    expect(excelSerialToDate(25569)).toBe('1970-01-01');
    expect(read(60)).toEqual({ ok: false, reason: '出生日期「60」是 Excel 里不存在的日期 1900-02-29，请核对' });
  });

  it('refuses impossible, future and too early dates with the reason', () => {
    expect(read('1945-02-30')).toEqual({ ok: false, reason: '出生日期「1945-02-30」不存在：1945 年 2 月只有 28 天，请核对' });
    expect(read('1944-02-30')).toEqual({ ok: false, reason: '出生日期「1944-02-30」不存在：1944 年 2 月只有 29 天，请核对' });
    expect(read('1944-02-29')).toMatchObject({ ok: true, date: '1944-02-29' });
    expect(read('1945.13')).toEqual({ ok: false, reason: '出生日期「1945.13」的月份 13 不存在，请核对' });
    expect(read('2026.06')).toEqual({ ok: false, reason: '出生日期「2026.06」晚于今天（2026-05-15），请核对' });
    expect(read('2026.05')).toMatchObject({ ok: true, date: '2026-05-01' });
    expect(read('2026-05-16')).toEqual({ ok: false, reason: '出生日期「2026-05-16」晚于今天（2026-05-15），请核对' });
    expect(read('1899.12')).toEqual({ ok: false, reason: '出生日期「1899.12」早于 1900 年，请核对' });
  });

  it('refuses what is no date, a bare year, and a number cell that lost its month', () => {
    expect(read('不详')).toBeNull();
    expect(read(null)).toBeNull();
    expect(read('45.3')).toEqual({ ok: false, reason: '出生日期「45.3」无法识别为日期，请写成 1945-03-12、1945.03 或 1945年3月 这样的形式' });
    expect(read('1945')).toEqual({ ok: false, reason: '出生日期「1945」只有年份，请至少写到月份（如 1945.03）' });
    expect(read(1945)).toEqual({ ok: false, reason: '出生日期「1945」只有年份，请至少写到月份（如 1945.03）' });
    expect(read(1945.1)).toEqual({
      ok: false,
      reason: '出生日期「1945.1」被 Excel 存成了数字，分不清是 1 月还是 10 月；请把该列设为文本格式，写成 1945.01 或 1945.10',
    });
    // Typed as text, 1945.1 is what it says: January.
    expect(read('1945.1')).toMatchObject({ ok: true, date: '1945-01-01' });
  });
});
