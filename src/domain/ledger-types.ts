import type { Attendance, Evaluation, EvaluationGrade, Meeting } from './meeting';
import type { DuesAssessment, DuesPayment, DuesPolicy } from './dues';
import type { DuesCategoryName, DuesChannelName } from './dues-rules';
import type {
  ArrearsExcuse,
  CashHandover,
  DuesAdjustment,
  DuplicateResolution,
  HandoverConfirmation,
  MonthClose,
  Remittance,
} from './ledger-records';

/**
 * The inputs and outputs of the ledgers derived in dues-ledger.ts, reconciliation.ts and attendance.ts. The
 * same functions run on the secretary's tablet (offline, over Dexie's copy) and on the server (over the
 * database), so the two can never disagree. All money is integer fen; months are YYYY-MM; a record's
 * collection month is its recordedAt instant read in Asia/Shanghai (collectionMonth()).
 */

/** Every append-only entry that moves a member's dues. */
export type LedgerEntry =
  | ({ entry: 'payment' } & DuesPayment)
  | ({ entry: 'adjustment' } & DuesAdjustment)
  | ({ entry: 'resolution' } & DuplicateResolution);

/** What the ledger needs to know of a member. */
export interface LedgerMember {
  id: string;
  name: string;
  /** From the month after death no dues are expected (docs/DOMAIN.md §4); null while alive. */
  diedOn: string | null;
  /**
   * Recorded as 已故, with or without a date (an old roster may say 已故 and no more). Without a date the registers
   * expect the member at no meeting and flag nothing (docs/DOMAIN.md §5); absent means alive.
   */
  deceased?: boolean;
}

export interface LedgerInput {
  branchId: string;
  policy: DuesPolicy;
  /** Inclusive range of dues months shown, e.g. 2026-01 … 2026-12. */
  from: string;
  to: string;
  /** The current month: months after it are future (prepaid or not yet due); arrears count up to it. */
  asOf: string;
  members: readonly LedgerMember[];
  assessments: readonly DuesAssessment[];
  entries: readonly LedgerEntry[];
  excuses: readonly ArrearsExcuse[];
}

/**
 * paid        — paid in full (balance ≥ 0) for a month up to asOf
 * partly      — something paid, less than expected (a past month partly paid is not arrears: it ends a streak)
 * due         — nothing paid, the current month (not yet arrears)
 * arrears     — nothing paid (net ≤ 0) for a past month
 * prepaid     — a future month already paid
 * future      — a future month, unpaid (nothing wrong)
 * exempt      — expected 0 (exempt category, or relief)
 * other_channel — paid at the original work unit (原单位), not expected here
 * not_assessed — no 核定 covers the month
 * closed      — after the member's death
 * excused     — an ArrearsExcuse covers the month and it is unpaid
 */
export type MonthState =
  | 'paid'
  | 'partly'
  | 'due'
  | 'arrears'
  | 'prepaid'
  | 'future'
  | 'exempt'
  | 'other_channel'
  | 'not_assessed'
  | 'closed'
  | 'excused';

export interface LedgerCell {
  month: string;
  /** null when nothing is expected here (other channel, not assessed, closed). */
  expectedFen: number | null;
  /** Net of reversals, adjustments and resolutions for this month. */
  paidFen: number;
  /** paidFen − (expectedFen ?? 0). */
  balanceFen: number;
  state: MonthState;
  /** Ids of every entry that touches this month, in the order they were recorded. */
  entryIds: string[];
  /**
   * Two or more payments in force (not reversed) cover this month, their shares exceed what it expects, and
   * resolutions have not yet moved the whole surplus.
   */
  duplicate: boolean;
}

/** A month paid by more than one payment still in force, with what is left to resolve. */
export interface DuplicateFlag {
  memberId: string;
  month: string;
  paymentIds: string[];
  /** Paid beyond what the month expects, less what resolutions already moved. 0 = resolved. */
  surplusFen: number;
}

export type ArrearsLevel = 'none' | 'warning' | 'removal';

export interface MemberLedger {
  memberId: string;
  name: string;
  /** The assessed monthly dues in force at `to` (or the last assessed month), for the export's 月基数/月应缴. */
  baseFen: number | null;
  monthlyFen: number | null;
  /** How the rule reads (describeRule) for that assessment; '' when not assessed. */
  rule: string;
  /** The terms in force then (relief window applied), for the export's 执行标准; null when not assessed. */
  category: DuesCategoryName | null;
  channel: DuesChannelName | null;
  /** The rate on the whole base for the normal category, in basis points (50 = 0.5 %); null otherwise. */
  rateBasisPoints: number | null;
  cells: LedgerCell[];
  expectedTotalFen: number;
  paidTotalFen: number;
  voluntaryFen: number;
  /**
   * Consecutive months in arrears ending at asOf − 1 (the current month is only due). Excused, exempt,
   * other-channel and not-assessed months neither count nor break it; looks back at most 36 months.
   */
  arrearsStreak: number;
  arrearsLevel: ArrearsLevel;
  /** Months after asOf paid in advance (any month with entries, also beyond `to`). */
  prepaidMonths: number;
  duplicates: DuplicateFlag[];
  /**
   * The recorded reasons (ArrearsExcuse) behind this member's excused months in from…to, in the order of their
   * first month: the export writes 缓 in those cells and the reason in the remarks (docs/DOMAIN.md §3.9).
   */
  excuses: ExcuseNote[];
}

/** What an excuse says, cut to the months it actually excused in the ledger's range. */
export interface ExcuseNote {
  months: string[];
  reason: string;
}

export interface BranchLedger {
  branchId: string;
  from: string;
  to: string;
  asOf: string;
  members: MemberLedger[];
  expectedTotalFen: number;
  paidTotalFen: number;
  /**
   * Over months from…min(to, asOf): Σ min(paid, expected) ÷ Σ expected, 0–1, so one member paying ahead does
   * not hide another's arrears; null when nothing is expected.
   */
  collectionRate: number | null;
  /** Members with at least one month in arrears in from…to: the length of membersOwing (dues-ledger.ts). */
  membersInArrears: number;
  /** Members at or beyond the first warning month (policy.arrearsWarningMonths[0], default 3). */
  membersAtWarning: number;
  duplicates: DuplicateFlag[];
}

export interface ReconciliationInput {
  branchId: string;
  /** The collection month being reconciled. */
  month: string;
  policy: DuesPolicy;
  members: readonly LedgerMember[];
  assessments: readonly DuesAssessment[];
  entries: readonly LedgerEntry[];
  handovers: readonly CashHandover[];
  confirmations: readonly HandoverConfirmation[];
  remittances: readonly Remittance[];
  closes: readonly MonthClose[];
  /** The secretary's user id: cash they collected themselves is with them from the start. */
  secretaryIds: readonly string[];
}

/**
 * cashFen and transferFen are collected in the month; the handover figures and withCollectorFen are positions
 * through the end of the month (handovers for this or earlier months), as in reconcileMonth.
 */
export interface CollectorPosition {
  collectorId: string;
  cashFen: number;
  transferFen: number;
  /** Cash of confirmed handovers (countedFen). */
  handedOverFen: number;
  /** Handovers recorded but not confirmed by the other side (countedFen). */
  pendingHandoverFen: number;
  /**
   * The same two figures for this month's handovers alone, to stand beside cashFen and transferFen (also of the
   * month) on one line: a total since the first handover beside one month's cash reads as a shortfall.
   */
  monthHandedOverFen: number;
  monthPendingHandoverFen: number;
  /** Cash collected and not yet covered by a confirmed handover; always 0 for a secretary. */
  withCollectorFen: number;
  /** countedFen − Σ payments covered, over this collector's confirmed handovers (negative = short). */
  handoverDifferenceFen: number;
}

export interface MemberReconciliation {
  memberId: string;
  name: string;
  expectedFen: number;
  collectedFen: number;
  varianceFen: number;
}

export interface MonthReconciliation {
  month: string;
  /** Σ expected dues of the month over members. */
  expectedFen: number;
  /** Net money collected in the month: payments − reversals ± cash adjustments − refunds. */
  collectedFen: number;
  /** collectedFen − expectedFen. */
  varianceFen: number;
  byMember: MemberReconciliation[];
  byCollector: CollectorPosition[];
  cashWithCollectorsFen: number;
  cashWithSecretaryFen: number;
  remittedFen: number;
  /** 大额党费 collected in the month: voluntary parts ≥ LARGE_VOLUNTARY_FEN, net of their reversals in the month. */
  largeVoluntaryFen: number;
  /** Money unaccounted for: collected − (with collectors + with secretary + remitted). 0 when the books agree. */
  differenceFen: number;
  locked: boolean;
  /** The lock/unlock trail of this month, oldest first. */
  closes: MonthClose[];
}

export interface AttendanceInput {
  branchId: string;
  /** The last month of the window; the window is the 12 months ending here. */
  asOf: string;
  members: readonly LedgerMember[];
  meetings: readonly Meeting[];
  records: readonly Attendance[];
  /** Months without organisational life that raise the flag (docs/DOMAIN.md §5: 6). */
  flagMonths: number;
}

export interface AttendanceCell {
  meetingId: string;
  /** null = no record yet. */
  status: Attendance['status'] | null;
  reason: string;
}

export interface MemberAttendance {
  memberId: string;
  name: string;
  cells: AttendanceCell[];
  /** 应到: meetings in the window minus excused ones. */
  expected: number;
  /** 实到: present or attended by delivery. */
  attended: number;
  /** Months since the member last attended (present or delivered), counted to asOf; null if never in the window. */
  monthsWithout: number | null;
  /** Never for a member who died by the end of asOf (docs/DOMAIN.md §5). */
  flagged: boolean;
  /** The date of death, so the register and the sheet say 已故 rather than leave a row unexplained. */
  diedOn: string | null;
  /** Recorded as 已故, dated or not. */
  deceased: boolean;
}

export interface AttendanceRegister {
  asOf: string;
  /** Meetings in the window, by date. */
  meetings: Meeting[];
  members: MemberAttendance[];
  /** Σ attended ÷ Σ expected, 0–1; null when nothing is expected. */
  attendanceRate: number | null;
}

export interface EvaluationSummary {
  year: number;
  graded: number;
  counts: Record<EvaluationGrade, number>;
  /** floor(graded / 3). */
  maxExcellent: number;
  excellentWithinLimit: boolean;
  /** The grade in force per member (latest record). */
  byMember: Map<string, Evaluation>;
}
