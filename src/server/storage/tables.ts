import type { Kysely } from 'kysely';
import type { BranchType, Gender, MemberStatus, OrgKind, PairingRole, Role } from '../../domain';

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
}

export interface SessionsTable {
  /** SHA-256 of the token: a stolen database copy cannot be replayed as sessions. */
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_used_at: string;
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
  away_place: string | null;
  away_expected_return: string | null;
  hobbies: string;
  service_needs: string;
  notes: string;
  updated_at: string;
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

export interface DatabaseSchema {
  organisations: OrganisationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  members: MembersTable;
  pairings: PairingsTable;
}

/** The query builder over these tables; a Transaction is one too, so services run inside transactions unchanged. */
export type Db = Kysely<DatabaseSchema>;
