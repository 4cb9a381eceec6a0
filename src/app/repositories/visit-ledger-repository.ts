import type { FollowUpClosure, Member, Visit } from '../../domain';
import { db } from '../db/database';
import { counted } from './counted';

export interface VisitLedgerRecords {
  visits: Visit[];
  members: Member[];
  closures: FollowUpClosure[];
}

/**
 * What the 走访台账 is made from: every visit on the device (a correction may move a visit into or out of the
 * period, so the domain sees them all and decides), the members for names and addresses, and the follow-ups
 * marked done. Records the server refused count in nothing, as in the other ledgers (counted.ts).
 */
export async function loadVisitLedgerRecords(): Promise<VisitLedgerRecords> {
  return db.transaction('r', db.visits, db.members, db.followUpClosures, async () => {
    const [visits, members, closures] = await Promise.all([db.visits.toArray(), db.members.toArray(), db.followUpClosures.toArray()]);
    return { visits: counted(visits), members: members.map((row) => row.payload), closures: counted(closures) };
  });
}
