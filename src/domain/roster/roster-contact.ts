import type { FamilyContact } from '../member';
import type { RosterCell } from './roster-types';
import { findPhones } from './roster-values';
import { cellText, isBlankCell, rawText, withoutSpaces } from './roster-text';

/**
 * The 紧急联系人 columns as one FamilyContact: 张伟（儿子） gives the relation, a phone typed into the name cell
 * (张伟 13900001111) is used when the phone column is empty. Half a contact is a notice, not a rejection.
 */

const RELATIONS =
  '儿子|女儿|儿媳|女婿|配偶|妻子|丈夫|老伴|爱人|孙子|孙女|外孙女|外孙|侄子|侄女|外甥女|外甥|弟弟|妹妹|哥哥|姐姐|兄弟|姐妹|亲属|亲戚|保姆|邻居|朋友|长子|次子|长女|次女';
const RELATION_FIRST = new RegExp(`^(${RELATIONS})[:：]?(?=[\\u4e00-\\u9fa5]{2,})`);
const RELATION_LAST = new RegExp(`[/\\-、,，:：]?(${RELATIONS})$`);
const NAME_MAX = 32;
const RELATION_MAX = 16;
const DEFAULT_RELATION = '紧急联系人';

export interface ContactReading {
  contact: FamilyContact | null;
  notices: string[];
}

export function readEmergencyContact(nameCell: RosterCell | undefined, phoneCell: RosterCell | undefined): ContactReading {
  const notices: string[] = [];
  const nameText = isBlankCell(nameCell) ? '' : cellText(nameCell);
  const inName = findPhones(nameText).phones;
  let phone: string | null = null;
  if (!isBlankCell(phoneCell)) {
    const found = findPhones(cellText(phoneCell)).phones;
    phone = found[0] ?? null;
    if (phone === null) notices.push(`紧急联系人电话「${rawText(phoneCell)}」不是有效的电话号码，请核对`);
  }
  if (phone === null && inName.length > 0) phone = inName[0] as string;

  let rest = withoutSpaces(nameText.replace(/\+?\(?\d[\d\s\-()]*\d/g, ' '));
  let relation: string | null = null;
  const bracket = /[(（]([^)）]*)[)）]/.exec(rest);
  if (bracket) {
    relation = (bracket[1] ?? '').trim() || null;
    rest = rest.replace(bracket[0], '');
  }
  if (relation === null) {
    const last = RELATION_LAST.exec(rest);
    const first = RELATION_FIRST.exec(rest);
    if (last && rest.length > (last[0] as string).length + 1) {
      relation = last[1] as string;
      rest = rest.slice(0, rest.length - (last[0] as string).length);
    } else if (first) {
      relation = first[1] as string;
      rest = rest.slice((first[0] as string).length);
    }
  }
  const name = rest.replace(/^[/\-、,，:：]+|[/\-、,，:：]+$/g, '');

  if (name === '' && phone === null) return { contact: null, notices };
  if (name === '') {
    notices.push('有紧急联系人电话但没有姓名，紧急联系人未导入，请补充姓名');
    return { contact: null, notices };
  }
  if (phone === null) {
    notices.push(`紧急联系人「${name}」没有有效的电话，未导入，请补充电话`);
    return { contact: null, notices };
  }
  if (name.length > NAME_MAX) {
    notices.push(`紧急联系人姓名超过 ${NAME_MAX} 个字，未导入，请核对`);
    return { contact: null, notices };
  }
  return { contact: { name, relation: (relation ?? DEFAULT_RELATION).slice(0, RELATION_MAX), phone }, notices };
}
