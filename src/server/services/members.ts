import { Member, parseInput } from '../../domain';
import { memberToRow } from '../storage/rows';
import type { Db } from '../storage/tables';

/** Stores members after checking each against the domain schema, so the roster only ever holds valid records. */
export async function addMembers(db: Db, candidates: readonly Member[]): Promise<Member[]> {
  const members = candidates.map((candidate) => parseInput(Member, candidate));
  if (members.length > 0) await db.insertInto('members').values(members.map(memberToRow)).execute();
  return members;
}
