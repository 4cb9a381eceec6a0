import { describe, expect, it } from 'vitest';
import { FamilyContact, Phone } from '../../src/domain';
import { readEmergencyContact } from '../../src/domain/roster/roster-contact';
import { readPartyRelation } from '../../src/domain/roster/roster-party';
import { readAmountFen, readEthnicity, readGender, readName, readPhone, readRetirement } from '../../src/domain/roster/roster-values';

describe('names', () => {
  it('removes the spaces padding a two-character name', () => {
    for (const typed of ['王  华', '王 华', '王\u3000华', ' 王华 ']) expect(readName(typed)).toEqual({ ok: true, value: { name: '王华', aside: null }, notices: [] });
  });

  it('keeps the middle dot of a minority name, whatever dot was typed', () => {
    for (const typed of ['阿不都·热合曼', '阿不都.热合曼', '阿不都 • 热合曼', '阿不都・热合曼']) {
      expect(readName(typed)).toMatchObject({ ok: true, value: { name: '阿不都·热合曼' } });
    }
  });

  it('splits off a bracketed aside for the remarks', () => {
    expect(readName('王华（已故）')).toEqual({ ok: true, value: { name: '王华', aside: '已故' }, notices: [] });
  });

  it('refuses a name with digits, and reads an empty cell as no name', () => {
    expect(readName('王2华')).toEqual({ ok: false, reason: '姓名「王2华」含有数字，请核对姓名是否填错列' });
    expect(readName('')).toBeNull();
    expect(readName('/')).toBeNull();
  });
});

describe('phones', () => {
  const phone = (typed: string | number) => readPhone(typed, '联系电话');

  it('reads mobiles and landlines in their usual forms, passing the Phone schema', () => {
    const cases: Array<[string | number, string]> = [
      ['139 0000 1111', '13900001111'],
      ['139-0000-1111', '13900001111'],
      ['１３９００００１１１１', '13900001111'],
      ['+86 139 0000 1111', '13900001111'],
      ['008613900001111', '13900001111'],
      [13900001111, '13900001111'],
      ['0571-88881234', '0571-88881234'],
      ['(0571)88881234', '0571-88881234'],
      ['057188881234', '0571-88881234'],
      ['010-88881234', '010-88881234'],
      ['88881234', '88881234'],
      ['0571-88881234-801', '0571-88881234-801'],
      ['13900001111（本人）', '13900001111'],
    ];
    for (const [typed, expected] of cases) {
      expect(phone(typed), String(typed)).toEqual({ phone: expected, others: [], notices: [] });
      expect(Phone.parse(expected)).toBe(expected);
    }
  });

  it('takes the first of several numbers and keeps the others', () => {
    for (const separator of ['/', '、', '，', ',', ';', '；', ' ']) {
      const typed = `13900001111${separator}0571-88881234`;
      expect(phone(typed)).toEqual({
        phone: '13900001111',
        others: ['0571-88881234'],
        notices: [`联系电话「${typed}」有多个号码：13900001111 作为联系电话，其余（0571-88881234）已写入备注`],
      });
    }
  });

  it('turns what is no phone into a notice, never a rejection', () => {
    expect(phone('不知道')).toEqual({ phone: null, others: [], notices: ['联系电话「不知道」不是有效的电话号码，未导入，请核对'] });
    expect(phone('12345')).toEqual({ phone: null, others: [], notices: ['联系电话「12345」不是有效的电话号码，未导入，请核对'] });
    expect(phone('无')).toEqual({ phone: null, others: [], notices: [] });
  });
});

describe('amounts', () => {
  const amount = (typed: string | number) => readAmountFen(typed, '月基本离退休费');

  it('reads money to the exact fen', () => {
    const cases: Array<[string | number, number]> = [
      ['3,200.50', 320050],
      ['3200元', 320000],
      ['￥3200', 320000],
      ['¥3,200.5', 320050],
      ['3200.5', 320050],
      ['3，200', 320000],
      ['3200元/月', 320000],
      [' 3 200 ', 320000],
      [3200.5, 320050],
      [0.29, 29],
      [1234.56, 123456],
      ['100000', 10_000_000],
    ];
    for (const [typed, fen] of cases) expect(amount(typed), String(typed)).toEqual({ ok: true, value: fen, notices: [] });
  });

  it('rounds more than two decimals half up to the fen, with a notice', () => {
    expect(amount('3200.455')).toEqual({ ok: true, value: 320046, notices: ['月基本离退休费「3200.455」超过两位小数，已四舍五入为 3200.46 元，请核对'] });
    expect(amount('3200.454')).toMatchObject({ ok: true, value: 320045 });
    expect(amount(3312.3333333333335)).toMatchObject({ ok: true, value: 331233 });
  });

  it('refuses negative, too large and unreadable amounts; an empty cell is no amount', () => {
    expect(amount('-3200')).toEqual({ ok: false, reason: '月基本离退休费「-3200」不能为负数，请核对' });
    expect(amount(-1)).toEqual({ ok: false, reason: '月基本离退休费「-1」不能为负数，请核对' });
    expect(amount('100000.01')).toEqual({ ok: false, reason: '月基本离退休费「100000.01」超过上限 100000 元，请核对是否多输了位数' });
    expect(amount(3.2e20)).toEqual({ ok: false, reason: '月基本离退休费「320000000000000000000」超过上限 100000 元，请核对是否多输了位数' });
    expect(amount('3,20')).toEqual({ ok: false, reason: '月基本离退休费「3,20」不是金额，请只填写数字（如 3200.50）' });
    expect(amount('约三千')).toEqual({ ok: false, reason: '月基本离退休费「约三千」不是金额，请只填写数字（如 3200.50）' });
    expect(amount('')).toBeNull();
    expect(amount('—')).toBeNull();
  });
});

describe('coded columns', () => {
  it('reads 性别', () => {
    for (const typed of ['男', '男性', 'M', 'm', ' 男 ']) expect(readGender(typed)).toMatchObject({ ok: true, value: 'male' });
    for (const typed of ['女', '女性', 'F', 'f']) expect(readGender(typed)).toMatchObject({ ok: true, value: 'female' });
    expect(readGender('未')).toEqual({ ok: false, reason: '性别「未」无法识别，请填写“男”或“女”' });
    expect(readGender(null)).toBeNull();
  });

  it('reads 民族 as written, adding 族 to a bare name', () => {
    expect(readEthnicity('汉').value).toBe('汉族');
    expect(readEthnicity('汉族').value).toBe('汉族');
    expect(readEthnicity('维吾尔').value).toBe('维吾尔族');
    expect(readEthnicity('穿青人').value).toBe('穿青人');
  });

  it('reads 离/退休', () => {
    for (const typed of ['离休', '离', '离休干部']) expect(readRetirement(typed)).toEqual({ value: 'lixiu', notices: [] });
    for (const typed of ['退休', '退', '退休干部']) expect(readRetirement(typed)).toEqual({ value: 'tuixiu', notices: [] });
    expect(readRetirement('内退')).toEqual({ value: null, notices: ['离/退休「内退」无法识别（应为“离休”或“退休”），未导入'] });
  });

  it('reads 党组织关系 for the dues channel', () => {
    for (const text of ['社区', '本支部', '本社区', '永清社区党委', '已转入社区']) expect(readPartyRelation(text)).toMatchObject({ kind: 'member', channel: 'this_branch' });
    for (const text of ['原单位', '原工作单位', '三不转', '在原单位']) {
      expect(readPartyRelation(text)).toMatchObject({ kind: 'member', channel: 'original_unit', fromUnitName: false });
    }
    expect(readPartyRelation('市交通局')).toMatchObject({ kind: 'member', channel: 'original_unit', fromUnitName: true });
    for (const text of ['群众', '非党员']) expect(readPartyRelation(text)).toMatchObject({ kind: 'not_member' });
    expect(readPartyRelation('')).toEqual({ kind: 'none' });
  });
});

describe('emergency contact', () => {
  it('reads the relation from the name cell and a phone from either cell', () => {
    const cases: Array<[string | null, string | null, FamilyContact]> = [
      ['张伟', '13900001111', { name: '张伟', relation: '紧急联系人', phone: '13900001111' }],
      ['张伟（儿子）', '139 0000 1111', { name: '张伟', relation: '儿子', phone: '13900001111' }],
      ['张伟 13900001111', null, { name: '张伟', relation: '紧急联系人', phone: '13900001111' }],
      ['张伟（女儿）13900001111', null, { name: '张伟', relation: '女儿', phone: '13900001111' }],
      ['儿子张伟', '13900001111', { name: '张伟', relation: '儿子', phone: '13900001111' }],
      ['张伟/老伴', '13900001111', { name: '张伟', relation: '老伴', phone: '13900001111' }],
    ];
    for (const [name, phone, contact] of cases) {
      expect(readEmergencyContact(name, phone)).toEqual({ contact, notices: [] });
      expect(FamilyContact.parse(contact)).toEqual(contact);
    }
  });

  it('turns half a contact into a notice', () => {
    expect(readEmergencyContact('张伟', null)).toEqual({ contact: null, notices: ['紧急联系人「张伟」没有有效的电话，未导入，请补充电话'] });
    expect(readEmergencyContact(null, '13900001111')).toEqual({ contact: null, notices: ['有紧急联系人电话但没有姓名，紧急联系人未导入，请补充姓名'] });
    expect(readEmergencyContact(null, null)).toEqual({ contact: null, notices: [] });
  });
});
