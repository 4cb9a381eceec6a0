/**
 * Row shapes of the secretary's ledger records (migration 0004), merged into DatabaseSchema in tables.ts.
 * Each keeps the domain JSON in `data` and the hash of its content as first submitted.
 */
interface RecordRow {
  id: string;
  content_hash: string;
  data: string;
  created_at: string;
}

export interface DuesAdjustmentsTable extends RecordRow {
  member_id: string;
  branch_id: string;
  month: string;
  amount_fen: number;
}

export interface DuplicateResolutionsTable extends RecordRow {
  member_id: string;
  branch_id: string;
  month: string;
  payment_id: string;
  amount_fen: number;
}

export interface ArrearsExcusesTable extends RecordRow {
  member_id: string;
  branch_id: string;
  from_month: string;
  to_month: string;
}

export interface CashHandoversTable extends RecordRow {
  branch_id: string;
  collector_id: string;
  month: string;
  counted_fen: number;
  recorded_by: string;
}

/** One row per payment a handover covers; the payment id is the key, so cash is handed over once. */
export interface CashHandoverPaymentsTable {
  payment_id: string;
  handover_id: string;
  branch_id: string;
}

export interface HandoverConfirmationsTable extends RecordRow {
  branch_id: string;
  handover_id: string;
  confirmed_by: string;
}

export interface RemittancesTable extends RecordRow {
  branch_id: string;
  remitted_on: string;
  amount_fen: number;
}

export interface MonthClosesTable extends RecordRow {
  branch_id: string;
  month: string;
  action: 'lock' | 'unlock';
  at: string;
}

export interface MeetingsTable extends RecordRow {
  branch_id: string;
  type: string;
  date: string;
}

export interface AttendanceTable extends RecordRow {
  member_id: string;
  branch_id: string;
  meeting_id: string;
  recorded_at: string;
}

export interface EvaluationsTable extends RecordRow {
  member_id: string;
  branch_id: string;
  year: number;
}

export interface LedgerSchema {
  dues_adjustments: DuesAdjustmentsTable;
  duplicate_resolutions: DuplicateResolutionsTable;
  arrears_excuses: ArrearsExcusesTable;
  cash_handovers: CashHandoversTable;
  cash_handover_payments: CashHandoverPaymentsTable;
  handover_confirmations: HandoverConfirmationsTable;
  remittances: RemittancesTable;
  month_closes: MonthClosesTable;
  meetings: MeetingsTable;
  attendance: AttendanceTable;
  evaluations: EvaluationsTable;
}
