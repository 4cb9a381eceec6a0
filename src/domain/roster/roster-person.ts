import type { IsoDate } from '../common';
import type { Gender } from '../member';
import type { ColumnMapping, MemberDraft, RosterCell, RosterField } from './roster-types';
import { checkIdNumber } from './id-number';
import { splitAddress } from './roster-address';
import { readEmergencyContact } from './roster-contact';
import { addYears, readDateCell } from './roster-dates';
import { readPartyRelation } from './roster-party';
import { readRemarks } from './roster-remarks';
import { cellText, isBlankCell, rawText } from './roster-text';
import { GENDER_LABEL, readAmountFen, readEthnicity, readGender, readName, readPhone, readRetirement, readShortText } from './roster-values';

/**
 * One person's row of the 花名册 as a member draft, or the reasons it cannot be one (docs/DOMAIN.md §8). Every
 * problem of the row is listed, so the clerk fixes the row once.
 */

export interface PersonReading {
  kind: 'person' | 'rejected';
  reasons: string[];
  notices: string[];
  draft: MemberDraft | null;
}

export const MISSING_NAME_AND_ID = '缺少姓名和身份证号';
const NOTE_MAX = 500;
/** 党章 Art. 5 asks for 18; before 1949 the party took younger members, and 14 is what no record goes below. */
const MIN_JOINING_AGE = 14;

export function readPersonRow(row: readonly RosterCell[], mapping: ColumnMapping, today: IsoDate): PersonReading {
  const cell = (field: RosterField): RosterCell | undefined => {
    const column = mapping[field];
    return typeof column === 'number' ? row[column] : undefined;
  };
  const mapped = (field: RosterField) => typeof mapping[field] === 'number';
  const reasons: string[] = [];
  const notices: string[] = [];

  const name = readName(cell('name'));
  const idBlank = isBlankCell(cell('idNumber'));
  if (name === null && idBlank) return { kind: 'rejected', reasons: [`${MISSING_NAME_AND_ID}，请补填`], notices, draft: null };

  // 身份证号 first: birth date and gender come from it when their columns are empty.
  let idNumber: string | null = null;
  let idBirth: IsoDate | null = null;
  let idGender: Gender | null = null;
  if (!idBlank) {
    const id = checkIdNumber(cell('idNumber'), { today });
    if (id.ok) {
      ({ idNumber, birthDate: idBirth, gender: idGender } = id);
      notices.push(...id.notices);
    } else {
      reasons.push(id.reason);
    }
  }

  if (name === null) reasons.push('缺少姓名，请补填（成员必须有姓名）');
  else if (!name.ok) reasons.push(name.reason);

  const gender = readGenderColumn(cell('gender'), idGender, idBlank, reasons);
  const birthDate = readBirthColumn(cell('birthDate'), idBirth, idBlank, today, reasons, notices);

  const joined = readDateCell(cell('joinedPartyOn'), '入党时间', today);
  let joinedPartyOn: IsoDate | null = null;
  if (joined && !joined.ok) reasons.push(joined.reason);
  else if (joined?.ok) {
    joinedPartyOn = joined.date;
    if (joined.notice) notices.push(joined.notice);
    if (birthDate !== null) {
      const earliest = addYears(birthDate, MIN_JOINING_AGE);
      // 1959.03 for someone born 1945-03-12 is March 1959: only a whole month before is too early.
      const tooEarly = joined.monthOnly ? joined.date.slice(0, 7) < earliest.slice(0, 7) : joined.date < earliest;
      if (tooEarly) reasons.push(`入党时间（${joined.date}）早于出生后满 ${MIN_JOINING_AGE} 周岁的日期（${earliest}），请核对`);
    }
  }

  const relation = isBlankCell(cell('partyRelation')) ? ({ kind: 'none' } as const) : readPartyRelation(cellText(cell('partyRelation')));
  let isPartyMember = false;
  let duesChannel: MemberDraft['duesChannel'] = 'this_branch';
  if (joined !== null && !joined.ok) {
    // The row is refused for its 入党时间; whether it is a party member's cannot be told yet.
  } else if (joined !== null) {
    if (relation.kind === 'not_member') {
      reasons.push(`填写了入党时间，但党组织关系为「${relation.text}」，两者矛盾，请核对是否为党员`);
    } else {
      isPartyMember = true;
      if (relation.kind === 'member') {
        duesChannel = relation.channel;
        if (relation.fromUnitName) notices.push(`党组织关系「${relation.text}」不是本社区或本支部，党费记为在原单位交纳，请核对`);
      }
    }
  } else if (relation.kind === 'member') {
    reasons.push(`党组织关系为「${relation.text}」，但缺少入党时间；党员必须填写入党时间，请补填`);
  }

  let address: MemberDraft['address'] = null;
  if (mapped('address')) {
    if (isBlankCell(cell('address'))) reasons.push('缺少家庭住址，请补填（上门走访需要住址）');
    else {
      const split = splitAddress(cellText(cell('address')));
      address = split.address;
      notices.push(...split.notices);
    }
  }

  const phone = readPhone(cell('phone'), '联系电话');
  notices.push(...phone.notices);

  let familyContact: MemberDraft['familyContact'] = null;
  if (mapped('emergencyName') || mapped('emergencyPhone')) {
    const contact = readEmergencyContact(cell('emergencyName'), cell('emergencyPhone'));
    familyContact = contact.contact;
    notices.push(...contact.notices);
  }

  let pensionFen: number | null = null;
  const pension = readAmountFen(cell('pension'), '月基本离退休费');
  if (pension && !pension.ok) reasons.push(pension.reason);
  else if (pension?.ok) {
    notices.push(...pension.notices);
    if (!isPartyMember) notices.push('非党员不交纳党费，月基本离退休费未作为核定基数');
    else if (pension.value === 0) notices.push('月基本离退休费为 0，未作为核定基数，请核对');
    else pensionFen = pension.value;
  }

  const remarkText = [isBlankCell(cell('remarks')) ? '' : rawText(cell('remarks')), name?.ok ? (name.value.aside ?? '') : '']
    .filter(Boolean)
    .join('；');
  const remarks = readRemarks(remarkText, { today, birthDate });
  reasons.push(...remarks.reasons);
  notices.push(...remarks.notices);

  const ethnicity = readEthnicity(cell('ethnicity'));
  const formerUnit = readShortText(cell('formerUnit'), '原工作单位', 64);
  const formerPosition = readShortText(cell('formerPosition'), '原职务', 32);
  const retirement = readRetirement(cell('retirement'));
  const branch = readShortText(cell('branch'), '党支部', 64);
  notices.push(...ethnicity.notices, ...formerUnit.notices, ...formerPosition.notices, ...retirement.notices, ...branch.notices);
  let branchName = branch.value;
  if (!isPartyMember && branchName !== null) {
    notices.push(`非党员不属于党支部，「${branchName}」未导入`);
    branchName = null;
  }

  if (reasons.length > 0 || name === null || !name.ok || gender === null || birthDate === null) {
    return { kind: 'rejected', reasons, notices, draft: null };
  }

  let note = [remarks.note, phone.others.length > 0 ? `其他电话：${phone.others.join('、')}` : ''].filter(Boolean).join('；');
  if (note.length > NOTE_MAX) {
    note = note.slice(0, NOTE_MAX);
    notices.push(`备注超过 ${NOTE_MAX} 个字，只保留了前 ${NOTE_MAX} 个字`);
  }

  const draft: MemberDraft = {
    name: name.value.name,
    gender,
    birthDate,
    idNumber,
    ethnicity: ethnicity.value,
    formerUnit: formerUnit.value,
    formerPosition: formerPosition.value,
    retirement: retirement.value,
    phone: phone.phone,
    address,
    familyContact,
    isPartyMember,
    joinedPartyOn: isPartyMember ? joinedPartyOn : null,
    branchName,
    duesChannel,
    pensionFen,
    status: remarks.status,
    diedOn: remarks.diedOn,
    away: remarks.away,
    risks: remarks.risks,
    note,
  };
  return { kind: 'person', reasons, notices, draft };
}

/** The 性别 column, checked against the ID's 17th digit; the ID decides when the column is empty. */
function readGenderColumn(value: RosterCell | undefined, idGender: Gender | null, idBlank: boolean, reasons: string[]): Gender | null {
  const column = readGender(value);
  if (column && !column.ok) {
    reasons.push(column.reason);
    return null;
  }
  if (column?.ok && idGender !== null && column.value !== idGender) {
    reasons.push(`性别（${GENDER_LABEL[column.value]}）与身份证号不符（第 17 位表示${GENDER_LABEL[idGender]}），请核对`);
    return null;
  }
  const gender = idGender ?? (column?.ok ? column.value : null);
  if (gender === null && idBlank) reasons.push('缺少性别，请补填（或填写身份证号）');
  return gender;
}

/**
 * The 出生日期 column, checked against the ID's birth date. A column written only to the month agrees with an
 * ID of that month, and the ID's full date is kept.
 */
function readBirthColumn(
  value: RosterCell | undefined,
  idBirth: IsoDate | null,
  idBlank: boolean,
  today: IsoDate,
  reasons: string[],
  notices: string[],
): IsoDate | null {
  const column = readDateCell(value, '出生日期', today);
  if (idBirth !== null) {
    if (column === null) return idBirth;
    if (!column.ok) {
      notices.push(`${column.reason.replace(/，请.*$/, '')}，已按身份证号记为 ${idBirth}`);
      return idBirth;
    }
    const agrees = column.monthOnly ? column.date.slice(0, 7) === idBirth.slice(0, 7) : column.date === idBirth;
    if (!agrees) {
      const shown = typeof value === 'string' ? rawText(value) : column.date;
      reasons.push(`出生日期（${shown}）与身份证号中的出生日期（${idBirth}）不符，请核对`);
      return null;
    }
    return idBirth;
  }
  if (column === null) {
    if (idBlank) reasons.push('缺少出生日期，请补填（或填写身份证号）');
    return null;
  }
  if (!column.ok) {
    reasons.push(column.reason);
    return null;
  }
  if (column.notice) notices.push(column.notice);
  return column.date;
}
