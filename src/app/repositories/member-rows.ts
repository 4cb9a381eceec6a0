import type { Table } from 'dexie';

/**
 * Rows of several members from a store indexed by member: one indexed read per member, together. (anyOf would
 * walk a cursor, which sealed stores do not offer: seal-middleware.ts.)
 */
export async function rowsOfMembers<R extends { memberId: string | null }>(table: Table<R, string, unknown>, memberIds: readonly string[]): Promise<R[]> {
  const perMember = await Promise.all(memberIds.map((id) => table.where('memberId').equals(id).toArray()));
  return perMember.flat();
}

/** Oldest first by the record's own date (`at`), as the lists and ledgers show them. */
export function byAt<R extends { at: string }>(rows: R[]): R[] {
  return rows.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
