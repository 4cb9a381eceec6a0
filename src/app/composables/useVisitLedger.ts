import { computed, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { addMonths, periodMonths, quarterOf, visitLedgerSheet, type LedgerSheet, type VisitLedgerPeriod } from '../../domain';
import { downloadFile } from '../export/download';
import { visitLedgerXlsx } from '../export/visit-ledger-xlsx';
import { currentMonthInShanghai, formatInstant } from '../format/dates';
import { loadVisitLedgerRecords } from '../repositories/visit-ledger-repository';
import { useSessionStore } from '../stores/session-store';
import { useSyncStore } from '../stores/sync-store';
import { useLiveQuery } from './useLiveQuery';

/**
 * The 走访台账 of a month or a quarter (issue 12 §7), made on the device from the visits it holds — the secretary's
 * branch, the administrator's community — like the dues and attendance exports: it works offline, and the period
 * line says up to when the device's data goes, since a visit still on a worker's phone cannot be in it.
 */
export function useVisitLedger() {
  const { t } = useI18n();
  const session = useSessionStore();
  const sync = useSyncStore();
  const mode = ref<'month' | 'quarter'>('month');
  const month = ref(currentMonthInShanghai());
  const exporting = ref(false);

  const period = computed<VisitLedgerPeriod>(() => (mode.value === 'month' ? { kind: 'month', month: month.value } : { kind: 'quarter', ...quarterOf(month.value) }));
  const periodText = computed(() => {
    const p = period.value;
    if (p.kind === 'month') return t('visitAdmin.coverage.monthText', { year: p.month.slice(0, 4), month: Number(p.month.slice(5, 7)) });
    return t('visitAdmin.ledger.quarterText', { year: p.year, quarter: p.quarter });
  });
  /** No ledger of a period that has not begun. */
  const canNext = computed(() => {
    const last = periodMonths(period.value).at(-1)!;
    return last < currentMonthInShanghai();
  });

  function step(direction: 1 | -1): void {
    if (direction === 1 && !canNext.value) return;
    month.value = addMonths(month.value, direction * (mode.value === 'month' ? 1 : 3));
  }

  /** The branch for a secretary, the community for an administrator. */
  const organisation = computed(() => {
    const user = session.user;
    if (user?.role === 'secretary') return session.branchName(user.branchId) ?? '';
    return session.organisations.find((org) => org.kind === 'community')?.name ?? '';
  });

  const visitorNames = computed(() => {
    const names = new Map<string, string>();
    for (const colleague of session.session?.colleagues ?? []) names.set(colleague.id, colleague.displayName);
    if (session.user) names.set(session.user.id, session.user.displayName);
    return names;
  });

  const records = useLiveQuery(loadVisitLedgerRecords);
  const loaded = computed(() => records.value !== undefined);

  const sheet = computed<LedgerSheet | null>(() => {
    const held = records.value;
    if (held === undefined) return null;
    const base = visitLedgerSheet({
      organisation: organisation.value,
      period: period.value,
      visits: held.visits,
      members: new Map(held.members.map((member) => [member.id, member])),
      visitorNames: visitorNames.value,
      closures: held.closures,
    });
    const at = sync.lastSyncAt;
    // The paper copy says how fresh it is: the device's last sync, in Beijing time.
    return at === null ? base : { ...base, period: t('visitAdmin.ledger.asOfLine', { period: base.period, at: formatInstant(at) }) };
  });
  const count = computed(() => sheet.value?.rows.length ?? 0);

  async function exportXlsx(): Promise<{ ok: true; file: string } | { ok: false; message: string }> {
    const current = sheet.value;
    if (current === null) return { ok: false, message: t('common.loading') };
    exporting.value = true;
    try {
      const p = period.value;
      const sheetName = p.kind === 'month' ? p.month : `${p.year}-Q${p.quarter}`;
      const bytes = await visitLedgerXlsx(current, sheetName);
      const file = downloadFile(bytes, t('visitAdmin.ledger.file', { organisation: organisation.value, period: periodText.value }));
      return { ok: true, file };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    } finally {
      exporting.value = false;
    }
  }

  return { mode, month, period, periodText, canNext, step, organisation, loaded, sheet, count, exporting, lastSyncAt: computed(() => sync.lastSyncAt), exportXlsx };
}
