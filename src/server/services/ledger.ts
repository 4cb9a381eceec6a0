import { attendanceRegister, collectionMonth, computeBranchLedger, reconcileMonth, toLedgerEntries, type ArrearsExcuse, type Attendance, type AttendanceRegister, type Meeting, type BranchLedger, type CashHandover, type DuesAdjustment, type DuesAssessment, type DuesPayment, type DuplicateResolution, type HandoverConfirmation, type LedgerEntry, type LedgerInput, type LedgerMember, type MonthReconciliation, type Remittance, type User, DomainError } from '../../domain';
import type { Db } from '../storage/tables';
import { nowIso } from './clock';
import { policyForBranch } from './dues-terms';
import { monthClosesOf } from './ledger-lock';

/**
 * The branch ledgers read from the database and derived by the domain's computeBranchLedger / reconcileMonth,
 * the very functions the secretary's tablet runs over its offline copy: the server never does its own sums.
 * Stored JSON was validated when it was pushed, so it is read back without parsing it again.
 */

const parsed = <T>(rows: readonly { data: string }[]): T[] => rows.map((r) => JSON.parse(r.data) as T);

/** Who may read a branch's books: its secretary and the admins of its community; anyone else NOT_FOUND. */
export async function requireLedgerReader(db: Db, user: User, branchId: string): Promise<void> {
  const branch = await db
    .selectFrom('organisations')
    .select(['id', 'parent_id'])
    .where('id', '=', branchId)
    .where('kind', '=', 'branch')
    .executeTakeFirst();
  const allowed =
    branch !== undefined &&
    ((user.role === 'secretary' && user.branchId === branchId) || (user.role === 'admin' && branch.parent_id === user.communityId));
  if (!allowed) throw new DomainError('NOT_FOUND');
}

/** The branch's party members as the ledger knows them; `memberId` narrows to one (a handler's check). */
export async function ledgerMembers(db: Db, branchId: string, memberId?: string): Promise<LedgerMember[]> {
  let query = db
    .selectFrom('members')
    .select(['id', 'name', 'died_on', 'status'])
    .where('branch_id', '=', branchId)
    .where('is_party_member', '=', 1);
  if (memberId !== undefined) query = query.where('id', '=', memberId);
  const rows = await query.orderBy('name').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, diedOn: r.died_on, deceased: r.status === 'deceased' }));
}

/** Every entry moving the branch's dues (or one member's); the domain orders them by recordedAt itself. */
export async function ledgerEntries(db: Db, branchId: string, memberId?: string): Promise<LedgerEntry[]> {
  const of = (table: 'dues_payments' | 'dues_adjustments' | 'duplicate_resolutions') => {
    // The three tables share the columns read here; one table's type stands for all in the query builder.
    let query = db.selectFrom(table as 'dues_payments').select('data').where('branch_id', '=', branchId);
    if (memberId !== undefined) query = query.where('member_id', '=', memberId);
    return query.execute();
  };
  const [payments, adjustments, resolutions] = await Promise.all([of('dues_payments'), of('dues_adjustments'), of('duplicate_resolutions')]);
  return toLedgerEntries({
    payments: parsed<DuesPayment>(payments),
    adjustments: parsed<DuesAdjustment>(adjustments),
    resolutions: parsed<DuplicateResolution>(resolutions),
  });
}

/**
 * The branch's 核定 (or one member's), in no particular order: the domain's assessmentForMonth decides which
 * is in force by the records alone, as on the tablet.
 */
export async function ledgerAssessments(db: Db, branchId: string, memberId?: string): Promise<DuesAssessment[]> {
  let query = db.selectFrom('dues_assessments').select('data').where('branch_id', '=', branchId);
  if (memberId !== undefined) query = query.where('member_id', '=', memberId);
  return parsed<DuesAssessment>(await query.execute());
}

async function ledgerExcuses(db: Db, branchId: string, memberId?: string): Promise<ArrearsExcuse[]> {
  let query = db.selectFrom('arrears_excuses').select('data').where('branch_id', '=', branchId);
  if (memberId !== undefined) query = query.where('member_id', '=', memberId);
  return parsed<ArrearsExcuse>(await query.orderBy('created_at').orderBy('id').execute());
}

export interface LedgerRange {
  from: string;
  to: string;
  asOf: string;
}

/** Everything computeBranchLedger needs for a branch (or one of its members) over a range of months. */
export async function ledgerInput(db: Db, branchId: string, range: LedgerRange, memberId?: string): Promise<LedgerInput> {
  const [policy, members, assessments, entries, excuses] = await Promise.all([
    policyForBranch(db, branchId),
    ledgerMembers(db, branchId, memberId),
    ledgerAssessments(db, branchId, memberId),
    ledgerEntries(db, branchId, memberId),
    ledgerExcuses(db, branchId, memberId),
  ]);
  return { branchId, policy, ...range, members, assessments, entries, excuses };
}

/** GET /api/branches/:branchId/ledger: asOf defaults to the current month in Asia/Shanghai. */
export async function branchLedger(db: Db, user: User, branchId: string, query: { from: string; to: string; asOf?: string | undefined }): Promise<BranchLedger> {
  await requireLedgerReader(db, user, branchId);
  const range = { from: query.from, to: query.to, asOf: query.asOf ?? collectionMonth(nowIso()) };
  return computeBranchLedger(await ledgerInput(db, branchId, range));
}

/** GET /api/branches/:branchId/reconciliation: the month's money, where it is, and whether the books agree. */
export async function monthReconciliation(db: Db, user: User, branchId: string, month: string): Promise<MonthReconciliation> {
  await requireLedgerReader(db, user, branchId);
  const [policy, members, assessments, entries, handovers, confirmations, remittances, closes, secretaries] = await Promise.all([
    policyForBranch(db, branchId),
    ledgerMembers(db, branchId),
    ledgerAssessments(db, branchId),
    ledgerEntries(db, branchId),
    db.selectFrom('cash_handovers').select('data').where('branch_id', '=', branchId).orderBy('created_at').orderBy('id').execute(),
    db.selectFrom('handover_confirmations').select('data').where('branch_id', '=', branchId).orderBy('created_at').orderBy('id').execute(),
    db.selectFrom('remittances').select('data').where('branch_id', '=', branchId).orderBy('created_at').orderBy('id').execute(),
    monthClosesOf(db, branchId),
    db.selectFrom('users').select('id').where('role', '=', 'secretary').where('branch_id', '=', branchId).execute(),
  ]);
  return reconcileMonth({
    branchId,
    month,
    policy,
    members,
    assessments,
    entries,
    handovers: parsed<CashHandover>(handovers),
    confirmations: parsed<HandoverConfirmation>(confirmations),
    remittances: parsed<Remittance>(remittances),
    closes,
    secretaryIds: secretaries.map((s) => s.id),
  });
}

/**
 * The branch's attendance register (docs/DOMAIN.md §5) for the 12 months ending asOf: the domain's
 * attendanceRegister over the database with the branch's own threshold (DuesPolicy.attendanceFlagMonths), the
 * very function and setting the secretary's tablet uses over its copy.
 */
export async function branchAttendanceRegister(db: Db, user: User, branchId: string, asOf: string): Promise<AttendanceRegister> {
  await requireLedgerReader(db, user, branchId);
  const [policy, members, meetings, records] = await Promise.all([
    policyForBranch(db, branchId),
    ledgerMembers(db, branchId),
    db.selectFrom('meetings').select('data').where('branch_id', '=', branchId).execute(),
    db.selectFrom('attendance').select('data').where('branch_id', '=', branchId).execute(),
  ]);
  return attendanceRegister({
    branchId,
    asOf,
    members,
    meetings: parsed<Meeting>(meetings),
    records: parsed<Attendance>(records),
    flagMonths: policy.attendanceFlagMonths,
  });
}
