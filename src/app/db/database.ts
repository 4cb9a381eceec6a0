import { Dexie, type EntityTable, type Table } from 'dexie';
import { dataKey } from '../vault/data-key';
import { openJson, sealJson } from '../vault/vault-crypto';
import { sealMiddleware } from './seal-middleware';
import { RECORD_KIND_FACTS, SYNC_ENTITIES } from '../../domain';
import type {
  ArrearsExcuse,
  Colleague,
  Attendance,
  Campaign,
  CashHandover,
  LifeboatKey,
  Consent,
  DuesAdjustment,
  DuplicateResolution,
  Evaluation,
  FollowUpClosure,
  HandoverConfirmation,
  Meeting,
  MonthClose,
  Remittance,
  DuesAssessment,
  DuesPayment,
  DuesPolicy,
  HealthNote,
  Member,
  MemberEvent,
  MemberStatus,
  MutationType,
  Organisation,
  Pairing,
  SyncEntity,
  User,
  Visit,
  VisitSettings,
  VisitTemplate,
} from '../../domain';

/**
 * A member as stored on the device. Only the id and the branch are indexed (and so readable on disk): the rest of
 * the row is sealed (seal-middleware.ts), and the roster is put in walking order in memory.
 * Members come through the pull like every record (`at`, sync state).
 */
export interface MemberRow {
  id: string;
  branchId: string | null;
  status: MemberStatus;
  updatedAt: string;
  at?: string;
  syncState?: RecordSyncState;
  rejection?: SyncRejection | null;
  payload: Member;
}

export interface PairingRow {
  id: string;
  memberId: string;
  at?: string;
  syncState?: RecordSyncState;
  rejection?: SyncRejection | null;
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

/**
 * A member's visit drafts, one row per member: the new visit being typed (`payload`, null when there is none)
 * and each correction under way, keyed by the visit it corrects — so a draft never opens in another visit's form.
 */
export interface VisitDraftRow {
  memberId: string;
  updatedAt: string;
  payload: unknown;
  corrections?: Record<string, unknown>;
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

/**
 * How this device's data key is kept (vault.ts): wrapped under the login (password + the server's device secret)
 * and, once chosen, under the PIN. Never sealed itself — it is what opens the rest — so it holds no personal data
 * beyond who may unlock (shown on the lock screen). `leaseUntil`: the PIN opens nothing after it until an online
 * login (docs/DOMAIN.md §6).
 */
export interface KeyringRow {
  key: 'current';
  userId: string;
  username: string;
  displayName: string;
  role: User['role'];
  clientId: string;
  salt: Uint8Array<ArrayBuffer>;
  iterations: number;
  loginWrap: Uint8Array<ArrayBuffer>;
  pin: { salt: Uint8Array<ArrayBuffer>; iterations: number; wrap: Uint8Array<ArrayBuffer> } | null;
  pinFailures: number;
  leaseDays: number;
  leaseUntil: string;
  /** The server's public key for lifeboat files (docs/DOMAIN.md §6), from the last login. */
  lifeboatKey: LifeboatKey | null;
  createdAt: string;
}

export interface MetaRow {
  /** legacyUser: who a device upgraded from before encryption belonged to (JSON of id and username), until a login. */
  key: 'clientId' | 'pullCursor' | 'scope' | 'lastSyncAt' | 'legacyUser';
  value: string | number;
}

export const DATABASE_NAME = 'doorstep';

/** The Dexie store of each record kind, named by the registry (src/domain/registry.ts). */
export type RecordTableName = (typeof RECORD_KIND_FACTS)[SyncEntity]['dexieTable'];

/**
 * What each kind's store indexes besides its primary key `id`: only what a query looks records up by (ids,
 * the meeting of an attendance row, the month an assessment takes effect, a member's branch, status and walking
 * order). Keyed by the registry's kinds: a new kind fails the type-check until its store is declared here, and
 * then gets a new version below (`this.version(8).stores(recordStores())`), so devices create its store.
 */
const RECORD_INDEXES = {
  member: 'branchId',
  pairing: 'memberId',
  visit: 'memberId',
  consent: 'memberId',
  health_note: 'memberId',
  dues_payment: 'memberId',
  dues_assessment: 'memberId, branchId, effectiveFrom',
  dues_policy: 'branchId',
  dues_adjustment: 'branchId, memberId',
  duplicate_resolution: 'branchId, memberId',
  arrears_excuse: 'branchId, memberId',
  attendance: 'branchId, memberId, meetingId',
  evaluation: 'branchId, memberId',
  cash_handover: 'branchId',
  handover_confirmation: 'branchId',
  remittance: 'branchId',
  month_close: 'branchId',
  meeting: 'branchId',
  visit_settings: 'communityId',
  campaign: 'communityId',
  member_event: 'memberId',
  follow_up_closure: 'memberId, visitId',
} as const satisfies Record<SyncEntity, string>;

/** Versions 5 and 6 indexed a member's status and walking order too (version 7 drops them: see the constructor). */
const RECORD_INDEXES_V6 = { ...RECORD_INDEXES, member: 'branchId, status, walkKey' } as const;

/** The store of every kind the registry names, as Dexie declares it: `id` first, then the kind's indexes. */
function recordStores(indexes: Record<SyncEntity, string> = RECORD_INDEXES): Record<RecordTableName, string> {
  return Object.fromEntries(
    SYNC_ENTITIES.map((entity) => [RECORD_KIND_FACTS[entity].dexieTable, `id, ${indexes[entity]}`]),
  ) as Record<RecordTableName, string>;
}

/**
 * The stores whose rows are sealed (seal-middleware.ts): every record kind's, the outbox, the drafts and the session
 * (its token is a key to the server). Not sealed: the visit forms (the community's questions, nothing personal),
 * the sync cursor and client id, and the keyring, which opens the rest.
 */
export const SEALED_STORES: ReadonlySet<string> = new Set([
  ...SYNC_ENTITIES.map((entity) => RECORD_KIND_FACTS[entity].dexieTable),
  'outbox',
  'visitDrafts',
  'session',
]);

/**
 * The community's records (visit settings, campaigns): written by the administrator, pulled by every device of
 * the community. No member and no sync state of their own: a device never writes them.
 */
export interface CommunityRecordRow<T> {
  id: string;
  branchId?: string | null;
  at: string;
  payload: T;
}

/**
 * A scope fingerprint no server answers with: sent once after the upgrade to version 5 by a device holding
 * pulled or downloaded data, it makes the server answer `reset: true` and replay the user's whole scope —
 * members and pairings included, which version 4 downloaded apart from the change log.
 */
export const SCOPE_BEFORE_V5 = 'dexie-v4';

/**
 * Every store the registry names has a typed table here (`implements`): a kind whose store is missing fails the
 * type-check. The row types say what each store holds; generic code reaches a kind's store by name
 * (`recordTable`).
 */
export class DoorstepDatabase extends Dexie implements Record<RecordTableName, Table> {
  session!: EntityTable<SessionRow, 'key'>;
  members!: EntityTable<MemberRow, 'id'>;
  pairings!: EntityTable<PairingRow, 'id'>;
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
  visitSettings!: EntityTable<CommunityRecordRow<VisitSettings>, 'id'>;
  campaigns!: EntityTable<CommunityRecordRow<Campaign>, 'id'>;
  memberEvents!: EntityTable<RecordRow<MemberEvent>, 'id'>;
  followUpClosures!: EntityTable<RecordRow<FollowUpClosure>, 'id'>;
  meta!: EntityTable<MetaRow, 'key'>;
  keyring!: EntityTable<KeyringRow, 'key'>;

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
    // Issue 10: members and pairings come through the pull like every other kind, so the roster download's
    // staging tables and its owner row go. Every record store is declared from the registry (the same stores
    // and indexes as version 4: nothing is rebuilt); the outbox and every row stay as they are. A device that
    // pulled before asks once with a scope no server has, and gets the replay that brings its members in.
    this.version(5)
      .stores({ ...recordStores(RECORD_INDEXES_V6), stagedMembers: null, stagedPairings: null, syncState: null })
      .upgrade(async (tx) => {
        const meta = tx.table<MetaRow, string>('meta');
        const pulledBefore = (await meta.get('scope')) !== undefined || (await tx.table('members').count()) > 0;
        if (pulledBefore) await meta.put({ key: 'scope', value: SCOPE_BEFORE_V5 });
      });
    // Issue 12: the plan's records — visit settings and campaigns (the community's), member events and
    // follow-up closures. Only new stores: nothing existing is rebuilt, and since these kinds are new, the
    // server holds none a device could have missed (no replay).
    this.version(6).stores(recordStores(RECORD_INDEXES_V6));
    // Issue 14: encryption at rest. The member store stops indexing status and walking order (an address is
    // personal, and an index cannot be encrypted); the keyring keeps the wrapped data key. Rows stay as they
    // are: the first login after this upgrade seals them (vault.ts, sealLegacyRows).
    this.version(7).stores({ ...recordStores(), keyring: 'key' });
    this.use(sealMiddleware(SEALED_STORES, { key: dataKey, seal: sealJson, open: openJson }));
  }

  /** A kind's store by the registry's name for it, for code that handles every kind alike: the same typed table. */
  recordTable(entity: SyncEntity): Table<{ id: string }, string> {
    const tables: Record<RecordTableName, Table> = this;
    return tables[RECORD_KIND_FACTS[entity].dexieTable];
  }

  /** The store of every kind, in registry order. */
  recordTables(): Table<{ id: string }, string>[] {
    return SYNC_ENTITIES.map((entity) => this.recordTable(entity));
  }
}

export const db = new DoorstepDatabase();
