import type { IsoDate } from './common';
import type { Member } from './member';

/** 独居 · 空巢 · 卧床 · 失能 · 高龄 */
export const RISK_FLAGS = ['livingAlone', 'emptyNest', 'bedridden', 'disabled', 'advancedAge'] as const;
export type RiskFlag = (typeof RISK_FLAGS)[number];

/** 高龄 starts at 80 in the national guidance; kept a parameter because some places use 85 or 90. */
export const DEFAULT_ADVANCED_AGE = 80;

/** Whole years between a birth date and a day, both YYYY-MM-DD. */
export function ageOn(birthDate: IsoDate, today: IsoDate): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const hadBirthday = tm > bm || (tm === bm && td >= bd);
  return ty - by - (hadBirthday ? 0 : 1);
}

export function riskFlags(
  member: Pick<Member, 'birthDate' | 'risks'>,
  today: IsoDate,
  advancedAge: number = DEFAULT_ADVANCED_AGE,
): RiskFlag[] {
  const flags: RiskFlag[] = [];
  if (member.risks.livingAlone) flags.push('livingAlone');
  if (member.risks.emptyNest) flags.push('emptyNest');
  if (member.risks.bedridden) flags.push('bedridden');
  if (member.risks.disabled) flags.push('disabled');
  if (ageOn(member.birthDate, today) >= advancedAge) flags.push('advancedAge');
  return flags;
}
