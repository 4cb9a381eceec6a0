import { computed, ref, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import type { AdminOrganisation, Campaign, CampaignDelivered, CampaignProgress, LedgerSheet, SheetCell } from '../../domain';
import { getOrganisation } from '../api/admin-api';
import { getCampaignProgress } from '../api/coverage-api';
import { listCampaigns } from '../api/visit-admin-api';
import { campaignProgressXlsx } from '../export/campaign-progress-xlsx';
import { downloadFile } from '../export/download';
import { useAdminRequest } from './useAdminRequest';

export interface ProgressLine {
  id: string;
  name: string;
  cohort: number;
  visited: number;
  delivered: CampaignDelivered;
}

/** Visited ÷ cohort; null when the cohort is empty. */
export function progressRate(line: { cohort: number; visited: number }): number | null {
  return line.cohort === 0 ? null : line.visited / line.cohort;
}

/**
 * A festival campaign's progress (issue 12 §4): visited ÷ cohort for the campaign, per worker and per branch, and
 * what was delivered (items, 慰问金 in fen) — on screen and as an .xlsx for the office.
 */
export function useCampaignProgress(campaignId: () => string) {
  const { t } = useI18n();
  const request = useAdminRequest();
  const campaign = shallowRef<Campaign | null>(null);
  const progress = shallowRef<CampaignProgress | null>(null);
  const organisation = shallowRef<AdminOrganisation | null>(null);
  const missing = ref(false);
  const exporting = ref(false);

  async function load(): Promise<boolean> {
    const id = campaignId();
    const result = await request.call(async (token) => {
      // The list is small (a few campaigns a year) and names the campaign; the progress answers 404 for a stranger's.
      const [list, answer, org] = await Promise.all([listCampaigns(token), getCampaignProgress(token, id), getOrganisation(token)]);
      return { found: list.find((c) => c.id === id) ?? null, answer, org };
    });
    if (!result.ok) {
      missing.value = result.code === 'NOT_FOUND';
      return false;
    }
    campaign.value = result.value.found;
    progress.value = result.value.answer;
    organisation.value = result.value.org;
    missing.value = result.value.found === null;
    return true;
  }

  const workers = computed<ProgressLine[]>(() => (progress.value?.workers ?? []).map((w) => ({ ...w, id: w.workerId })));
  const branches = computed<ProgressLine[]>(() => (progress.value?.branches ?? []).map((b) => ({ ...b, id: b.branchId })));
  const branchName = (id: string) => organisation.value?.branches.find((entry) => entry.branch.id === id)?.branch.name ?? '';

  function sheetOf(lines: readonly ProgressLine[], nameHeader: string): LedgerSheet {
    const c = campaign.value!;
    const p = progress.value!;
    const text = (value: string): SheetCell => ({ kind: 'text', text: value });
    const num = (value: number): SheetCell => ({ kind: 'number', value });
    const ratio = (rate: number | null): SheetCell => (rate === null ? { kind: 'empty' } : { kind: 'ratio', value: rate });
    return {
      title: t('visitAdmin.progress.sheetTitle', { name: c.name }),
      period: t('visitAdmin.progress.sheetPeriod', { from: c.startsOn, to: c.endsOn, asOf: p.asOf }),
      header: [
        t('visitAdmin.progress.index'),
        nameHeader,
        t('visitAdmin.progress.cohort'),
        t('visitAdmin.progress.visited'),
        t('visitAdmin.progress.rate'),
        t('visitAdmin.progress.itemsHeader'),
        t('visitAdmin.progress.cashHeader'),
      ],
      rows: lines.map((line, i) => [
        num(i + 1),
        text(line.name),
        num(line.cohort),
        num(line.visited),
        ratio(progressRate(line)),
        num(line.delivered.items),
        { kind: 'fen', fen: line.delivered.cashFen },
      ]),
      totals: [text(t('visitAdmin.progress.total')), { kind: 'empty' }, num(p.cohort), num(p.visited), ratio(progressRate(p)), num(p.delivered.items), { kind: 'fen', fen: p.delivered.cashFen }],
    };
  }

  async function exportXlsx(): Promise<{ ok: true; file: string } | { ok: false; message: string }> {
    if (campaign.value === null || progress.value === null) return { ok: false, message: t('visitAdmin.progress.notFound') };
    exporting.value = true;
    try {
      const bytes = await campaignProgressXlsx([
        { name: t('visitAdmin.progress.byWorker'), sheet: sheetOf(workers.value, t('visitAdmin.progress.worker')) },
        { name: t('visitAdmin.progress.byBranch'), sheet: sheetOf(branches.value, t('visitAdmin.progress.branch')) },
      ]);
      return { ok: true, file: downloadFile(bytes, t('visitAdmin.progress.exportFile', { name: campaign.value.name })) };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    } finally {
      exporting.value = false;
    }
  }

  return { ...request, campaign, progress, missing, workers, branches, branchName, exporting, load, exportXlsx };
}
