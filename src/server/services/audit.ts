import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { AuditAction, AuditDetails, AuditKind, AuditVia, Role, User } from '../../domain';
import type { AuditLogTable } from '../storage/audit-tables';
import { insertRows } from '../storage/bulk-insert';
import { inTransaction } from '../storage/change-log';
import type { Db } from '../storage/tables';
import { nowIso } from './clock';

/**
 * Writing the audit trail (docs/DOMAIN.md §6; the rule table is src/domain/audit.ts). Every entry is written in
 * the transaction of what it records, so a change never exists without its entry nor an entry without its
 * change. Nothing here updates a row; purgeAudit (by age) is the one delete.
 */

/** Where an action came from: the app (with the client's address) or the CLI on the server (with its operator). */
export type AuditSource = { via: 'app'; address: string | null } | { via: 'cli'; operator: string };

/** Who acted, as an entry names them. */
export interface AuditActor {
  userId: string | null;
  role: Role | null;
  operator: string | null;
  via: AuditVia;
  address: string | null;
}

/** The CLI's operator when no --operator is given: the OS account running it. */
export function osOperator(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    // No passwd entry for the uid (some containers).
    return `uid:${process.getuid?.() ?? '?'}`;
  }
}

export function cliSource(operator: string = osOperator()): AuditSource {
  return { via: 'cli', operator };
}

/** A signed-in user acting through the app, or the CLI's operator (no user). */
export function auditActor(user: User | null, source: AuditSource): AuditActor {
  if (source.via === 'cli') return { userId: null, role: null, operator: source.operator, via: 'cli', address: null };
  return { userId: user?.id ?? null, role: user?.role ?? null, operator: null, via: 'app', address: source.address };
}

/** An app request whose address is not known (a service called directly, e.g. by a script or a test). */
export const UNKNOWN_APP_SOURCE: AuditSource = { via: 'app', address: null };

export interface AuditEvent {
  action: AuditAction;
  kind: AuditKind;
  communityId: string | null;
  recordId?: string | null;
  memberId?: string | null;
  details?: AuditDetails;
}

export function auditRow(actor: AuditActor, event: AuditEvent, at: string): AuditLogTable {
  return {
    id: randomUUID(),
    at,
    actor_id: actor.userId,
    actor_operator: actor.operator,
    actor_role: actor.role,
    community_id: event.communityId,
    action: event.action,
    record_kind: event.kind,
    record_id: event.recordId ?? null,
    member_id: event.memberId ?? null,
    details: JSON.stringify(event.details ?? {}),
    address: actor.address,
    via: actor.via,
  };
}

/** Appends entries in one multi-row insert, in the caller's transaction. */
export async function recordAudit(db: Db, actor: AuditActor, events: readonly AuditEvent[], at: string = nowIso()): Promise<void> {
  if (events.length === 0) return;
  await insertRows(db, 'audit_log', events.map((event) => auditRow(actor, event, at)));
}

/** A person shown personal data through the API (a member, a branch's dues): one entry, action `view`. */
export async function recordView(db: Db, user: User, source: AuditSource, event: Omit<AuditEvent, 'action' | 'communityId'>): Promise<void> {
  await recordAudit(db, auditActor(user, source), [{ ...event, action: 'view', communityId: user.communityId }]);
}

/**
 * Runs a change and appends its entries in one transaction (the caller's, when it has one): the entries are
 * made from the change's result, so they name what was actually done.
 */
export function withAudit<T>(db: Db, actor: AuditActor, change: (trx: Db) => Promise<T>, events: (result: T) => readonly AuditEvent[]): Promise<T> {
  return inTransaction(db, async (trx) => {
    const result = await change(trx);
    await recordAudit(trx, actor, events(result));
    return result;
  });
}

/**
 * Members' ids of one entry: set on the row when there is one member, so that the member filter finds it by
 * index; several members (a pull page) are listed in details, which the filter also reads.
 */
export function membersOf(ids: readonly string[]): { memberId: string | null; details: AuditDetails } {
  const unique = [...new Set(ids)].sort();
  return { memberId: unique.length === 1 ? unique[0]! : null, details: { memberIds: unique, count: unique.length } };
}

/**
 * Entries older than the retention (AUDIT_RETENTION_DAYS, default 1,095 days: docs/DOMAIN.md §6) are deleted;
 * the only delete of the trail. Returns how many went.
 */
export async function purgeAudit(db: Db, retentionDays: number, now: string = nowIso()): Promise<number> {
  const cutoff = new Date(Date.parse(now) - retentionDays * 86_400_000).toISOString();
  const result = await db.deleteFrom('audit_log').where('at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export const DEFAULT_AUDIT_RETENTION_DAYS = 1_095;
