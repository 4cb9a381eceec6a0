import type { Kysely } from 'kysely';
import type { BranchType, DuesChannel, Gender, MemberStatus, MutationStatus, OrgKind, PairingRole, Role, SyncEntity, VisitOutcome, VisitType } from '../../domain';
import type { AuditSchema } from './audit-tables';
import type { DeviceSchema } from './device-tables';
import type { LedgerSchema } from './ledger-tables';
import type { PlanSchema } from './plan-tables';

/**
 * Row shapes as both SQLite and PostgreSQL store them. Only portable types are used: ids are text UUIDs,
 * instants are text ISO-8601 UTC (which sorts correctly as text), booleans are integer 0/1 and lists are
 * JSON text. rows.ts is the one place that turns these into domain objects.
 */
export interface OrganisationsTable {
  id: string;
  kind: OrgKind;
  name: string;
  parent_id: string | null;
  branch_type: BranchType | null;
  created_at: string;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  community_id: string;
  branch_id: string | null;
  password_hash: string;
  disabled: number;
  created_at: string;
  last_login_at: string | null;
}

export interface SessionsTable {
  /** SHA-256 of the token: a stolen database copy cannot be replayed as sessions. */
  token_hash: string;
  /** What the session is called when listed or ended (migration 0011); never derived from the token. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_used_at: string;
  /** The browser's User-Agent and the client address at login; null for sessions older than migration 0011. */
  user_agent: string | null;
  address: string | null;
  /** The device (its sync client id) the session was opened on (migration 0012); null without one. */
  device_id: string | null;
}

/** Failed logins per 'address:<ip>' or 'account:<username>' (services/login-throttle.ts). */
export interface LoginThrottleTable {
  key: string;
  failures: number;
  last_failure_at: string;
  blocked_until: string | null;
}

export interface MembersTable {
  id: string;
  community_id: string;
  branch_id: string | null;
  name: string;
  gender: Gender;
  birth_date: string;
  phone: string | null;
  address_compound: string;
  address_building: string;
  address_unit: string;
  address_room: string;
  family_name: string | null;
  family_relation: string | null;
  family_phone: string | null;
  is_party_member: number;
  joined_party_on: string | null;
  risk_living_alone: number;
  risk_empty_nest: number;
  risk_bedridden: number;
  risk_disabled: number;
  status: MemberStatus;
  died_on: string | null;
  away_place: string | null;
  away_expected_return: string | null;
  hobbies: string;
  service_needs: string;
  notes: string;
  updated_at: string;
  /** 身份证号, server only (docs/DOMAIN.md §8). */
  id_number: string | null;
  /** MemberProfile as JSON. */
  profile: string;
  dues_channel: DuesChannel;
  proposed_base_fen: number | null;
  away_from: string | null;
  away_phone: string | null;
  /** TransferInfo as JSON. */
  transfer: string | null;
}

/** Each status change of a member (外出 · 已故 · 转出 · 转入 · 在册), who made it and when. */
export interface MemberStatusChangesTable {
  id: string;
  member_id: string;
  community_id: string;
  status: MemberStatus;
  effective_on: string | null;
  /** The change's details as JSON (place, phone, destination…). */
  detail: string;
  /** The user who made it; null for a CLI command run on the server. */
  changed_by: string | null;
  changed_at: string;
}

export interface PairingsTable {
  id: string;
  worker_id: string;
  member_id: string;
  role: PairingRole;
  since: string;
  /** Ended pairings are kept for the record; only rows with ended_at null give access. */
  ended_at: string | null;
}

/** Records synced from devices keep the domain JSON in `data` and the hash of their content as first submitted. */
export interface VisitsTable {
  id: string;
  member_id: string;
  amends: string | null;
  occurred_at: string;
  /** The record's type and outcome, copied out of data for coverage (migration 0010). */
  visit_type: VisitType;
  visit_outcome: VisitOutcome;
  submitted_by: string;
  content_hash: string;
  data: string;
  created_at: string;
  /** The campaign a festival visit names (migration 0009); null for any other visit. */
  campaign_id: string | null;
}

export interface ConsentsTable {
  id: string;
  member_id: string;
  withdrawn_at: string | null;
  content_hash: string;
  data: string;
  created_at: string;
}

export interface HealthNotesTable {
  id: string;
  member_id: string;
  consent_id: string;
  content_hash: string;
  data: string;
  created_at: string;
}

export interface DuesPoliciesTable {
  branch_id: string;
  data: string;
  updated_at: string;
}

export interface DuesAssessmentsTable {
  id: string;
  member_id: string;
  branch_id: string;
  year: number;
  effective_from: string;
  content_hash: string;
  data: string;
  created_at: string;
}

export interface DuesPaymentsTable {
  id: string;
  member_id: string;
  branch_id: string;
  kind: 'payment' | 'reversal';
  reverses: string | null;
  amount_fen: number;
  content_hash: string;
  data: string;
  created_at: string;
}

export interface DuesPaymentMonthsTable {
  payment_id: string;
  month: string;
  member_id: string;
  branch_id: string;
}

export interface SyncClientsTable {
  client_id: string;
  user_id: string;
  last_settled_seq: number;
  updated_at: string;
  /** The last push settled or pull completed (migration 0008). */
  last_sync_at: string | null;
  /** The outbox count the device reported with that pull; null when it did not say. */
  unsent: number | null;
  /** When the oldest record in that outbox was made, as the device reported it (migration 0010); null: none or not said. */
  oldest_pending_at: string | null;
  /** The app version the device reported with that pull; null when it did not say. */
  app_version: string | null;
}

export interface SyncMutationsTable {
  mutation_id: string;
  client_id: string;
  seq: number;
  user_id: string;
  type: string;
  status: MutationStatus;
  code: string | null;
  message: string | null;
  record_id: string | null;
  received_at: string;
}

export interface ChangeLogTable {
  version: number;
  entity: SyncEntity;
  entity_id: string;
  member_id: string | null;
  branch_id: string | null;
  /** For kinds read by their owner only (registry `read: own`): the user the record belongs to. */
  owner_id: string | null;
  /** For the community's records (registry level `community`): the community every reader belongs to. */
  community_id: string | null;
  op: 'upsert' | 'delete';
  committed_at: string;
}

export interface SyncCounterTable {
  id: number;
  value: number;
}

export interface DatabaseSchema extends LedgerSchema, PlanSchema, AuditSchema, DeviceSchema {
  organisations: OrganisationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
  members: MembersTable;
  member_status_changes: MemberStatusChangesTable;
  pairings: PairingsTable;
  visits: VisitsTable;
  consents: ConsentsTable;
  health_notes: HealthNotesTable;
  dues_policies: DuesPoliciesTable;
  dues_assessments: DuesAssessmentsTable;
  dues_payments: DuesPaymentsTable;
  dues_payment_months: DuesPaymentMonthsTable;
  sync_clients: SyncClientsTable;
  sync_mutations: SyncMutationsTable;
  change_log: ChangeLogTable;
  sync_counter: SyncCounterTable;
}

/** The query builder over these tables; a Transaction is one too, so services run inside transactions unchanged. */
export type Db = Kysely<DatabaseSchema>;
