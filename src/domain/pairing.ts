import { z } from 'zod';
import { Id, IsoInstant } from './common';

/** 结对: a worker looks after a member; a member may also have a backup worker. */
export const PairingRole = z.enum(['primary', 'backup']);
export type PairingRole = z.infer<typeof PairingRole>;

export const Pairing = z.object({
  id: Id,
  workerId: Id,
  memberId: Id,
  role: PairingRole,
  since: IsoInstant,
});
export type Pairing = z.infer<typeof Pairing>;
