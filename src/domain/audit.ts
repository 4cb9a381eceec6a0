import { z } from 'zod';
import { Id, IsoDate } from './common';
import type { MutationType } from './record-kinds';
import { Role } from './user';

/**
 * The audit trail (issue 14 §5, docs/DOMAIN.md §6, PIPL Arts. 51, 55 and 56): who viewed or changed health notes,
 * consents, dues records and members, and who did what as an administrator — from the app or the CLI. This
 * module is the rule table (what is recorded, under which action and kind) and the shapes of the admin's read
 * (`GET /api/admin/audit`). An entry names ids and counts, and for an edit the NAMES of the fields changed: never
 * a health note's text or any other personal value. The trail stays on the server; it is not a record kind and
 * never reaches a device.
 */

/**
 * Which mutation types leave an entry when the push applies them: every change to health data, consents and
 * the money (dues, cash). Visits, meetings, attendance and the plan's records are the workers' and the
 * secretary's daily work, not sensitive data the law asks a trail for; they are in the change log anyway.
 * A Record over every type, so a new mutation type does not type-check until someone decides.
 */
export const AUDITED_MUTATIONS: Record<MutationType, boolean> = {
  'visit.submit': false,
  'consent.give': true,
  'consent.withdraw': true,
  'health_note.record': true,
  'dues.record': true,
  'dues.assess': true,
  'dues.set_policy': true,
  'dues.adjust': true,
  'dues.resolve_duplicate': true,
  'dues.excuse': true,
  'attendance.record': false,
  'evaluation.record': false,
  'cash.handover': true,
  'cash.confirm': true,
  'cash.remit': true,
  'month.close': true,
  'meeting.record': false,
  'member_event.record': false,
  'follow_up.close': false,
};

export function isAuditedMutation(type: string): boolean {
  return (AUDITED_MUTATIONS as Record<string, boolean>)[type] === true;
}

/** What an administrator or the CLI did, beyond what devices push. */
export const ADMIN_ACTIONS = [
  'member.create',
  'member.update',
  'member.status',
  'member.death',
  'roster.import',
  'pairing.create',
  'pairing.end',
  'user.create',
  'user.password_reset',
  'user.disable',
  'user.enable',
  'organisation.create',
  'organisation.update',
  // A device marked lost or restored, a lifeboat file imported (devices, docs/DOMAIN.md §6).
  'device.lost',
  'device.restore',
  'lifeboat.import',
] as const;

/**
 * Views: `pull` — health notes or consents delivered to a device by a pull page (one entry per page and kind,
 * the members' ids in details); `view` — a record or a ledger read through the API by a person.
 */
export const VIEW_ACTIONS = ['pull', 'view'] as const;

/** The audited types as a list (the action names of pushed changes); a domain test holds it to AUDITED_MUTATIONS. */
export const AUDITED_MUTATION_TYPES = [
  'consent.give',
  'consent.withdraw',
  'health_note.record',
  'dues.record',
  'dues.assess',
  'dues.set_policy',
  'dues.adjust',
  'dues.resolve_duplicate',
  'dues.excuse',
  'cash.handover',
  'cash.confirm',
  'cash.remit',
  'month.close',
] as const satisfies readonly MutationType[];

export const AUDIT_ACTIONS = [...AUDITED_MUTATION_TYPES, ...ADMIN_ACTIONS, ...VIEW_ACTIONS] as const;
export const AuditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditAction>;

/**
 * What an entry is about: a pushed record's kind (the registry's entity), a member, a pairing, a user
 * account, an organisation (street, community, branch), a roster import, or a branch's dues ledger read whole.
 */
export const AUDIT_KINDS = [
  'member',
  'pairing',
  'consent',
  'health_note',
  'dues_payment',
  'dues_assessment',
  'dues_policy',
  'dues_adjustment',
  'duplicate_resolution',
  'arrears_excuse',
  'cash_handover',
  'handover_confirmation',
  'remittance',
  'month_close',
  'branch_ledger',
  'user',
  'organisation',
  'roster',
  'device',
  'lifeboat',
] as const;
export const AuditKind = z.enum(AUDIT_KINDS);
export type AuditKind = z.infer<typeof AuditKind>;

export const AuditVia = z.enum(['app', 'cli']);
export type AuditVia = z.infer<typeof AuditVia>;

/** Counts, ids, states and field names only (see the module's comment). */
export type AuditDetails = Record<string, string | number | boolean | null | readonly string[]>;

/** Most entries a page of the admin's read holds. */
export const AUDIT_PAGE_LIMIT = 200;

/** Opaque to clients: the position after the last entry of a page (its instant and id). */
export const AuditCursor = z.string().regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z~[0-9a-f-]{36}$/, { error: '无效的翻页位置' });

/** `GET /api/admin/audit` query: every filter optional; dates are Beijing days, both ends included. */
export const AuditQuery = z
  .object({
    memberId: Id.optional(),
    actorId: Id.optional(),
    kind: AuditKind.optional(),
    action: AuditAction.optional(),
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    cursor: AuditCursor.optional(),
    limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_LIMIT).default(50),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { path: ['to'], error: '截止日期不能早于起始日期' });
export type AuditQuery = z.infer<typeof AuditQuery>;

const DetailValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);

export const AuditEntry = z.object({
  id: Id,
  at: z.string(),
  /** The signed-in user who acted; null for the CLI, which names its operator instead. */
  actorId: Id.nullable(),
  actorName: z.string().nullable(),
  actorRole: Role.nullable(),
  operator: z.string().nullable(),
  action: AuditAction,
  kind: AuditKind,
  recordId: z.string().nullable(),
  memberId: Id.nullable(),
  details: z.record(z.string(), DetailValue),
  address: z.string().nullable(),
  via: AuditVia,
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditPage = z.object({ entries: z.array(AuditEntry), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;

/** The fields of a record whose values differ, by name only: an edit's entry says what changed, never to what. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>, ignore: readonly string[] = []): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => !ignore.includes(key) && JSON.stringify(before[key]) !== JSON.stringify(after[key])).sort();
}
