import { Dexie, type EntityTable, type Table } from 'dexie';
import type {
  ArrearsExcuse,
  Colleague,
  Attendance,
  CashHandover,
  Consent,
  DuesAdjustment,
  DuplicateResolution,
  Evaluation,
  HandoverConfirmation,
  Meeting,
  MonthClose,
  Remittance,
  DuesAssessment,
  DuesPayment,
  DuesPolicy,
  HealthNote,
  Member,
  MemberStatus,
  MutationType,
  Organisation,
  Pairing,
  User,
  Visit,
  VisitTemplate,
} from '../../domain';

/**
 * A member as stored on the device. Only ids, dates, status and the walking-order key are indexed:
 * names, phones, addresses and health will be encrypted inside `payload`, and encrypted fields cannot be indexed.
 */
export interface MemberRow {
  id: string;
  branchId: string | null;
  status: MemberStatus;
  walkKey: string;
  birthDate: string;
  updatedAt: string;
  payload: Member;
}

export interface PairingRow {
  id: string;
  memberId: string;
  payload: Pairing;
}

/**
 * The one session of this device. After the server says the session expired the row stays with `token: null`,
 * so the login form can offer the same username and the roster is kept for that user.
 */
export interface SessionRow {
  key: 'current';
  token: string | null;
  expiresAt: string;
  user: User;
  organisations: Organisation[];
  /** Names of the community's workers and secretaries (absent in sessions saved by older versions). */
  colleagues?: Colleague[];
  savedAt: string;
}

/** Whose roster is on the device and when it was last downloaded in full. */
export interface SyncStateRow {
  key: 'roster';
  ownerUserId: string;
  syncedAt: string;
  total: number;
}

/**
 * Where a record made on this device stands: saved here only, on its way, accepted by the server, or refused.
 * Records that came from a pull are 'confirmed'.
 */
export type RecordSyncState = 'pending' | 'sending' | 'confirmed' | 'rejected';

export interface SyncRejection {
  code: string;
  message: string;
}

/** A mutation waiting to be pushed. `seq` is both the primary key and the protocol's per-device sequence. */
export interface OutboxRow {
  seq?: number;
  id: string;
  type: MutationType;
  record: unknown;
  createdAt: string;
  state: 'pending' | 'sending' | 'rejected';
  attempts: number;
  lastError: SyncRejection | null;
  recordId: string;
  memberId: string;
}

/** Every synced record keeps its readable columns to ids, dates and sync state; the rest sits in `payload`. */
export interface RecordRow<T> {
  id: string;
  memberId: string;
  /** The record's own date, for ordering a member's history. */
  at: string;
  syncState: RecordSyncState;
  rejection: SyncRejection | null;
  payload: T;
}

/**
 * The secretary's ledger records (adjustments, resolutions, handovers, remittances, month closes, meetings,
 * attendance, evaluations): like RecordRow, plus the branch they belong to. Branch-level records have
 * memberId null; attendance rows also carry their meeting for the register.
 */
export interface BranchRecordRow<T> {
  id: string;
  branchId: string;
  memberId: string | null;
  meetingId?: string;
  at: string;
  syncState: RecordSyncState;
  rejection: SyncRejection | null;
  payload: T;
}

export interface VisitDraftRow {
  memberId: string;
  updatedAt: string;
  payload: unknown;
}

/**
 * Policies and 核定 come from the server, but a secretary's tablet also writes them (dues.set_policy,
 * dues.assess): those rows carry their sync state like the other records (absent = from the server). A policy
 * set on the tablet keeps the last one the server confirmed, to fall back to if the server refuses it.
 */
export interface DuesPolicyRow {
  id: string;
  branchId: string;
  payload: DuesPolicy;
  syncState?: RecordSyncState;
  rejection?: SyncRejection | null;
  confirmedPayload?: DuesPolicy | null;
}

export interface DuesAssessmentRow {
  id: string;
  memberId: string;
  branchId: string;
  effectiveFrom: string;
  payload: DuesAssessment;
  syncState?: RecordSyncState;
  rejection?: SyncRejection | null;
}

export interface FormRow {
  id: string;
  version: number;
  payload: VisitTemplate;
}

export interface MetaRow {
  key: 'clientId' | 'pullCursor' | 'scope' | 'lastSyncAt';
  value: string | number;
}

export const DATABASE_NAME = 'doorstep';

export class DoorstepDatabase extends Dexie {
  session!: EntityTable<SessionRow, 'key'>;
  members!: EntityTable<MemberRow, 'id'>;
  pairings!: EntityTable<PairingRow, 'id'>;
  /** Pages of a download in progress; copied over `members` in one transaction when the last page arrived. */
  stagedMembers!: EntityTable<MemberRow, 'id'>;
  stagedPairings!: EntityTable<PairingRow, 'id'>;
  syncState!: EntityTable<SyncStateRow, 'key'>;
  outbox!: EntityTable<OutboxRow, 'seq'>;
  visits!: EntityTable<RecordRow<Visit>, 'id'>;
  visitDrafts!: EntityTable<VisitDraftRow, 'memberId'>;
  consents!: EntityTable<RecordRow<Consent>, 'id'>;
  healthNotes!: EntityTable<RecordRow<HealthNote>, 'id'>;
  duesPayments!: EntityTable<RecordRow<DuesPayment>, 'id'>;
  duesAssessments!: EntityTable<DuesAssessmentRow, 'id'>;
  duesPolicies!: EntityTable<DuesPolicyRow, 'id'>;
  forms!: Table<FormRow, [string, number]>;
  duesAdjustments!: EntityTable<BranchRecordRow<DuesAdjustment>, 'id'>;
  duplicateResolutions!: EntityTable<BranchRecordRow<DuplicateResolution>, 'id'>;
  arrearsExcuses!: EntityTable<BranchRecordRow<ArrearsExcuse>, 'id'>;
  cashHandovers!: EntityTable<BranchRecordRow<CashHandover>, 'id'>;
  handoverConfirmations!: EntityTable<BranchRecordRow<HandoverConfirmation>, 'id'>;
  remittances!: EntityTable<BranchRecordRow<Remittance>, 'id'>;
  monthCloses!: EntityTable<BranchRecordRow<MonthClose>, 'id'>;
  meetings!: EntityTable<BranchRecordRow<Meeting>, 'id'>;
  attendance!: EntityTable<BranchRecordRow<Attendance>, 'id'>;
  evaluations!: EntityTable<BranchRecordRow<Evaluation>, 'id'>;
  meta!: EntityTable<MetaRow, 'key'>;

  constructor(name: string = DATABASE_NAME) {
    super(name);
    this.version(1).stores({
      session: 'key',
      members: 'id, branchId, status, walkKey',
      pairings: 'id, memberId',
      stagedMembers: 'id',
      stagedPairings: 'id',
      syncState: 'key',
    });
    // Only new tables: a device upgrading from version 1 keeps its session and roster as they are.
    this.version(2).stores({
      outbox: '++seq, &id, state, recordId, memberId',
      visits: 'id, memberId, at, syncState',
      visitDrafts: 'memberId',
      consents: 'id, memberId, syncState',
      healthNotes: 'id, memberId, at, syncState',
      duesPayments: 'id, memberId, at, syncState',
      duesAssessments: 'id, memberId, branchId, effectiveFrom',
      duesPolicies: 'id, branchId',
      forms: '[id+version], id',
      meta: 'key',
    });
    // The secretary's ledgers (issue 4): only new tables, so devices on version 2 keep their outbox and records.
    this.version(3).stores({
      duesAdjustments: 'id, branchId, memberId, syncState',
      duplicateResolutions: 'id, branchId, memberId, syncState',
      arrearsExcuses: 'id, branchId, memberId, syncState',
      cashHandovers: 'id, branchId, syncState',
      handoverConfirmations: 'id, branchId, syncState',
      remittances: 'id, branchId, syncState',
      monthCloses: 'id, branchId, syncState',
      meetings: 'id, branchId, at, syncState',
      attendance: 'id, branchId, memberId, meetingId, syncState',
      evaluations: 'id, branchId, memberId, syncState',
    });
    // Indexes no query reads: `syncState` (states are read per record, never looked up) and `at` (lists are
    // ordered with sortBy, in memory). Each costs a write per record, and a first sync writes thousands.
    // Only indexes go: every row and the outbox stay as they are.
    this.version(4).stores({
      visits: 'id, memberId',
      consents: 'id, memberId',
      healthNotes: 'id, memberId',
      duesPayments: 'id, memberId',
      duesAdjustments: 'id, branchId, memberId',
      duplicateResolutions: 'id, branchId, memberId',
      arrearsExcuses: 'id, branchId, memberId',
      cashHandovers: 'id, branchId',
      handoverConfirmations: 'id, branchId',
      remittances: 'id, branchId',
      monthCloses: 'id, branchId',
      meetings: 'id, branchId',
      attendance: 'id, branchId, memberId, meetingId',
      evaluations: 'id, branchId, memberId',
    });
  }
}

export const db = new DoorstepDatabase();
