import { describe, expect, it } from 'vitest';
import { autoMapping, readRoster, ROSTER_HEADER_NAMES } from '../../src/domain';
import type { RosterField } from '../../src/domain';
import { findHeader, normaliseHeader } from '../../src/domain/roster/roster-headers';

describe('header names', () => {
  it('normalises spaces, line breaks, full-width characters and bracketed units', () => {
    expect(normaliseHeader('姓  名')).toBe('姓名');
    expect(normaliseHeader('出生\n年月')).toBe('出生年月');
    expect(normaliseHeader('月基本离退休费（元）')).toBe('月基本离退休费');
    expect(normaliseHeader('月基本离退休费(元)')).toBe('月基本离退休费');
    expect(normaliseHeader('＊身份证号：')).toBe('身份证号');
  });

  it('maps every usual variant to its field', () => {
    const variants: Array<[string, RosterField]> = [
      ['序号', 'seq'],
      ['姓名', 'name'],
      ['性别', 'gender'],
      ['民族', 'ethnicity'],
      ['出生年月', 'birthDate'],
      ['出生日期', 'birthDate'],
      ['出生年月日', 'birthDate'],
      ['入党时间', 'joinedPartyOn'],
      ['入党日期', 'joinedPartyOn'],
      ['入党年月', 'joinedPartyOn'],
      ['原工作单位', 'formerUnit'],
      ['原单位', 'formerUnit'],
      ['原职务', 'formerPosition'],
      ['职务', 'formerPosition'],
      ['原职级', 'formerPosition'],
      ['离/退休', 'retirement'],
      ['离退休', 'retirement'],
      ['离休或退休', 'retirement'],
      ['身份证号', 'idNumber'],
      ['身份证号码', 'idNumber'],
      ['公民身份号码', 'idNumber'],
      ['联系电话', 'phone'],
      ['手机', 'phone'],
      ['手机号码', 'phone'],
      ['电话', 'phone'],
      ['家庭住址', 'address'],
      ['现住址', 'address'],
      ['住址', 'address'],
      ['居住地址', 'address'],
      ['紧急联系人', 'emergencyName'],
      ['紧急联系人电话', 'emergencyPhone'],
      ['紧急联系电话', 'emergencyPhone'],
      ['月基本离退休费', 'pension'],
      ['基本养老金', 'pension'],
      ['养老金', 'pension'],
      ['月基本养老金', 'pension'],
      ['离退休费', 'pension'],
      ['党组织关系', 'partyRelation'],
      ['组织关系', 'partyRelation'],
      ['党支部', 'branch'],
      ['所在党支部', 'branch'],
      ['所在支部', 'branch'],
      ['备注', 'remarks'],
    ];
    for (const [header, field] of variants) {
      expect(autoMapping([header]), header).toEqual({ [field]: 0 });
      expect(ROSTER_HEADER_NAMES[field]).toContain(header);
    }
  });

  it('maps 紧急联系电话 to the emergency phone, not the phone', () => {
    expect(autoMapping(['姓名', '紧急联系电话', '电话'])).toEqual({ name: 0, emergencyPhone: 1, phone: 2 });
  });

  it('lets the first column win a field, and maps a column to one field at most', () => {
    expect(autoMapping(['姓名', '手机', '联系电话', '备注'])).toEqual({ name: 0, phone: 1, remarks: 3 });
    expect(autoMapping(['紧急联系人', '紧急联系人', '姓名'])).toEqual({ emergencyName: 0, emergencyPhone: 1, name: 2 });
  });
});

describe('finding the header', () => {
  it('skips titles and takes the first row naming three known columns, 姓名 among them', () => {
    const grid = [
      ['社区花名册', '社区花名册', '社区花名册'],
      ['序号', '性别', '备注'],
      ['序号', '姓名', '性别'],
    ];
    expect(findHeader(grid)).toEqual({ index: 2, subIndex: null, headers: ['序号', '姓名', '性别'] });
  });

  it('joins a second header row under a merged 紧急联系人', () => {
    const grid = [
      ['序号', '姓名', '紧急联系人', '紧急联系人', '备注'],
      ['序号', '姓名', '姓名', '电话', '备注'],
      [1, '王华', '张伟', '13900001111', ''],
    ];
    const found = findHeader(grid);
    expect(found).toEqual({ index: 0, subIndex: 1, headers: ['序号', '姓名', '紧急联系人 姓名', '紧急联系人 电话', '备注'] });
    expect(autoMapping(found!.headers)).toEqual({ seq: 0, name: 1, emergencyName: 2, emergencyPhone: 3, remarks: 4 });
  });

  it('does not take a person row for a second header row', () => {
    const grid = [
      ['序号', '姓名', '性别', '身份证号'],
      [1, '王华', '男', '11010519491231002X'],
    ];
    expect(findHeader(grid)?.subIndex).toBeNull();
  });
});

describe("the caller's mapping", () => {
  const grid = [
    ['姓名', '性别', '出生年月', '电话', '备注'],
    ['王华', '男', '1945.03', '13900001111', '独居'],
  ];
  const today = '2026-05-15';

  it('overrides fields one by one; null unmaps a field', () => {
    const reading = readRoster(grid, { today, mapping: { remarks: null } });
    expect(reading.mapping).toEqual({ name: 0, gender: 1, birthDate: 2, phone: 3 });
    expect(reading.rows[1]?.draft?.risks).toEqual({});
  });

  it('takes a column away from the field the automatic mapping gave it to', () => {
    const reading = readRoster(grid, { today, mapping: { emergencyPhone: 3 } });
    expect(reading.mapping).toEqual({ name: 0, gender: 1, birthDate: 2, emergencyPhone: 3, remarks: 4 });
    expect(reading.rows[1]?.draft?.phone).toBeNull();
  });

  it('reads a sheet with no recognisable header when the caller maps the columns', () => {
    const bare = [['王华', '男', '1945.03']];
    expect(readRoster(bare, { today }).rows[0]).toMatchObject({ kind: 'ignored', reasons: [expect.stringContaining('未找到表头')] });
    const mapped = readRoster(bare, { today, mapping: { name: 0, gender: 1, birthDate: 2 } });
    expect(mapped.headerRow).toBeNull();
    expect(mapped.rows[0]).toMatchObject({ kind: 'person', draft: { name: '王华', birthDate: '1945-03-01' } });
  });
});
