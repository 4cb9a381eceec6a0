import type { IsoDate } from './common';
import type { Member } from './member';

/** 独居 · 空巢 · 卧床 · 失能 · 高龄 */
export const RISK_FLAGS = ['livingAlone', 'emptyNest', 'bedridden', 'disabled', 'advancedAge'] as const;
export type RiskFlag = (typeof RISK_FLAGS)[number];

/** 高龄 starts at 80 in the national guidance; kept a parameter because some places use 85 or 90. */
export const DEFAULT_ADVANCED_AGE = 80;

/** Whole years between a birth date and a day, both YYYY-MM-DD. */
export function ageOn(birthDate: IsoDate, today: IsoDate): number {
  // YYYY-MM-DD read by its digits, without splitting: the plan reads every member's tier (docs/DOMAIN.md §4).
  if (isPlainDay(birthDate) && isPlainDay(today)) {
    const bmd = digitsOf(birthDate, 5, 7) * 100 + digitsOf(birthDate, 8, 10);
    const tmd = digitsOf(today, 5, 7) * 100 + digitsOf(today, 8, 10);
    return digitsOf(today, 0, 4) - digitsOf(birthDate, 0, 4) - (tmd >= bmd ? 0 : 1);
  }
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const hadBirthday = tm > bm || (tm === bm && td >= bd);
  return ty - by - (hadBirthday ? 0 : 1);
}

function isPlainDay(day: string): boolean {
  if (day.length !== 10 || day.charCodeAt(4) !== 45 || day.charCodeAt(7) !== 45) return false;
  for (let i = 0; i < 10; i++) {
    const c = day.charCodeAt(i);
    if (i !== 4 && i !== 7 && (c < 48 || c > 57)) return false;
  }
  return true;
}

function digitsOf(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (text.charCodeAt(i) - 48);
  return n;
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
