import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkIdNumber, ID_STORED_AS_NUMBER, idCheckCharacter, maskIdNumber, MemberProfile } from '../../src/domain';

const TODAY = '2026-05-15';

describe('身份证号 (GB 11643)', () => {
  it('computes the check character of the worked example in docs/DOMAIN.md §8', () => {
    expect(idCheckCharacter('11010519491231002')).toBe('X');
    expect(checkIdNumber('11010519491231002X')).toEqual({
      ok: true,
      idNumber: '11010519491231002X',
      birthDate: '1949-12-31',
      gender: 'female',
      notices: [],
    });
  });

  it('reads a lowercase x, spaces, full-width digits and a leading apostrophe', () => {
    for (const typed of ['11010519491231002x', '110105 19491231 002X', '１１０１０５１９４９１２３１００２Ｘ', "'11010519491231002X", ' 110105\u300019491231002X ']) {
      const check = checkIdNumber(typed);
      expect(check.ok && check.idNumber).toBe('11010519491231002X');
    }
  });

  it('derives the gender from the 17th digit: odd is male', () => {
    const male = `37020219450312123`;
    const check = checkIdNumber(male + idCheckCharacter(male));
    expect(check.ok && check.gender).toBe('male');
    expect(check.ok && check.birthDate).toBe('1945-03-12');
  });

  it('refuses a wrong check character and says which one it should be', () => {
    expect(checkIdNumber('110105194912310021')).toEqual({ ok: false, reason: '身份证号校验位不符（应为 X），请核对原始证件号码' });
  });

  it('converts a 15-digit first-generation ID to 18 digits, with a notice', () => {
    for (const typed of ['110105491231002', 110105491231002]) {
      expect(checkIdNumber(typed)).toEqual({
        ok: true,
        idNumber: '11010519491231002X',
        birthDate: '1949-12-31',
        gender: 'female',
        notices: ['15 位一代身份证号已按国家标准转换为 18 位（出生年份前加 19，末位补校验码），请核对'],
      });
    }
  });

  it('refuses an ID that Excel stored as a number, never guessing its lost digits', () => {
    for (const typed of [370202194503121000, 3.70202194503121e17, '3.70202E+17', '3.70202194503121E+17', '3.70202194503121e17']) {
      expect(checkIdNumber(typed)).toEqual({ ok: false, reason: ID_STORED_AS_NUMBER });
    }
    expect(ID_STORED_AS_NUMBER).toBe(
      '身份证号被 Excel 存成了数字，末尾几位已丢失（Excel 只保留 15 位有效数字），无法恢复：请找到原始证件号码，把该列设为文本格式后重新填写',
    );
    // Copied as text from Excel's display, its tail reads 000 and the check fails.
    expect(checkIdNumber('370202194503121000')).toEqual({
      ok: false,
      reason: '身份证号校验位不符，且末三位是 000：很可能被 Excel 存成了数字，末尾几位已丢失，请找到原始证件号码，把该列设为文本格式后重新填写',
    });
  });

  it('refuses a bad area code, birth date, length or character', () => {
    const withCheck = (first17: string) => first17 + idCheckCharacter(first17);
    expect(checkIdNumber(withCheck('99010519491231002'))).toEqual({
      ok: false,
      reason: '身份证号前两位「99」不是有效的省级行政区划代码，请核对原始证件号码',
    });
    expect(checkIdNumber(withCheck('11010519450230002'))).toEqual({
      ok: false,
      reason: '身份证号中的出生日期「19450230」不存在：1945 年 2 月只有 28 天，请核对原始证件号码',
    });
    expect(checkIdNumber(withCheck('11010519451301002'))).toEqual({
      ok: false,
      reason: '身份证号中的出生日期「19451301」的月份 13 不存在，请核对原始证件号码',
    });
    expect(checkIdNumber(withCheck('11010520270101002'), { today: TODAY })).toEqual({
      ok: false,
      reason: '身份证号中的出生日期「20270101」晚于今天（2026-05-15），请核对原始证件号码',
    });
    expect(checkIdNumber(withCheck('11010518990101002'))).toEqual({
      ok: false,
      reason: '身份证号中的出生日期「18990101」早于 1900 年，请核对原始证件号码',
    });
    expect(checkIdNumber('1101051949')).toEqual({ ok: false, reason: '身份证号应为 18 位（或 15 位一代身份证号），这里是 10 位，请核对' });
    expect(checkIdNumber('1101051949123100AX')).toEqual({
      ok: false,
      reason: '身份证号「1101051949123100AX」含有数字和末位 X 以外的字符「A」，请核对',
    });
    expect(checkIdNumber(null)).toEqual({ ok: false, reason: '缺少身份证号' });
  });

  it('accepts every well-formed ID and refuses it with any other check character', () => {
    const first17 = fc
      .tuple(
        fc.constantFrom('110105', '370202', '330106', '440305', '650102'),
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2000-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
      )
      .map(([area, date, seq]) => `${area}${date.toISOString().slice(0, 10).replace(/-/g, '')}${String(seq).padStart(3, '0')}`);
    fc.assert(
      fc.property(first17, fc.constantFrom(...'10X98765432'), (body, other) => {
        const right = idCheckCharacter(body);
        const check = checkIdNumber(body + right);
        expect(check.ok).toBe(true);
        expect(check.ok && check.gender).toBe(Number(body[16]) % 2 === 1 ? 'male' : 'female');
        if (other !== right) expect(checkIdNumber(body + other).ok).toBe(false);
      }),
    );
  });
});

describe('maskIdNumber', () => {
  it('keeps the first four and the last four characters, in the profile format', () => {
    expect(maskIdNumber('370202194503121234')).toBe('3702**********1234');
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
    expect(MemberProfile.shape.idMasked.parse(maskIdNumber('11010519491231002X'))).toBe('1101**********002X');
  });

  it('refuses anything but an 18-character ID', () => {
    expect(() => maskIdNumber('110105491231002')).toThrow(RangeError);
  });
});
