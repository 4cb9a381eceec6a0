import type { IsoDate } from '../common';
import type { Member } from '../member';
import { ageOn } from '../risk';
import type { VisitSettingsValues, VisitTier } from './visit-settings';

/**
 * The member's visit tier on a Shanghai day (docs/DOMAIN.md §4): `high` when bedridden (卧床), or 高龄 (age at least
 * the setting's advancedAge) and living alone (独居); `key` with any other risk flag (独居, 空巢, 失能, 高龄);
 * `general` otherwise. The guidance's "serious illness" has no field on the member, so it cannot raise the tier.
 */
export function visitTier(
  member: Pick<Member, 'birthDate' | 'risks'>,
  today: IsoDate,
  settings: Pick<VisitSettingsValues, 'advancedAge'>,
): VisitTier {
  const { livingAlone, emptyNest, bedridden, disabled } = member.risks;
  if (bedridden) return 'high';
  const advanced = ageOn(member.birthDate, today) >= settings.advancedAge;
  if (advanced && livingAlone) return 'high';
  if (advanced || livingAlone || emptyNest || disabled) return 'key';
  return 'general';
}

/** high before key before general: the order urgency sorts by. */
export const TIER_RANK: Readonly<Record<VisitTier, number>> = { high: 0, key: 1, general: 2 };
