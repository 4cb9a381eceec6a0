import { z } from 'zod';
import { Id, IsoInstant, OptionalText } from '../common';

/**
 * A visit's follow-up (后续事项) marked done. The visit stays immutable: the closure is its own record naming
 * the visit and the follow-up's position in it (docs/DOMAIN.md §4).
 */
export const FollowUpClosure = z.object({
  id: Id,
  memberId: Id,
  visitId: Id,
  /** 0-based index into the visit's followUps. */
  index: z.number().int().min(0).max(19),
  note: OptionalText(300),
  closedBy: Id,
  closedAt: IsoInstant,
});
export type FollowUpClosure = z.infer<typeof FollowUpClosure>;
