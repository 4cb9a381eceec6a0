import { describe, expect, it } from 'vitest';
import { ID_STORED_AS_NUMBER, readRoster } from '../../src/domain';
import type { ParsedRosterRow, RosterCell } from '../../src/domain';

const TODAY = '2026-01-15';
const TITLE = '永清社区离退休干部党员花名册（2026年）';
const HEADER = ['序号', '姓 名', '性别', '出生\n年月', '入党时间', '身份证号', '联系电话', '家庭住址', '月基本离退休费（元）', '党组织关系', '紧急联系人', '备注'];
const WIDTH = HEADER.length;

/** A person's row in the HEADER's columns; fields not given are empty. */
function person(values: Partial<Record<(typeof HEADER)[number], RosterCell>>): RosterCell[] {
  return HEADER.map((h) => values[h] ?? null);
}

function sheet(...rows: RosterCell[][]): RosterCell[][] {
  return [Array(WIDTH).fill(TITLE), ['填报单位：永清社区', null, null, null, null, null, null, null, '填报日期：2026年1月'], [], HEADER, ...rows];
}

function readOne(row: RosterCell[]): ParsedRosterRow {
  const reading = readRoster(sheet(row), { today: TODAY });
  return reading.rows[4] as ParsedRosterRow;
}

const WANG = { '姓 名': '王  华', 身份证号: '11010519491231002X', 家庭住址: '永清苑3-2-301' };

describe('layout rows', () => {
  it('ignores the title, the 填报 line, blank rows, the header, a repeated header, 合计 and a footer', () => {
    const grid = sheet(
      person({ 序号: 1, ...WANG }),
      [],
      [2, null, null, null, null, null, null, null, null, null, null, null],
      HEADER,
      Array(WIDTH).fill('第二党支部'),
      person({ 序号: 3, ...WANG }),
      ['合 计', null, null, null, null, null, null, null, 6400],
      ['总计：2人'],
      [null, '填表人：张三', null, null, null, null, '审核人：李四'],
      [null, null, '/', '—'],
    );
    const reading = readRoster(grid, { today: TODAY });
    expect(reading.headerRow).toBe(4);
    expect(reading.rows.map((r) => [r.row, r.kind, r.reasons[0]])).toEqual([
      [1, 'ignored', '标题行'],
      [2, 'ignored', '填报信息'],
      [3, 'ignored', '空行'],
      [4, 'ignored', '表头'],
      [5, 'person', undefined],
      [6, 'ignored', '空行'],
      [7, 'ignored', '空行（只有序号）'],
      [8, 'ignored', '表头（打印时重复的表头）'],
      [9, 'ignored', '标题行'],
      [10, 'person', undefined],
      [11, 'ignored', '合计行'],
      [12, 'ignored', '合计行'],
      [13, 'ignored', '填报信息'],
      [14, 'ignored', '空行'],
    ]);
    expect(reading.headers).toEqual(HEADER.map((h) => h));
  });
});

describe('a person row', () => {
  it('reads every column into the draft', () => {
    const row = readOne(
      person({
        序号: 1,
        ...WANG,
        性别: '女',
        '出生\n年月': '1949.12',
        入党时间: '1975.7',
        联系电话: '139 0000 1111 / 0571-88881234',
        '月基本离退休费（元）': '3,200.50',
        党组织关系: '社区',
        紧急联系人: '张伟（儿子）13800002222',
        备注: '独居，爱好书法',
      }),
    );
    expect(row.kind).toBe('person');
    expect(row.reasons).toEqual([]);
    expect(row.draft).toEqual({
      name: '王华',
      gender: 'female',
      birthDate: '1949-12-31',
      idNumber: '11010519491231002X',
      ethnicity: null,
      formerUnit: null,
      formerPosition: null,
      retirement: null,
      phone: '13900001111',
      address: { compound: '永清苑', building: '3', unit: '2', room: '301' },
      familyContact: { name: '张伟', relation: '儿子', phone: '13800002222' },
      isPartyMember: true,
      joinedPartyOn: '1975-07-01',
      branchName: null,
      duesChannel: 'this_branch',
      pensionFen: 320050,
      status: null,
      diedOn: null,
      away: null,
      risks: { livingAlone: true },
      note: '爱好书法；其他电话：0571-88881234',
    });
    expect(row.notices).toEqual([
      '入党时间只写到月份（1975.7），已按当月 1 日记为 1975-07-01',
      '联系电话「139 0000 1111 / 0571-88881234」有多个号码：13900001111 作为联系电话，其余（0571-88881234）已写入备注',
      '备注中「爱好书法」未转为状态或风险标记，已作为备注保留',
    ]);
  });

  it('derives birth date and gender from the ID when their columns are empty', () => {
    expect(readOne(person(WANG)).draft).toMatchObject({ gender: 'female', birthDate: '1949-12-31' });
  });

  it('refuses a row whose columns contradict the ID, naming both values', () => {
    expect(readOne(person({ ...WANG, 性别: '男' })).reasons).toEqual(['性别（男）与身份证号不符（第 17 位表示女），请核对']);
    expect(readOne(person({ ...WANG, '出生\n年月': '1949-12-30' })).reasons).toEqual([
      '出生日期（1949-12-30）与身份证号中的出生日期（1949-12-31）不符，请核对',
    ]);
    expect(readOne(person({ ...WANG, '出生\n年月': '1949.11' })).reasons).toEqual([
      '出生日期（1949.11）与身份证号中的出生日期（1949-12-31）不符，请核对',
    ]);
    expect(readOne(person({ ...WANG, '出生\n年月': 16508 })).reasons).toEqual([
      '出生日期（1945-03-12）与身份证号中的出生日期（1949-12-31）不符，请核对',
    ]);
  });

  it('refuses an Excel-number ID and a wrong check character, with their reasons', () => {
    expect(readOne(person({ ...WANG, 身份证号: 370202194503121000 }))).toMatchObject({ kind: 'rejected', reasons: [ID_STORED_AS_NUMBER] });
    expect(readOne(person({ ...WANG, 身份证号: '3.70202E+17' }))).toMatchObject({ kind: 'rejected', reasons: [ID_STORED_AS_NUMBER] });
    expect(readOne(person({ ...WANG, 身份证号: '110105194912310021' })).reasons).toEqual(['身份证号校验位不符（应为 X），请核对原始证件号码']);
  });

  it('refuses a row with neither a name nor an ID, and one with an ID but no name', () => {
    expect(readOne(person({ 序号: 1, 性别: '男', 家庭住址: '永清苑3-2-301' }))).toEqual({
      row: 5,
      kind: 'rejected',
      reasons: ['缺少姓名和身份证号，请补填'],
      notices: [],
      draft: null,
    });
    expect(readOne(person({ ...WANG, '姓 名': null })).reasons).toEqual(['缺少姓名，请补填（成员必须有姓名）']);
  });

  it('needs gender and birth date from the columns when there is no ID', () => {
    const noId = { '姓 名': '王华', 家庭住址: '永清苑3-2-301' };
    expect(readOne(person(noId)).reasons).toEqual(['缺少性别，请补填（或填写身份证号）', '缺少出生日期，请补填（或填写身份证号）']);
    expect(readOne(person({ ...noId, 性别: '男', '出生\n年月': '1945-02-30' })).reasons).toEqual([
      '出生日期「1945-02-30」不存在：1945 年 2 月只有 28 天，请核对',
    ]);
    expect(readOne(person({ ...noId, 性别: '男', '出生\n年月': '1945.03' }))).toMatchObject({
      kind: 'person',
      draft: { idNumber: null, birthDate: '1945-03-01', gender: 'male' },
      notices: ['出生日期只写到月份（1945.03），已按当月 1 日记为 1945-03-01'],
    });
  });

  it('refuses an empty address when the column is mapped; without the column the address is null', () => {
    expect(readOne(person({ ...WANG, 家庭住址: null })).reasons).toEqual(['缺少家庭住址，请补填（上门走访需要住址）']);
    const reading = readRoster([['姓名', '性别', '身份证号'], ['王华', '女', '11010519491231002X']], { today: TODAY });
    expect(reading.rows[1]).toMatchObject({ kind: 'person', draft: { address: null } });
  });

  it('refuses bad amounts, keeping the reason', () => {
    expect(readOne(person({ ...WANG, 入党时间: '1975.7', '月基本离退休费（元）': '-3200' })).reasons).toEqual(['月基本离退休费「-3200」不能为负数，请核对']);
    expect(readOne(person({ ...WANG, 入党时间: '1975.7', '月基本离退休费（元）': '320000' })).reasons).toEqual([
      '月基本离退休费「320000」超过上限 100000 元，请核对是否多输了位数',
    ]);
  });
});

describe('party membership and the dues channel', () => {
  const party = (relation: string | null, joined: RosterCell = '1975.7') => readOne(person({ ...WANG, 入党时间: joined, 党组织关系: relation, '月基本离退休费（元）': 3200 }));

  it('makes a member with 入党时间 a party member, paying where 党组织关系 says', () => {
    expect(party(null).draft).toMatchObject({ isPartyMember: true, duesChannel: 'this_branch', pensionFen: 320000 });
    expect(party('本支部').draft).toMatchObject({ duesChannel: 'this_branch' });
    expect(party('原单位').draft).toMatchObject({ duesChannel: 'original_unit' });
    expect(party('三不转').draft).toMatchObject({ duesChannel: 'original_unit' });
    const unit = party('市交通局');
    expect(unit.draft).toMatchObject({ duesChannel: 'original_unit' });
    expect(unit.notices).toContain('党组织关系「市交通局」不是本社区或本支部，党费记为在原单位交纳，请核对');
  });

  it('makes a cadre without 入党时间 a non-party member who pays no dues', () => {
    for (const relation of [null, '群众', '非党员']) {
      const row = party(relation, null);
      expect(row.draft).toMatchObject({ isPartyMember: false, joinedPartyOn: null, duesChannel: 'this_branch', pensionFen: null, branchName: null });
      expect(row.notices).toContain('非党员不交纳党费，月基本离退休费未作为核定基数');
    }
  });

  it('refuses contradictions and a joining date before the age of 14', () => {
    expect(party('群众').reasons).toEqual(['填写了入党时间，但党组织关系为「群众」，两者矛盾，请核对是否为党员']);
    expect(party('本支部', null).reasons).toEqual(['党组织关系为「本支部」，但缺少入党时间；党员必须填写入党时间，请补填']);
    expect(party(null, '1963.11').reasons).toEqual(['入党时间（1963-11-01）早于出生后满 14 周岁的日期（1963-12-31），请核对']);
    expect(party(null, '1963.12').kind).toBe('person');
    expect(party(null, '2026.6').reasons).toEqual(['入党时间「2026.6」晚于今天（2026-01-15），请核对']);
  });
});

describe('remarks on the row', () => {
  it('sets the status and refuses a death before the birth', () => {
    expect(readOne(person({ ...WANG, 备注: '已故（2025.3）' })).draft).toMatchObject({ status: 'deceased', diedOn: '2025-03-01' });
    expect(readOne(person({ ...WANG, 备注: '已故（1949.1）' })).reasons).toEqual(['去世日期（1949-01-01）早于出生日期（1949-12-31），请核对']);
  });

  it('reads a bracketed aside after the name as a remark', () => {
    const row = readOne(person({ ...WANG, '姓 名': '王华（独居）' }));
    expect(row.draft).toMatchObject({ name: '王华', risks: { livingAlone: true }, note: '' });
  });

  it('keeps at most 500 characters of note', () => {
    const row = readOne(person({ ...WANG, 备注: '爱好'.repeat(300) }));
    expect(row.draft?.note).toHaveLength(500);
    expect(row.notices).toContain('备注超过 500 个字，只保留了前 500 个字');
  });
});
