import { z } from 'zod';
import { Id, IsoDate, IsoInstant, Phone, ShortText } from './common';
import { Address, FamilyContact, Gender, Member, MemberProfile, RecordedRisks, ServiceNeed } from './member';
import { DuesChannel } from './dues';
import { BranchType, Organisation } from './organisation';
import { Pairing, PairingRole } from './pairing';
import { Password, Role, User, Username } from './user';
import { ColumnMapping, ImportSummary, RosterField, RowReport } from './roster/roster-types';

/**
 * The administrator's API (/api/admin/…): request and response shapes the server validates with and the app
 * parses with. Everything is scoped by the server to the admin's own community: an id from another community
 * answers 404, as one that does not exist. Non-admins get 403.
 *
 *   GET    /api/admin/members                 → AdminMemberList
 *   GET    /api/admin/members/:id             → AdminMemberDetail
 *   POST   /api/admin/members                 MemberInput → Member (201)
 *   PUT    /api/admin/members/:id             MemberInput → Member (idNumber absent: unchanged)
 *   POST   /api/admin/members/:id/status      MemberStatusChange → AdminMemberDetail
 *   GET    /api/admin/users                   → AdminUserList
 *   POST   /api/admin/users                   AdminCreateUser → AdminUserRow (201)
 *   POST   /api/admin/users/:id/password      AdminSetPassword → 204 (the user's sessions end)
 *   POST   /api/admin/users/:id/disable       → AdminUserRow (sessions end; not oneself)
 *   POST   /api/admin/users/:id/enable        → AdminUserRow
 *   GET    /api/admin/pairings                → AdminPairingList (active)
 *   POST   /api/admin/pairings                AdminPairRequest → AdminPairingsResult
 *   DELETE /api/admin/pairings/:id            → AdminPairingsResult
 *   POST   /api/admin/pairings/move           AdminMoveRequest → AdminPairingsResult
 *   GET    /api/admin/organisation            → AdminOrganisation
 *   POST   /api/admin/branches                AdminBranchInput → Organisation (201)
 *   PUT    /api/admin/branches/:id            AdminBranchInput → Organisation
 */

// ── Members ──────────────────────────────────────────────────────────────────────────────────────────────

/** A member as the admin's list shows them, with the workers paired with them now. */
export const AdminMemberRow = z.object({
  member: Member,
  primaryWorkerId: Id.nullable(),
  backupWorkerId: Id.nullable(),
});
export type AdminMemberRow = z.infer<typeof AdminMemberRow>;
/** GET /api/admin/members: every member of the community (the UI filters with pinyin locally). */
export const AdminMemberList = z.array(AdminMemberRow);

/** The editable part of a member; status changes go through MemberStatusChange so that each is recorded. */
export const MemberInput = z.object({
  name: ShortText(32),
  gender: Gender,
  birthDate: IsoDate,
  /** 18 characters with a valid GB 11643 check character; null: none; absent on edit: unchanged. */
  idNumber: z.string().trim().nullable().optional(),
  phone: Phone.nullable(),
  address: Address,
  familyContact: FamilyContact.nullable(),
  isPartyMember: z.boolean(),
  joinedPartyOn: IsoDate.nullable(),
  branchId: Id.nullable(),
  duesChannel: DuesChannel,
  risks: RecordedRisks,
  profile: MemberProfile.omit({ idMasked: true }),
  hobbies: z.array(ShortText(20)).max(20).default([]),
  serviceNeeds: z.array(ServiceNeed).max(5).default([]),
  notes: z.string().trim().max(500).default(''),
});
export type MemberInput = z.infer<typeof MemberInput>;

/** 外出/候鸟 · 已故 · 转出 · 转入 · back home: each a record with who and when (member_status_changes). */
export const MemberStatusChange = z.discriminatedUnion('status', [
  z.object({ status: z.literal('away'), from: IsoDate, expectedReturn: IsoDate.nullable(), place: ShortText(40), phone: Phone.nullable() }),
  z.object({ status: z.literal('deceased'), on: IsoDate }),
  z.object({ status: z.literal('transferred'), on: IsoDate, destination: ShortText(64) }),
  /** 转入 from another organisation (origin given), or back from 外出 (no origin). */
  z.object({ status: z.literal('active'), on: IsoDate, origin: ShortText(64).nullable() }),
]);
export type MemberStatusChange = z.infer<typeof MemberStatusChange>;

export const MemberHistoryEntry = z.object({
  id: Id,
  status: Member.shape.status,
  effectiveOn: IsoDate.nullable(),
  detail: z.record(z.string(), z.string().nullable()),
  changedBy: z.string().nullable(),
  changedAt: IsoInstant,
});
export type MemberHistoryEntry = z.infer<typeof MemberHistoryEntry>;

export const AdminMemberDetail = z.object({
  member: Member,
  pairings: z.array(z.object({ id: Id, workerId: Id, role: PairingRole, since: IsoInstant })),
  history: z.array(MemberHistoryEntry),
});
export type AdminMemberDetail = z.infer<typeof AdminMemberDetail>;

// ── Users ────────────────────────────────────────────────────────────────────────────────────────────────

export const DeviceState = z.object({
  clientId: z.string(),
  /** The last pull or push that succeeded. */
  lastSyncAt: IsoInstant.nullable(),
  /** Records the device said were waiting in its outbox at that sync. */
  unsent: z.number().int().min(0).nullable(),
});
export type DeviceState = z.infer<typeof DeviceState>;

export const AdminUserRow = z.object({
  user: User,
  disabled: z.boolean(),
  lastLoginAt: IsoInstant.nullable(),
  devices: z.array(DeviceState),
  /** Members the user is the primary or backup worker of (workers only). */
  pairedMembers: z.number().int().min(0),
});
export type AdminUserRow = z.infer<typeof AdminUserRow>;
/** GET /api/admin/users: every user of the community, disabled ones included. */
export const AdminUserList = z.array(AdminUserRow);

export const AdminCreateUser = z.object({
  username: Username,
  displayName: User.shape.displayName,
  role: Role,
  branchId: Id.nullable(),
  password: Password,
});
export type AdminCreateUser = z.infer<typeof AdminCreateUser>;

export const AdminSetPassword = z.object({ password: Password });

// ── Pairings ─────────────────────────────────────────────────────────────────────────────────────────────

/** Pairs one worker with several members at once (a building or a unit, in walking order). */
export const AdminPairRequest = z.object({
  workerId: Id,
  memberIds: z.array(Id).min(1).max(1000),
  role: PairingRole,
});
export type AdminPairRequest = z.infer<typeof AdminPairRequest>;

/** Moves every member of a leaving worker to another, primary and backup alike, in one action. */
export const AdminMoveRequest = z.object({ fromWorkerId: Id, toWorkerId: Id });
export type AdminMoveRequest = z.infer<typeof AdminMoveRequest>;

/** GET /api/admin/pairings: the community's active pairings. */
export const AdminPairingList = z.array(Pairing);

export const AdminPairingsResult = z.object({
  paired: z.number().int(),
  ended: z.number().int(),
  purgedNotes: z.number().int(),
  /** Members left as they were: already paired so, or asked as backup of their own primary worker (kept primary). */
  unchanged: z.number().int().default(0),
});
export type AdminPairingsResult = z.infer<typeof AdminPairingsResult>;

// ── Organisation ─────────────────────────────────────────────────────────────────────────────────────────

export const AdminOrganisation = z.object({
  street: Organisation,
  community: Organisation,
  branches: z.array(z.object({ branch: Organisation, secretaries: z.array(User) })),
});
export type AdminOrganisation = z.infer<typeof AdminOrganisation>;

export const AdminBranchInput = z.object({ name: ShortText(64), type: BranchType });
export type AdminBranchInput = z.infer<typeof AdminBranchInput>;

// ── 花名册 import ────────────────────────────────────────────────────────────────────────────────────────

/** The file travels as base64 in JSON (a 5,000-row .xlsx is under 2 MB); the server re-reads it every step. */
export const RosterImportRequest = z.object({
  fileName: z.string().trim().min(1).max(200),
  contentBase64: z.string().min(1),
  /** The admin's changes to the automatic column mapping. */
  mapping: ColumnMapping.optional(),
  /** The branch for party members whose row names none. */
  defaultBranchId: Id.nullable().optional(),
});
export type RosterImportRequest = z.infer<typeof RosterImportRequest>;

/** A report row for the screen: the CLI's row plus what the admin needs to recognise it. */
export const RosterReportRow = RowReport.extend({
  name: z.string().nullable(),
  idMasked: z.string().nullable(),
  notices: z.array(z.string()),
  /** The fields an update changes, by RosterField-like names, for the admin to check. */
  changes: z.array(z.string()),
});
export type RosterReportRow = z.infer<typeof RosterReportRow>;

export const RosterImportReport = z.object({
  dryRun: z.boolean(),
  sheetName: z.string(),
  headerRow: z.number().int().nullable(),
  columns: z.array(z.object({ index: z.number().int(), header: z.string(), field: RosterField.nullable() })),
  summary: ImportSummary,
  rows: z.array(RosterReportRow),
  /** Members of the community the file does not mention: never deleted, listed for review. */
  missing: z.array(z.object({ memberId: Id, name: z.string(), status: Member.shape.status })),
});
export type RosterImportReport = z.infer<typeof RosterImportReport>;
