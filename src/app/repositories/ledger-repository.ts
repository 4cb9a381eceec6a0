import type { EntityTable } from 'dexie';
import {
  ArrearsExcuse,
  CashHandover,
  DuesAdjustment,
  DuesAssessment,
  DuesPolicy,
  DuplicateResolution,
  HandoverConfirmation,
  MonthClose,
  Remittance,
  branchPolicy,
  toLedgerEntries,
  type Attendance,
  type AttendanceInput,
  type DuesAssessmentInput,
  type DuesChannel,
  type DuesPayment,
  type Evaluation,
  type LedgerInput,
  type LedgerMember,
  type Meeting,
  type MutationBody,
  type ReconciliationInput,
} from '../../domain';
import { db, type BranchRecordRow, type DuesAssessmentRow, type DuesPolicyRow, type RecordRow, type RecordSyncState, type SyncRejection } from '../db/database';
import { counted, policyInForce } from './counted';
import { byAt, rowsOfMembers } from './member-rows';
import { enqueue } from './outbox-repository';

/**
 * The secretary's branch as the device holds it: everything the dues ledger, the reconciliation and the
 * registers derive from. Of a member only id, name and date of death leave this repository — the ledgers need
 * nothing else, and health notes are never read here (docs/DOMAIN.md §6).
 */

/** Assessment and policy rows written on this tablet carry a sync state; pulled ones have none (confirmed). */
export interface SyncedRow<T> {
  id: string;
  syncState: RecordSyncState;
  rejection: SyncRejection | null;
  payload: T;
}

/** What the 花名册 said of a member's dues: the channel and the proposed 核定 base, for the secretary to confirm. */
export interface RosterDuesTerms {
  duesChannel: DuesChannel;
  proposedBaseFen: number | null;
}

export interface BranchRecords {
  branchId: string;
  members: LedgerMember[];
  /** By member id. */
  rosterTerms: Record<string, RosterDuesTerms>;
  /**
   * The branch's own settings once pulled or set here, DEFAULT_DUES_POLICY until then (the domain's
   * branchPolicy: a setting the stored one predates, like the attendance threshold, reads as its default).
   */
  policy: DuesPolicy;
  policyRow: SyncedRow<DuesPolicy> | null;
  /** In no particular order: the domain's assessmentForMonth decides which is in force by the records alone. */
  assessments: SyncedRow<DuesAssessment>[];
  payments: RecordRow<DuesPayment>[];
  adjustments: BranchRecordRow<DuesAdjustment>[];
  resolutions: BranchRecordRow<DuplicateResolution>[];
  excuses: BranchRecordRow<ArrearsExcuse>[];
  handovers: BranchRecordRow<CashHandover>[];
  confirmations: BranchRecordRow<HandoverConfirmation>[];
  remittances: BranchRecordRow<Remittance>[];
  closes: BranchRecordRow<MonthClose>[];
  meetings: BranchRecordRow<Meeting>[];
  attendance: BranchRecordRow<Attendance>[];
  evaluations: BranchRecordRow<Evaluation>[];
}

type BranchTable<T> = EntityTable<BranchRecordRow<T>, 'id'>;

type StateColumns = { syncState?: RecordSyncState; rejection?: SyncRejection | null };

function synced<T>(row: { id: string; payload: T } & StateColumns): SyncedRow<T> {
  return { id: row.id, syncState: row.syncState ?? 'confirmed', rejection: row.rejection ?? null, payload: row.payload };
}

/** The branch's party members (transferred ones keep their rows elsewhere), by name as the paper ledger lists them. */
async function branchMembers(branchId: string): Promise<{ members: LedgerMember[]; rosterTerms: Record<string, RosterDuesTerms> }> {
  const rows = await db.members.where('branchId').equals(branchId).toArray();
  const party = rows.map((row) => row.payload).filter((member) => member.isPartyMember && member.status !== 'transferred');
  return {
    members: party
      .map((member) => ({ id: member.id, name: member.name, diedOn: member.diedOn ?? null, deceased: member.status === 'deceased' }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
    rosterTerms: Object.fromEntries(
      party.map((member) => [member.id, { duesChannel: member.duesChannel ?? 'this_branch', proposedBaseFen: member.proposedBaseFen ?? null }]),
    ),
  };
}

/**
 * Everything of one branch, read in one transaction so the ledgers agree with each other. The transaction spans
 * every kind's store (the registry's): a read-only transaction costs nothing per store, and reading one more
 * kind here never needs a hand-kept list of tables widened.
 */
export async function branchRecords(branchId: string): Promise<BranchRecords> {
  return db.transaction('r', db.recordTables(), async () => {
    const ofBranch = <T>(table: BranchTable<T>) => table.where('branchId').equals(branchId).sortBy('at');
    const [{ members, rosterTerms }, policyRow, assessmentRows, adjustments, resolutions, excuses, handovers, confirmations, remittances, closes, meetings, attendance, evaluations] =
      await Promise.all([
        branchMembers(branchId),
        db.duesPolicies.where('branchId').equals(branchId).first(),
        db.duesAssessments.where('branchId').equals(branchId).toArray(),
        ofBranch(db.duesAdjustments),
        ofBranch(db.duplicateResolutions),
        ofBranch(db.arrearsExcuses),
        ofBranch(db.cashHandovers),
        ofBranch(db.handoverConfirmations),
        ofBranch(db.remittances),
        ofBranch(db.monthCloses),
        ofBranch(db.meetings),
        ofBranch(db.attendance),
        ofBranch(db.evaluations),
      ]);
    // Payments are indexed by member: a branch holds ≤ 50 members, one indexed read each (anyOf would walk a
    // cursor, which sealed stores do not offer).
    const payments = (await rowsOfMembers(db.duesPayments, members.map((m) => m.id)))
      .filter((row) => row.payload.branchId === branchId);
    byAt(payments);
    const policy = policyRow ? synced<DuesPolicy>(policyRow as DuesPolicyRow & StateColumns) : null;
    return {
      branchId,
      members,
      rosterTerms,
      policy: branchPolicy(branchId, policyInForce(policyRow as LocalPolicyRow | undefined)),
      policyRow: policy,
      assessments: (assessmentRows as (DuesAssessmentRow & StateColumns)[]).map((row) => synced(row)),
      payments,
      adjustments,
      resolutions,
      excuses,
      handovers,
      confirmations,
      remittances,
      closes,
      meetings,
      attendance,
      evaluations,
    };
  });
}

/** A worker's own cash and the handovers of their branches: what the worker's handover screen needs. */
export interface CollectorRecords {
  payments: RecordRow<DuesPayment>[];
  handovers: BranchRecordRow<CashHandover>[];
  confirmations: BranchRecordRow<HandoverConfirmation>[];
}

export async function collectorRecords(collectorId: string): Promise<CollectorRecords> {
  return db.transaction('r', [db.duesPayments, db.cashHandovers, db.handoverConfirmations], async () => {
    const [payments, handovers, confirmations] = await Promise.all([
      // Filtered in memory: who collected is sealed on disk, so no index or cursor can pick the rows.
      db.duesPayments.orderBy('id').toArray().then((rows) => byAt(rows.filter((row) => row.payload.collectedBy === collectorId))),
      db.cashHandovers.orderBy('id').toArray().then((rows) => byAt(rows.filter((row) => row.payload.collectorId === collectorId))),
      db.handoverConfirmations.orderBy('id').toArray(),
    ]);
    return { payments, handovers, confirmations };
  });
}

export interface LedgerRange {
  from: string;
  to: string;
  asOf: string;
}

/*
 * The domain's inputs below count only what the server has or will have (counted): a record it refused is still
 * in BranchRecords, listed with its reason where it was made, but it paid, adjusted, handed over, remitted or
 * locked nothing — the tablet's books come out as the server computes them.
 */

/** The branch's records as the domain's ledger input (computeBranchLedger). */
export function toLedgerInput(records: BranchRecords, range: LedgerRange): LedgerInput {
  return {
    branchId: records.branchId,
    policy: records.policy,
    ...range,
    members: records.members,
    assessments: counted(records.assessments),
    entries: entriesOf(records),
    excuses: counted(records.excuses),
  };
}

/** The branch's records as the domain's reconciliation input for one collection month (reconcileMonth). */
export function toReconciliationInput(records: BranchRecords, month: string, secretaryIds: readonly string[]): ReconciliationInput {
  return {
    branchId: records.branchId,
    month,
    policy: records.policy,
    members: records.members,
    assessments: counted(records.assessments),
    entries: entriesOf(records),
    handovers: counted(records.handovers),
    confirmations: counted(records.confirmations),
    remittances: counted(records.remittances),
    closes: counted(records.closes),
    secretaryIds,
  };
}

/** The branch's records as the domain's attendance register input up to a month (attendanceRegister). */
export function toRegisterInput(records: BranchRecords, asOf: string): AttendanceInput {
  return {
    branchId: records.branchId,
    asOf,
    members: records.members,
    meetings: counted(records.meetings),
    records: counted(records.attendance),
    // docs/DOMAIN.md §5: months without organisational life that raise the flag, the branch's setting.
    flagMonths: records.policy.attendanceFlagMonths,
  };
}

function entriesOf(records: BranchRecords) {
  return toLedgerEntries({
    payments: counted(records.payments),
    adjustments: counted(records.adjustments),
    resolutions: counted(records.resolutions),
  });
}

/**
 * One record and its outbox entry in one transaction over just the two tables: both or neither. `memberId`
 * null marks a branch-level record, whose outbox entry carries the branch id instead (see enqueue).
 */
async function writeBranchRecord<T extends { id: string; branchId: string }>(
  table: BranchTable<T>,
  body: MutationBody & { record: T },
  memberId: string | null,
  at: string,
): Promise<void> {
  const record = body.record;
  await db.transaction('rw', [db.outbox, table], async () => {
    const row: BranchRecordRow<T> = { id: record.id, branchId: record.branchId, memberId, at, syncState: 'pending', rejection: null, payload: record };
    // Dexie's insert type over a generic row cannot be resolved; the row is exactly the table's row type.
    await (table as unknown as { add(row: BranchRecordRow<T>): Promise<string> }).add(row);
    await enqueue(body, record.id, memberId ?? record.branchId, at);
  });
}

export async function recordAdjustment(adjustment: DuesAdjustment): Promise<void> {
  const record = DuesAdjustment.parse(adjustment);
  await writeBranchRecord(db.duesAdjustments, { type: 'dues.adjust', record }, record.memberId, record.recordedAt);
}

export async function recordResolution(resolution: DuplicateResolution): Promise<void> {
  const record = DuplicateResolution.parse(resolution);
  await writeBranchRecord(db.duplicateResolutions, { type: 'dues.resolve_duplicate', record }, record.memberId, record.recordedAt);
}

export async function recordExcuse(excuse: ArrearsExcuse): Promise<void> {
  const record = ArrearsExcuse.parse(excuse);
  await writeBranchRecord(db.arrearsExcuses, { type: 'dues.excuse', record }, record.memberId, record.recordedAt);
}

export async function recordHandover(handover: CashHandover): Promise<void> {
  const record = CashHandover.parse(handover);
  await writeBranchRecord(db.cashHandovers, { type: 'cash.handover', record }, null, record.handedAt);
}

export async function recordConfirmation(confirmation: HandoverConfirmation): Promise<void> {
  const record = HandoverConfirmation.parse(confirmation);
  await writeBranchRecord(db.handoverConfirmations, { type: 'cash.confirm', record }, null, record.confirmedAt);
}

export async function recordRemittance(remittance: Remittance): Promise<void> {
  const record = Remittance.parse(remittance);
  await writeBranchRecord(db.remittances, { type: 'cash.remit', record }, null, record.recordedAt);
}

export async function recordMonthClose(close: MonthClose): Promise<void> {
  const record = MonthClose.parse(close);
  await writeBranchRecord(db.monthCloses, { type: 'month.close', record }, null, record.at);
}

/**
 * A new 核定 is a new record (its own id), never an edit: earlier months keep the terms they were collected
 * under. `at` is when it was made, for the outbox entry.
 */
export async function recordAssessment(assessment: DuesAssessmentInput, at: string): Promise<void> {
  const record = DuesAssessment.parse(assessment);
  await db.transaction('rw', [db.outbox, db.duesAssessments], async () => {
    const row: DuesAssessmentRow & StateColumns = {
      id: record.id,
      memberId: record.memberId,
      branchId: record.branchId,
      effectiveFrom: record.effectiveFrom,
      payload: record,
      syncState: 'pending',
      rejection: null,
    };
    await db.duesAssessments.add(row);
    await enqueue({ type: 'dues.assess', record }, record.id, record.memberId, at);
  });
}

/** A policy set on this tablet keeps the last one the server confirmed, to fall back on if the server refuses it. */
export type LocalPolicyRow = DuesPolicyRow & StateColumns & { confirmedPayload?: DuesPolicy | null };

/**
 * The branch policy is one record per branch (its id is the branch id, as the server sends it): setting it
 * replaces the local copy, and the outbox entry carries the whole new policy.
 */
export async function recordPolicy(policy: DuesPolicy, at: string): Promise<void> {
  const record = DuesPolicy.parse(policy);
  await db.transaction('rw', [db.outbox, db.duesPolicies], async () => {
    const current = (await db.duesPolicies.get(record.branchId)) as LocalPolicyRow | undefined;
    const confirmedPayload = current === undefined ? null : (current.syncState ?? 'confirmed') === 'confirmed' ? current.payload : (current.confirmedPayload ?? null);
    const row: LocalPolicyRow = { id: record.branchId, branchId: record.branchId, payload: record, syncState: 'pending', rejection: null, confirmedPayload };
    await db.duesPolicies.put(row);
    await enqueue({ type: 'dues.set_policy', record }, record.branchId, record.branchId, at);
  });
}
