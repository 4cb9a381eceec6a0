import type { DuesAssessment, DuesPolicy } from './dues';
import { computeBranchLedger } from './dues-ledger';
import type { ArrearsExcuse } from './ledger-records';
import type { ArrearsLevel, LedgerEntry, LedgerMember, MonthState } from './ledger-types';
import { addMonths } from './months';

/**
 * One member's dues as the secretary's ledger sees them (docs/DOMAIN.md §3.8–3.9), for the worker's member page
 * and the dues form: the ledger's own computeBranchLedger over the member alone, never a second arrears rule. A
 * worker's device holds the member's payments and 核定 but not the secretary's adjustments or excused months; what
 * it lacks simply is not counted, as the ledger would not count a record it had not seen.
 */
export interface MemberDuesStanding {
  /** The ledger's arrears streak and level (§3.9), e.g. 4 and 'warning' for "欠缴 4 个月·预警". */
  arrearsStreak: number;
  arrearsLevel: ArrearsLevel;
  /** Past months in arrears (nothing paid), oldest first, within the window looked at. */
  arrearsMonths: string[];
  /**
   * The first month still owing something, oldest first: in arrears, partly paid, excused but unpaid, this
   * month's due, or the first later month not yet paid. null when nothing is expected here at all.
   */
  firstUnpaidMonth: string | null;
}

export interface MemberDuesInput {
  branchId: string;
  policy: DuesPolicy;
  member: LedgerMember;
  asOf: string;
  assessments: readonly DuesAssessment[];
  entries: readonly LedgerEntry[];
  excuses?: readonly ArrearsExcuse[];
}

/** The streak looks back at most 36 months (§3.9): the window starts there; a year ahead is as far as anyone prepays. */
const LOOK_BACK_MONTHS = 35;
const LOOK_AHEAD_MONTHS = 12;

const OWING: ReadonlySet<MonthState> = new Set(['arrears', 'partly', 'excused', 'due', 'future']);

export function memberDuesStanding(input: MemberDuesInput): MemberDuesStanding {
  const ledger = computeBranchLedger({
    branchId: input.branchId,
    policy: input.policy,
    from: addMonths(input.asOf, -LOOK_BACK_MONTHS),
    to: addMonths(input.asOf, LOOK_AHEAD_MONTHS),
    asOf: input.asOf,
    members: [input.member],
    assessments: input.assessments,
    entries: input.entries,
    excuses: input.excuses ?? [],
  });
  const own = ledger.members[0]!;
  return {
    arrearsStreak: own.arrearsStreak,
    arrearsLevel: own.arrearsLevel,
    arrearsMonths: own.cells.filter((cell) => cell.state === 'arrears').map((cell) => cell.month),
    firstUnpaidMonth: own.cells.find((cell) => OWING.has(cell.state))?.month ?? null,
  };
}
