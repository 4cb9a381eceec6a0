import { AuditEntry, type AuditPage, type AuditQuery, type User } from '../../domain';
import type { Db } from '../storage/tables';

/** A Beijing day's first instant in UTC: the admin picks days as they live them (UTC+8, no daylight saving). */
function startOfBeijingDay(day: string): string {
  return new Date(`${day}T00:00:00.000+08:00`).toISOString();
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/**
 * The admin's audit (GET /api/admin/audit): entries of their own community only — the community comes from
 * the session — newest first, a page at a time. A member filter also finds the entries that name several
 * members in details (a pull page); the id is a checked UUID, so it cannot widen the LIKE.
 */
export async function listAudit(db: Db, admin: User, query: AuditQuery): Promise<AuditPage> {
  let q = db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .select([
      'a.id',
      'a.at',
      'a.actor_id',
      'a.actor_operator',
      'a.actor_role',
      'a.action',
      'a.record_kind',
      'a.record_id',
      'a.member_id',
      'a.details',
      'a.address',
      'a.via',
      'u.display_name',
    ])
    .where('a.community_id', '=', admin.communityId);
  if (query.memberId !== undefined) {
    const memberId = query.memberId;
    q = q.where((eb) => eb.or([eb('a.member_id', '=', memberId), eb.and([eb('a.member_id', 'is', null), eb('a.details', 'like', `%"${memberId}"%`)])]));
  }
  if (query.actorId !== undefined) q = q.where('a.actor_id', '=', query.actorId);
  if (query.kind !== undefined) q = q.where('a.record_kind', '=', query.kind);
  if (query.action !== undefined) q = q.where('a.action', '=', query.action);
  if (query.from !== undefined) q = q.where('a.at', '>=', startOfBeijingDay(query.from));
  if (query.to !== undefined) q = q.where('a.at', '<', startOfBeijingDay(nextDay(query.to)));
  if (query.cursor !== undefined) {
    const [at, id] = query.cursor.split('~') as [string, string];
    q = q.where((eb) => eb.or([eb('a.at', '<', at), eb.and([eb('a.at', '=', at), eb('a.id', '<', id)])]));
  }
  const rows = await q
    .orderBy('a.at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    entries: page.map((row) =>
      AuditEntry.parse({
        id: row.id,
        at: row.at,
        actorId: row.actor_id,
        actorName: row.display_name ?? null,
        actorRole: row.actor_role,
        operator: row.actor_operator,
        action: row.action,
        kind: row.record_kind,
        recordId: row.record_id,
        memberId: row.member_id,
        details: JSON.parse(row.details),
        address: row.address,
        via: row.via,
      }),
    ),
    nextCursor: rows.length > query.limit && last ? `${last.at}~${last.id}` : null,
  };
}
