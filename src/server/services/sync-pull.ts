import type { ExpressionBuilder } from 'kysely';
import type { PullQuery, SyncEntity, User } from '../../domain';
import { insertRows } from '../storage/bulk-insert';
import type { ChangeLogTable, DatabaseSchema, Db } from '../storage/tables';
import { auditActor, auditRow, membersOf } from './audit';
import { nowIso } from './clock';
import { membersInScope } from './member-scope';
import { recordDeviceSync } from './sync-clients';
import { branchesInScope, pullKindsFor, scopeFingerprint } from './sync-scope';
import { readRecords } from './sync-records';

/**
 * The change-log entries a user may see, from the registry's `read` of each kind: a member's records while
 * the member is in scope, a branch's while the branch is, the community's to every reader of the community,
 * and kinds read by their owner only when the user is that owner (as well as in scope).
 */
function visibleTo(db: Db, user: User) {
  const kinds = pullKindsFor(user);
  return (eb: ExpressionBuilder<DatabaseSchema, 'change_log'>) => {
    const members = () => eb('member_id', 'in', membersInScope(db, user).select('members.id'));
    const branches = () => eb('branch_id', 'in', branchesInScope(db, user));
    const own = eb('owner_id', '=', user.id);
    const clauses = [];
    if (kinds.member.length > 0) clauses.push(eb.and([eb('entity', 'in', kinds.member), members()]));
    if (kinds.memberOwn.length > 0) clauses.push(eb.and([eb('entity', 'in', kinds.memberOwn), own, members()]));
    if (kinds.branch.length > 0) clauses.push(eb.and([eb('entity', 'in', kinds.branch), branches()]));
    if (kinds.branchOwn.length > 0) clauses.push(eb.and([eb('entity', 'in', kinds.branchOwn), own, branches()]));
    if (kinds.community.length > 0) clauses.push(eb.and([eb('entity', 'in', kinds.community), eb('community_id', '=', user.communityId)]));
    return eb.or(clauses);
  };
}

/**
 * Changes after the cursor in version order, only for the caller's scope, each with the record as it is
 * now: a `PullResponse` as JSON text. Scope is enforced in the SQL: rows of members outside it are never read.
 * Each record's stored JSON is spliced into the answer as it is, not parsed and written out again: a first
 * sync sends thousands of records, and the server shares its cores with the devices' other requests.
 */
export async function pullChangesJson(db: Db, user: User, query: PullQuery, address: string | null = null): Promise<string> {
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
    .where(visibleTo(db, user))
    .orderBy('version')
    .limit(query.limit + 1)
    .execute();
  const hasMore = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  const current = await currentData(db, page);
  // The keys and their order of the domain's Change: { version, entity, id, op, data }.
  const changes = page.map((row) => {
    const data = row.op === 'upsert' ? current.get(`${row.entity}:${row.entity_id}`) : undefined;
    const head = `{"version":${Number(row.version)},"entity":${JSON.stringify(row.entity)},"id":${JSON.stringify(row.entity_id)},"op":`;
    // A record logged as upserted and deleted since is sent as deleted; its delete follows later anyway.
    return data === undefined ? `${head}"delete","data":null}` : `${head}"upsert","data":${data}}`;
  });
  await recordHealthDataDelivered(db, user, page, current, address);
  const last = page.at(-1);
  const nextCursor = last === undefined ? cursor : Number(last.version);
  // For the device's progress bar (a first sync is thousands of records): what is left after this page.
  const remaining = hasMore ? await countAfter(db, user, nextCursor) : 0;
  // The device has everything: a successful sync, as the administrator's list of devices shows it.
  if (!hasMore && query.clientId !== undefined) {
    const report = { unsent: query.unsent ?? null, oldestPendingAt: query.oldestPendingAt ?? null, appVersion: query.appVersion ?? null };
    await recordDeviceSync(db, user, query.clientId, report, nowIso());
  }
  return `{"changes":[${changes.join(',')}],"cursor":${nextCursor},"hasMore":${hasMore},"remaining":${remaining},"reset":${reset},"scope":${JSON.stringify(scope)}}`;
}

/** The kinds whose delivery to a device is a view the audit records (docs/DOMAIN.md §6). */
const AUDITED_DELIVERIES = ['health_note', 'consent'] as const;

/**
 * One audit entry per kind for the health notes and consents this page delivers, naming their members, in
 * one multi-row insert (at most two rows): a first pull of a thousand members costs one statement per page.
 */
async function recordHealthDataDelivered(db: Db, user: User, page: readonly ChangeLogTable[], current: ReadonlyMap<string, string>, address: string | null): Promise<void> {
  let byKind: Map<string, string[]> | undefined;
  for (const row of page) {
    if (row.op !== 'upsert' || row.member_id === null || !(AUDITED_DELIVERIES as readonly string[]).includes(row.entity)) continue;
    if (!current.has(`${row.entity}:${row.entity_id}`)) continue;
    byKind ??= new Map();
    const ids = byKind.get(row.entity);
    if (ids) ids.push(row.member_id);
    else byKind.set(row.entity, [row.member_id]);
  }
  if (byKind === undefined) return;
  const actor = auditActor(user, { via: 'app', address });
  const now = nowIso();
  const rows = [...byKind].map(([kind, ids]) =>
    auditRow(actor, { action: 'pull', kind: kind as (typeof AUDITED_DELIVERIES)[number], communityId: user.communityId, ...membersOf(ids) }, now),
  );
  await insertRows(db, 'audit_log', rows);
}

async function countAfter(db: Db, user: User, cursor: number): Promise<number> {
  const { count } = await db
    .selectFrom('change_log')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('version', '>', cursor)
    .where(visibleTo(db, user))
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** The stored JSON text of every upserted record on the page, one query per kind of record, keyed entity:id. */
async function currentData(db: Db, page: readonly ChangeLogTable[]): Promise<Map<string, string>> {
  const ids = new Map<SyncEntity, string[]>();
  for (const row of page) {
    if (row.op !== 'upsert') continue;
    const list = ids.get(row.entity);
    if (list) list.push(row.entity_id);
    else ids.set(row.entity, [row.entity_id]);
  }
  const found = new Map<string, string>();
  for (const [entity, list] of ids) {
    for (const row of await readRecords(db, entity, list)) found.set(`${entity}:${row.id}`, row.data);
  }
  return found;
}
