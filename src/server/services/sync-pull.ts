import type { Change, PullQuery, PullResponse, SyncEntity, User } from '../../domain';
import type { ChangeLogTable, Db } from '../storage/tables';
import { membersInScope } from './member-scope';
import { branchEntitiesFor, branchesInScope, memberEntitiesFor, scopeFingerprint } from './sync-scope';
import { readRecords } from './sync-records';

/**
 * Changes after the cursor in version order, only for the caller's scope, each with the record as it is
 * now. Scope is enforced in the SQL: rows of members outside it are never read.
 */
export async function pullChanges(db: Db, user: User, query: PullQuery): Promise<PullResponse> {
  const [scope, counter] = await Promise.all([
    scopeFingerprint(db, user),
    db.selectFrom('sync_counter').select('value').where('id', '=', 1).executeTakeFirstOrThrow(),
  ]);
  // A cursor beyond the last version handed out means the server was restored from a backup: the device's
  // copy cannot be trusted to match, so it starts again like after a scope change.
  const reset = (query.scope !== undefined && query.scope !== scope) || query.cursor > Number(counter.value);
  const cursor = reset ? 0 : query.cursor;

  const rows = await db
    .selectFrom('change_log')
    .selectAll()
    .where('version', '>', cursor)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('entity', 'in', memberEntitiesFor(user)),
          eb('member_id', 'in', membersInScope(db, user).select('members.id')),
        ]),
        eb.and([eb('entity', 'in', branchEntitiesFor(user)), eb('branch_id', 'in', branchesInScope(db, user))]),
      ]),
    )
    .orderBy('version')
    .limit(query.limit + 1)
    .execute();
  const hasMore = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  const current = await currentData(db, page);
  const changes: Change[] = page.map((row) => {
    const data = row.op === 'upsert' ? current.get(`${row.entity}:${row.entity_id}`) : undefined;
    // A record logged as upserted and deleted since is sent as deleted; its delete follows later anyway.
    return data === undefined
      ? { version: row.version, entity: row.entity, id: row.entity_id, op: 'delete', data: null }
      : { version: row.version, entity: row.entity, id: row.entity_id, op: 'upsert', data };
  });
  return { changes, cursor: page.at(-1)?.version ?? cursor, hasMore, reset, scope };
}

/** The current JSON of every upserted record on the page, one query per kind of record, keyed entity:id. */
async function currentData(db: Db, page: readonly ChangeLogTable[]): Promise<Map<string, unknown>> {
  const ids = new Map<SyncEntity, string[]>();
  for (const row of page) {
    if (row.op !== 'upsert') continue;
    const list = ids.get(row.entity);
    if (list) list.push(row.entity_id);
    else ids.set(row.entity, [row.entity_id]);
  }
  const found = new Map<string, unknown>();
  for (const [entity, list] of ids) {
    for (const row of await readRecords(db, entity, list)) found.set(`${entity}:${row.id}`, JSON.parse(row.data));
  }
  return found;
}
