import type { AuditVia, Role } from '../../domain';

/** The audit trail (migration 0013, services/audit.ts): appended, never updated; purged by age only. */
export interface AuditLogTable {
  id: string;
  at: string;
  actor_id: string | null;
  actor_operator: string | null;
  actor_role: Role | null;
  community_id: string | null;
  action: string;
  record_kind: string;
  record_id: string | null;
  member_id: string | null;
  /** JSON: counts, ids and field names, never a personal value. */
  details: string;
  address: string | null;
  via: AuditVia;
}

export interface AuditSchema {
  audit_log: AuditLogTable;
}
