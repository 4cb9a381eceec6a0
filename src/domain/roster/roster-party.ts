import type { DuesChannel } from '../dues';
import { toHalfWidth, withoutSpaces } from './roster-text';

/**
 * 党组织关系 as offices write it, read for the dues channel (docs/DOMAIN.md §3.5): the old unit keeps the
 * membership (原单位, 三不转, or a unit's name) or this community's branch does (社区, 本支部, or nothing written).
 */

export type PartyRelation =
  | { kind: 'none' }
  | { kind: 'not_member'; text: string }
  | { kind: 'member'; channel: DuesChannel; text: string; /** The channel came from a unit's name: worth checking. */ fromUnitName: boolean };

const NOT_MEMBER = /非党员|非中共党员|群众|无党派|民主党派|不是党员|非党/;
const ORIGINAL_UNIT = /原单位|原工作单位|三不转|单位保留|留在单位|在单位/;
const THIS_BRANCH = /社区|本支部|本社区|街道|居委会|已转入|转入本/;

export function readPartyRelation(text: string): PartyRelation {
  const compact = withoutSpaces(toHalfWidth(text));
  if (compact === '') return { kind: 'none' };
  if (NOT_MEMBER.test(compact)) return { kind: 'not_member', text: compact };
  if (ORIGINAL_UNIT.test(compact)) return { kind: 'member', channel: 'original_unit', text: compact, fromUnitName: false };
  if (THIS_BRANCH.test(compact)) return { kind: 'member', channel: 'this_branch', text: compact, fromUnitName: false };
  return { kind: 'member', channel: 'original_unit', text: compact, fromUnitName: true };
}
