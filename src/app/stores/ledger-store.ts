import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import {
  computeBranchLedger,
  isHandoverConfirmed,
  isMonthLocked,
  reconcileMonth,
  unhandedCashPayments,
  type BranchLedger,
  type CashHandover,
  type DuesAdjustment,
  type DuesAssessmentInput,
  type DuesPayment,
  type DuesPolicy,
  type DuplicateResolution,
  type HandoverConfirmation,
  type MonthReconciliation,
} from '../../domain';
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

/** Rows the server has or will have: a refused record reversed nothing and handed nothing over. */
const notRefused = <T>(rows: readonly { syncState: RecordSyncState; payload: T }[]): T[] => rows.filter((row) => row.syncState !== 'rejected').map((row) => row.payload);

/**
 * The secretary's dues ledger and reconciliation over the device's copy of the branch, and the worker's cash
 * handovers. Every figure comes from the domain (computeBranchLedger, reconcileMonth): the tablet offline and
 * the server compute the same books. Each write is a new record with its outbox entry, then a reload.
 */
export const useLedgerStore = defineStore('ledger', () => {
  const session = useSessionStore();
  const sync = useSyncStore();

  const records = shallowRef<BranchRecords | null>(null);
  const collector = shallowRef<CollectorRecords | null>(null);
  /** Reversals of the worker's own payments, whoever recorded them (collectorRecords lists only their own). */
  const collectorReversals = shallowRef<DuesPayment[]>([]);
  const loading = ref(false);
  const asOf = ref(currentMonthInShanghai());
  const year = ref(Number(asOf.value.slice(0, 4)));

  const branchId = computed(() => session.user?.branchId ?? null);
  const userId = computed(() => session.user?.id ?? null);
  const isSecretary = computed(() => session.user?.role === 'secretary' && branchId.value !== null);

  /** The year view: January to December of the chosen year, as it stands this month. */
  const ledger = computed<BranchLedger | null>(() => {
    const data = records.value;
    if (data === null) return null;
    return computeBranchLedger(toLedgerInput(data, { from: `${year.value}-01`, to: `${year.value}-12`, asOf: asOf.value }));
  });

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
    return data !== null && isMonthLocked(data.closes.map((row) => row.payload), data.branchId, month);
  }

  /**
   * The secretary's side: a collector's cash of a collection month that a handover may still list — the domain's
   * eligibility (unhandedCashPayments) over the branch as the device holds it, as the server checks it.
   */
  function branchOpenCash(collectorId: string, month: string): DuesPayment[] {
    const data = records.value;
    if (data === null) return [];
    return unhandedCashPayments(notRefused(data.payments), notRefused(data.handovers), collectorId, month);
  }

  /** The worker's side: their own cash of a collection month not yet handed over, reversed by no one. */
  function myOpenCash(month: string): DuesPayment[] {
    const mine = collector.value;
    if (mine === null || userId.value === null) return [];
    return unhandedCashPayments([...notRefused(mine.payments), ...collectorReversals.value], notRefused(mine.handovers), userId.value, month);
  }

  function isConfirmed(handover: CashHandover, confirmations: readonly BranchRecordRow<HandoverConfirmation>[]): boolean {
    return isHandoverConfirmed(handover, confirmations.map((row) => row.payload));
  }

  async function load(): Promise<void> {
    loading.value = true;
    try {
      asOf.value = currentMonthInShanghai();
      // After a logout or a change of user nothing of the previous one's books may stay on screen.
      records.value = isSecretary.value && branchId.value ? await branchRecords(branchId.value) : null;
      collector.value = userId.value ? await collectorRecords(userId.value) : null;
      collectorReversals.value = collector.value ? await reversalsOf(collector.value.payments.map((row) => row.payload)) : [];
    } finally {
      loading.value = false;
    }
  }

  // A pull or a write elsewhere bumps the revision: read the branch again so the books stay current.
  watch(
    () => [sync.revision, userId.value] as const,
    () => {
      if (records.value !== null || collector.value !== null) void load();
    },
  );

  function requireUser(): string {
    if (userId.value === null) throw new Error('not logged in');
    return userId.value;
  }

  function requireBranch(): string {
    if (!isSecretary.value || branchId.value === null) throw new Error('only the branch secretary keeps the ledger');
    return branchId.value;
  }

  /** The sync is nudged first: once the screen shows the new record, its entry is already on its way. */
  async function afterWrite(): Promise<void> {
    await sync.noteWrite();
    await load();
  }

  const now = () => new Date().toISOString();

  return {
    records,
    collector,
    loading,
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
    load,
    /** A record the server refused leaves the device with its outbox entry (sync bar's discard, by record). */
    async discardRejected(recordId: string): Promise<void> {
      const row = sync.rejected.find((entry) => entry.recordId === recordId);
      if (row?.seq !== undefined) await sync.discard(row.seq);
      await load();
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

export type LedgerStore = ReturnType<typeof useLedgerStore>;
