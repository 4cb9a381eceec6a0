import { type Member, type Pairing, type RosterPage, type RosterQuery, type User, DomainError } from '../../domain';
import { memberFromRow, pairingFromRow } from '../storage/rows';
import type { Db } from '../storage/tables';
import { membersInScope } from './member-scope';

export async function rosterPage(db: Db, user: User, query: RosterQuery): Promise<RosterPage> {
  let page = membersInScope(db, user).selectAll('members');
  if (query.cursor !== undefined) page = page.where('members.id', '>', query.cursor);
  // One row more than asked for tells whether another page follows.
  const [rows, counted] = await Promise.all([
    page.orderBy('members.id').limit(query.limit + 1).execute(),
    membersInScope(db, user).select((eb) => eb.fn.countAll().as('total')).executeTakeFirstOrThrow(),
  ]);
  const hasMore = rows.length > query.limit;
  const members = rows.slice(0, query.limit).map(memberFromRow);
  const last = members.at(-1);
  return {
    members,
    pairings: await activePairings(db, user, members),
    total: Number(counted.total),
    nextCursor: hasMore && last ? last.id : null,
  };
}

/** Pairings of these members that are still in force; a worker learns only about their own. */
async function activePairings(db: Db, user: User, members: Member[]): Promise<Pairing[]> {
  if (members.length === 0) return [];
  let query = db
    .selectFrom('pairings')
    .selectAll()
    .where('member_id', 'in', members.map((m) => m.id))
    .where('ended_at', 'is', null);
  if (user.role === 'worker') query = query.where('worker_id', '=', user.id);
  const rows = await query.orderBy('member_id').orderBy('role').orderBy('id').execute();
  return rows.map(pairingFromRow);
}

/** 404 whether the member does not exist or is outside the caller's scope: existence is not revealed. */
export async function memberInScope(db: Db, user: User, id: string): Promise<Member> {
  const row = await membersInScope(db, user).selectAll('members').where('members.id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND');
  return memberFromRow(row);
}
