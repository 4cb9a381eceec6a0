import { z } from 'zod';
import { Id, IsoDate, IsoInstant, OptionalText } from '../common';

/**
 * Something that happened to a member and calls for a visit (四必访, docs/DOMAIN.md §4): 丧偶/亲人去世
 * (bereavement), 生活困难 (hardship), 住院 (hospitalised), or 其他. Recorded by a paired worker (or the
 * administrator); immutable like a visit.
 */
export const MemberEventKind = z.enum(['bereavement', 'hardship', 'hospitalised', 'other']);
export type MemberEventKind = z.infer<typeof MemberEventKind>;

export const MemberEvent = z.object({
  id: Id,
  memberId: Id,
  kind: MemberEventKind,
  occurredOn: IsoDate,
  note: OptionalText(300),
  recordedBy: Id,
  recordedAt: IsoInstant,
});
export type MemberEvent = z.infer<typeof MemberEvent>;
