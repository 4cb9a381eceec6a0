import { z } from 'zod';
import { Id, IsoDate, IsoInstant, OptionalText, ShortText } from './common';

/**
 * 单独同意 (PIPL Art. 29): health notes need the member's separate, recorded, revocable consent.
 * Given by the member or a named relative; withdrawal purges the notes.
 */
export const ConsentGivenBy = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('self') }),
  z.object({ kind: z.literal('relative'), name: ShortText(32), relation: ShortText(16) }),
]);

export const Consent = z.object({
  id: Id,
  memberId: Id,
  scope: z.enum(['health_notes']),
  givenBy: ConsentGivenBy,
  recordedBy: Id,
  givenAt: IsoInstant,
  withdrawnAt: IsoInstant.nullable(),
});
export type Consent = z.infer<typeof Consent>;

/** The coarse set of docs/DOMAIN.md §4: workers are not clinicians, so no diagnosis or medication fields. */
export const HealthNote = z.object({
  id: Id,
  memberId: Id,
  consentId: Id,
  recordedBy: Id,
  recordedAt: IsoInstant,
  overall: z.enum(['good', 'fair', 'poor']),
  mobility: z.enum(['independent', 'partly_dependent', 'dependent']),
  mood: z.enum(['normal', 'low', 'needs_attention']),
  recentHospitalOrFall: z.object({ happened: z.boolean(), on: IsoDate.nullable() }),
  familyDoctorSigned: z.boolean(),
  lastCheckupOn: IsoDate.nullable(),
  bloodPressure: z
    .object({
      systolic: z.number().int().min(50).max(300),
      diastolic: z.number().int().min(30).max(200),
    })
    .nullable(),
  note: OptionalText(300),
});
export type HealthNote = z.infer<typeof HealthNote>;

/** Withdrawing a consent (PIPL Art. 47): the consent is marked withdrawn and the member's health notes purged. */
export const ConsentWithdrawal = z.object({
  consentId: Id,
  memberId: Id,
  withdrawnAt: IsoInstant,
});
export type ConsentWithdrawal = z.infer<typeof ConsentWithdrawal>;
