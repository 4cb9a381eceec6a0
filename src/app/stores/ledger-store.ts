import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import {
  assessmentForMonth,
  computeBranchLedger,
  isHandoverConfirmed,
  isMonthLocked,
  reconcileMonth,
  unhandedCashPayments,
  type BranchLedger,
  type CashHandover,
  type DuesAdjustment,
  type DuesAssessment,
  type DuesAssessmentInput,
  type DuesPayment,
  type DuesPolicy,
  type DuplicateResolution,
  type HandoverConfirmation,
  type MonthReconciliation,
} from '../../domain';
import { useLiveQuery } from '../composables/useLiveQuery';
import type { BranchRecordRow, RecordSyncState, SyncRejection } from '../db/database';
import { currentMonthInShanghai } from '../format/dates';
import {
  branchRecords,
  collectorRecords,
  recordAdjustment,
  recordAssessment,
  recordConfirmation,
  recordExcuse,
  recordHandover,
  recordMonthClose,
  recordPolicy,
  recordRemittance,
  recordResolution,
  toLedgerInput,
  toReconciliationInput,
  type BranchRecords,
  type CollectorRecords,
} from '../repositories/ledger-repository';
import { counted } from '../repositories/counted';
import { reversalsOf } from '../repositories/dues-repository';
import { useSessionStore } from './session-store';
import { useSyncStore } from './sync-store';

/** One entry behind a ledger cell, as the sheet lists it: what it is, its record, and where its sync stands. */
export type EntryView =
  | { kind: 'payment'; record: DuesPayment; syncState: RecordSyncState; rejection: SyncRejection | null }
  | { kind: 'adjustment'; record: DuesAdjustment; syncState: RecordSyncState; rejection: SyncRejection | null }
  | { kind: 'resolution'; record: DuplicateResolution; syncState: RecordSyncState; rejection: SyncRejection | null };

export interface AdjustmentInput {
  memberId: string;
  month: string;
  amountFen: number;
  cash: boolean;
  reason: string;
}

export interface ResolutionInput {
  memberId: string;
  month: string;
  paymentId: string;
  action: 'refund' | 'credit';
  creditMonth: string | null;
  amountFen: number;
  note: string;
}

export interface HandoverInput {
  branchId: string;
  collectorId: string;
  month: string;
  paymentIds: string[];
  countedFen: number;
  note: string;
}

export interface RemittanceInput {
  months: string[];
  amountFen: number;
  largeVoluntary: boolean;
  remittedOn: string;
  receiptNo: string;
}

/**
 * The secretary's dues ledger and reconciliation over the device's copy of the branch, and the worker's cash
 * handovers. Every figure comes from the domain (computeBranchLedger, reconcileMonth): the tablet offline and
 * the server compute the same books, over the records the server has or will have (a refused one counts in
 * nothing). The branch is read live from IndexedDB: a write here or in another tab, a pull or a push settling
 * shows at once, without anyone telling the store to read again. Each write is a new record with its outbox entry.
 */
export const useLedgerStore = defineStore('ledger', () => {
  const session = useSessionStore();
  const sync = useSyncStore();

  const asOf = ref(currentMonthInShanghai());
  const year = ref(Number(asOf.value.slice(0, 4)));

  const branchId = computed(() => session.user?.branchId ?? null);
  const userId = computed(() => session.user?.id ?? null);
  const isSecretary = computed(() => session.user?.role === 'secretary' && branchId.value !== null);
  /** The branch whose books this user keeps: a secretary's own; nobody else keeps one. */
  const keptBranch = computed(() => (isSecretary.value ? branchId.value : null));

  const branchLive = useLiveQuery(async () => {
    const branch = keptBranch.value;
    return { branch, records: branch === null ? null : await branchRecords(branch) };
  }, keptBranch);
  const collectorLive = useLiveQuery(async () => {
    const collectorId = userId.value;
    if (collectorId === null) return { collectorId, records: null, reversals: [] };
    const records = await collectorRecords(collectorId);
    // Reversals of the worker's own payments, whoever recorded them (collectorRecords lists only their own).
    return { collectorId, records, reversals: await reversalsOf(records.payments.map((row) => row.payload)) };
  }, userId);

  // Only the answer for the user now on the device: after a logout or a change of user nothing of the previous
  // one's books shows, not even while the new answer is on its way.
  const records = computed<BranchRecords | null>(() => (branchLive.value?.branch === keptBranch.value ? branchLive.value.records : null));
  const collector = computed<CollectorRecords | null>(() => (collectorLive.value?.collectorId === userId.value ? collectorLive.value.records : null));
  const collectorReversals = computed(() => (collectorLive.value?.collectorId === userId.value ? collectorLive.value.reversals : []));
  /** Both answers are in for the user now on the device. */
  const loaded = computed(() => branchLive.value?.branch === keptBranch.value && collectorLive.value?.collectorId === userId.value);

  /** The year view: January to December of the chosen year, as it stands this month. */
  const ledger = computed<BranchLedger | null>(() => {
    const data = records.value;
    if (data === null) return null;
    return computeBranchLedger(toLedgerInput(data, { from: `${year.value}-01`, to: `${year.value}-12`, asOf: asOf.value }));
  });

  /** Every entry of the branch with its sync state, refused ones included: a cell's sheet lists those it counts. */
  const entries = computed(() => {
    const map = new Map<string, EntryView>();
    const data = records.value;
    if (data === null) return map;
    for (const row of data.payments) map.set(row.id, { kind: 'payment', record: row.payload, syncState: row.syncState, rejection: row.rejection });
    for (const row of data.adjustments) map.set(row.id, { kind: 'adjustment', record: row.payload, syncState: row.syncState, rejection: row.rejection });
    for (const row of data.resolutions) map.set(row.id, { kind: 'resolution', record: row.payload, syncState: row.syncState, rejection: row.rejection });
    return map;
  });

  function reconciliation(month: string): MonthReconciliation | null {
    const data = records.value;
    if (data === null) return null;
    return reconcileMonth(toReconciliationInput(data, month, isSecretary.value && userId.value ? [userId.value] : []));
  }

  function isLocked(month: string): boolean {
    const data = records.value;
    return data !== null && isMonthLocked(counted(data.closes), data.branchId, month);
  }

  /**
   * The secretary's side: a collector's cash of a collection month that a handover may still list — the domain's
   * eligibility (unhandedCashPayments) over the branch as the device holds it, as the server checks it.
   */
  function branchOpenCash(collectorId: string, month: string): DuesPayment[] {
    const data = records.value;
    if (data === null) return [];
    return unhandedCashPayments(counted(data.payments), counted(data.handovers), collectorId, month);
  }

  /** The worker's side: their own cash of a collection month not yet handed over, reversed by no one. */
  function myOpenCash(month: string): DuesPayment[] {
    const mine = collector.value;
    if (mine === null || userId.value === null) return [];
    return unhandedCashPayments([...counted(mine.payments), ...collectorReversals.value], counted(mine.handovers), userId.value, month);
  }

  /** A refused confirmation confirmed nothing. */
  function isConfirmed(handover: CashHandover, confirmations: readonly BranchRecordRow<HandoverConfirmation>[]): boolean {
    return isHandoverConfirmed(handover, counted(confirmations));
  }

  /** A page of the books calls this as it opens: the app may have stayed open across the end of a month. */
  function refreshMonth(): void {
    asOf.value = currentMonthInShanghai();
  }

  function requireUser(): string {
    if (userId.value === null) throw new Error('not logged in');
    return userId.value;
  }

  function requireBranch(): string {
    if (!isSecretary.value || branchId.value === null) throw new Error('only the branch secretary keeps the ledger');
    return branchId.value;
  }

  /** The record shows through the live query; its entry goes out shortly after. */
  function afterWrite(): Promise<void> {
    return sync.noteWrite();
  }

  const now = () => new Date().toISOString();

  return {
    records,
    collector,
    loaded,
    asOf,
    year,
    branchId,
    isSecretary,
    ledger,
    entries,
    reconciliation,
    isLocked,
    isConfirmed,
    branchOpenCash,
    myOpenCash,
    refreshMonth,
    /** A member's 核定 in force for a month as the server decides it: of those it has not refused. */
    assessmentInForce(memberId: string, month: string): DuesAssessment | null {
      const data = records.value;
      return data === null ? null : assessmentForMonth(counted(data.assessments.filter((row) => row.payload.memberId === memberId)), memberId, month);
    },
    /** A record the server refused leaves the device with its outbox entry (sync bar's discard, by record). */
    async discardRejected(recordId: string): Promise<void> {
      const row = sync.rejected.find((entry) => entry.recordId === recordId);
      if (row?.seq !== undefined) await sync.discard(row.seq);
    },
    async adjust(input: AdjustmentInput): Promise<void> {
      await recordAdjustment({ id: crypto.randomUUID(), branchId: requireBranch(), recordedBy: requireUser(), recordedAt: now(), ...input });
      await afterWrite();
    },
    async resolveDuplicate(input: ResolutionInput): Promise<void> {
      await recordResolution({ id: crypto.randomUUID(), branchId: requireBranch(), recordedBy: requireUser(), recordedAt: now(), ...input });
      await afterWrite();
    },
    async excuse(input: { memberId: string; from: string; to: string; reason: string }): Promise<void> {
      await recordExcuse({ id: crypto.randomUUID(), branchId: requireBranch(), recordedBy: requireUser(), recordedAt: now(), ...input });
      await afterWrite();
    },
    /** By the secretary for a worker's cash, or by the worker for their own (then the secretary confirms). */
    async recordHandover(input: HandoverInput): Promise<void> {
      await recordHandover({ id: crypto.randomUUID(), handedAt: now(), recordedBy: requireUser(), ...input });
      await afterWrite();
    },
    async confirmHandover(handover: CashHandover): Promise<void> {
      await recordConfirmation({ id: crypto.randomUUID(), handoverId: handover.id, branchId: handover.branchId, confirmedBy: requireUser(), confirmedAt: now() });
      await afterWrite();
    },
    async remit(input: RemittanceInput): Promise<void> {
      await recordRemittance({ id: crypto.randomUUID(), branchId: requireBranch(), recordedBy: requireUser(), recordedAt: now(), ...input });
      await afterWrite();
    },
    async lockMonth(month: string): Promise<void> {
      await recordMonthClose({ id: crypto.randomUUID(), branchId: requireBranch(), month, action: 'lock', reason: '', by: requireUser(), at: now() });
      await afterWrite();
    },
    /** The schema refuses an unlock without a reason: nothing is written then. */
    async unlockMonth(month: string, reason: string): Promise<void> {
      await recordMonthClose({ id: crypto.randomUUID(), branchId: requireBranch(), month, action: 'unlock', reason, by: requireUser(), at: now() });
      await afterWrite();
    },
    async setPolicy(policy: Omit<DuesPolicy, 'branchId'>): Promise<void> {
      await recordPolicy({ ...policy, branchId: requireBranch() }, now());
      await afterWrite();
    },
    /** A new 核定, stamped with when it was made: of two effective from the same month the later-made is in force. */
    async assess(assessment: Omit<DuesAssessmentInput, 'id' | 'branchId' | 'assessedAt'>): Promise<void> {
      const at = now();
      await recordAssessment({ ...assessment, id: crypto.randomUUID(), branchId: requireBranch(), assessedAt: at }, at);
      await afterWrite();
    },
  };
});

