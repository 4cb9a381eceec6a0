import { computed, ref, shallowRef } from 'vue';
import {
  ROSTER_FIELDS,
  type ColumnMapping,
  type RosterField,
  type RosterImportReport,
  type RosterImportRequest,
  type RowStatus,
} from '../../domain';
import { importRoster, previewRoster, rosterReportFile } from '../api/admin-api';
import { downloadFile } from '../export/download';
import { useAdminRequest } from './useAdminRequest';

/** The server reads up to 10 MB; a bigger file is refused here, before minutes of upload on a slow line. */
export const ROSTER_FILE_MAX_BYTES = 10 * 1024 * 1024;
const ACCEPTED = /\.(xlsx|csv)$/i;

export type ImportPhase = 'idle' | 'reading' | 'previewing' | 'importing';
export type FileProblem = 'type' | 'size' | 'unreadable';

/** Bytes to base64 in slices: String.fromCharCode on a 2 MB array at once overflows the call stack. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const SLICE = 0x8000;
  for (let i = 0; i < bytes.length; i += SLICE) binary += String.fromCharCode(...bytes.subarray(i, i + SLICE));
  return btoa(binary);
}

/**
 * The 花名册 import (issue 11 §1): a file, a dry run that writes nothing, the column mapping the admin may change
 * (each change runs the dry run again), then the import — offered only when the dry run of exactly this file,
 * mapping and default branch has succeeded, so what is imported is what the admin has just read.
 */
export function useAdminRosterImport() {
  const request = useAdminRequest();
  const fileName = ref('');
  const content = ref('');
  const fileProblem = ref<FileProblem | null>(null);
  /** Bumped with every file chosen, so an answer about the previous file is never taken for this one. */
  const fileVersion = ref(0);
  const defaultBranchId = ref<string | null>(null);
  /** Absent until the admin changes a column: the server's automatic mapping. */
  const mapping = ref<ColumnMapping | undefined>(undefined);
  const phase = ref<ImportPhase>('idle');
  const report = shallowRef<RosterImportReport | null>(null);
  /** What the shown dry run was made from; the import is allowed only while it is the current input. */
  const previewedKey = ref<string | null>(null);
  const imported = ref(false);
  const statusFilter = ref<RowStatus | 'all'>('all');
  let latestCall = 0;

  const inputKey = computed(() => `${fileVersion.value}|${JSON.stringify(mapping.value ?? null)}|${defaultBranchId.value ?? ''}`);
  const hasFile = computed(() => content.value !== '');
  const canPreview = computed(() => hasFile.value && phase.value === 'idle');
  const canImport = computed(
    () => phase.value === 'idle' && !imported.value && report.value?.dryRun === true && previewedKey.value === inputKey.value,
  );
  const visibleRows = computed(() => {
    const rows = report.value?.rows ?? [];
    return statusFilter.value === 'all' ? rows : rows.filter((row) => row.status === statusFilter.value);
  });
  /** How many rows each status has, for the filter's buttons. */
  const statusCounts = computed(() => {
    const counts = new Map<RowStatus, number>();
    for (const row of report.value?.rows ?? []) counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
    return counts;
  });

  function body(): RosterImportRequest {
    return {
      fileName: fileName.value,
      contentBase64: content.value,
      ...(mapping.value !== undefined ? { mapping: mapping.value } : {}),
      defaultBranchId: defaultBranchId.value,
    };
  }

  async function chooseFile(file: File | null): Promise<void> {
    fileVersion.value += 1;
    fileName.value = file?.name ?? '';
    content.value = '';
    mapping.value = undefined;
    report.value = null;
    previewedKey.value = null;
    imported.value = false;
    statusFilter.value = 'all';
    request.clear();
    fileProblem.value = null;
    if (file === null) return;
    if (!ACCEPTED.test(file.name)) {
      fileProblem.value = 'type';
      return;
    }
    if (file.size > ROSTER_FILE_MAX_BYTES) {
      fileProblem.value = 'size';
      return;
    }
    phase.value = 'reading';
    const version = fileVersion.value;
    try {
      const encoded = toBase64(new Uint8Array(await file.arrayBuffer()));
      if (version === fileVersion.value) content.value = encoded;
    } catch {
      if (version === fileVersion.value) fileProblem.value = 'unreadable';
    } finally {
      phase.value = 'idle';
    }
  }

  async function preview(): Promise<boolean> {
    if (!hasFile.value) return false;
    const call = ++latestCall;
    const key = inputKey.value;
    phase.value = 'previewing';
    const result = await request.call((token) => previewRoster(token, body()));
    // A later change has asked again: only its answer counts.
    if (call !== latestCall) return false;
    phase.value = 'idle';
    if (!result.ok) {
      previewedKey.value = null;
      return false;
    }
    report.value = result.value;
    previewedKey.value = key;
    imported.value = false;
    return true;
  }

  /** Which column feeds each field, as the last dry run read the sheet. */
  function currentMapping(): Record<RosterField, number | null> {
    const full = Object.fromEntries(ROSTER_FIELDS.map((field) => [field, null])) as Record<RosterField, number | null>;
    for (const column of report.value?.columns ?? []) if (column.field !== null) full[column.field] = column.index;
    return full;
  }

  /** One column to another field (or to none): a field reads one column, so it leaves the column it read before. */
  async function mapColumn(columnIndex: number, field: RosterField | null): Promise<void> {
    const next = currentMapping();
    const previous = report.value?.columns.find((column) => column.index === columnIndex)?.field ?? null;
    if (previous !== null) next[previous] = null;
    if (field !== null) next[field] = columnIndex;
    mapping.value = next;
    await preview();
  }

  async function setDefaultBranch(branchId: string | null): Promise<void> {
    defaultBranchId.value = branchId;
    // The branch decides whether some rows can be imported at all: the dry run shown must say so.
    if (report.value !== null) await preview();
  }

  async function runImport(): Promise<boolean> {
    if (!canImport.value) return false;
    phase.value = 'importing';
    const result = await request.call((token) => importRoster(token, body()));
    phase.value = 'idle';
    if (!result.ok) return false;
    report.value = result.value;
    imported.value = true;
    statusFilter.value = 'all';
    return true;
  }

  async function downloadReport(outputName: string): Promise<boolean> {
    if (!hasFile.value) return false;
    const result = await request.call((token) => rosterReportFile(token, body()));
    if (!result.ok) return false;
    downloadFile(result.value, outputName);
    return true;
  }

  return {
    ...request,
    fileName,
    fileProblem,
    defaultBranchId,
    mapping,
    phase,
    report,
    imported,
    statusFilter,
    statusCounts,
    visibleRows,
    hasFile,
    canPreview,
    canImport,
    chooseFile,
    preview,
    mapColumn,
    setDefaultBranch,
    runImport,
    downloadReport,
  };
}
