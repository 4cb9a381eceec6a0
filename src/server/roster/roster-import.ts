import { randomUUID } from 'node:crypto';
import {
  ColumnMapping,
  DomainError,
  dayInShanghai,
  parseInput,
  type ImportSummary,
  type IsoDate,
  type RosterImportReport,
  type RosterReading,
  type RosterReportRow,
} from '../../domain';
import { readRoster } from '../../domain/roster/read-roster';
import { inTransaction, lockVersionCounter } from '../storage/change-log';
import type { Db } from '../storage/tables';
import { auditActor, cliSource, recordAudit, type AuditActor } from '../services/audit';
import { nowIso } from '../services/clock';
import { readRosterFile, type RosterFile } from './roster-file';
import { planRoster, type RosterPlan } from './roster-plan';
import { applyPlan, loadCommunity } from './roster-store';

export interface RosterImportOptions {
  communityId: string;
  /** The admin who imports; null for the CLI run on the server. Recorded with each status change. */
  actorId: string | null;
  /** The admin's changes to the automatic column mapping. */
  mapping?: ColumnMapping | undefined;
  /** The branch of party members whose row names none (and who have none stored). */
  defaultBranchId?: string | null | undefined;
  /** Today in Asia/Shanghai unless given (tests fix it): no date in the file may be later. */
  today?: IsoDate | undefined;
  /** Who imports, for the import's audit entry; without it, the admin named by actorId, or the CLI's OS user. */
  audit?: AuditActor | undefined;
}

export interface RosterUpload extends RosterImportOptions {
  fileName: string;
  content: Uint8Array;
}

/** The dry run: the row-by-row report of what importing the file would do, nothing written. */
export async function previewRoster(db: Db, upload: RosterUpload): Promise<RosterImportReport> {
  return runRosterImport(db, await readRosterFile(upload.content, upload.fileName), upload, { dryRun: true });
}

/** The import, all or nothing; its report is the dry run's, with the new members' ids. */
export async function importRoster(db: Db, upload: RosterUpload): Promise<RosterImportReport> {
  return runRosterImport(db, await readRosterFile(upload.content, upload.fileName), upload, { dryRun: false });
}

/**
 * Reads the sheet with the domain (readRoster: header, mapping, values, one draft or reason per row), then
 * decides against the stored community and, unless it is a dry run, writes. The import decides inside its
 * transaction, after taking the change log's lock: what it matched against cannot change before it writes,
 * and two imports of one community cannot interleave.
 */
export async function runRosterImport(
  db: Db,
  file: RosterFile,
  options: RosterImportOptions,
  { dryRun }: { dryRun: boolean },
): Promise<RosterImportReport> {
  const mapping = options.mapping === undefined ? undefined : parseInput(ColumnMapping, options.mapping);
  const today = options.today ?? todayInShanghai();
  const reading = readRoster(file.grid, { ...(mapping ? { mapping } : {}), today });
  const decide = async (trx: Db) => {
    const state = await loadCommunity(trx, options.communityId);
    const defaultBranch = options.defaultBranchId ? state.branches.find((b) => b.id === options.defaultBranchId) : null;
    if (defaultBranch === undefined) throw new DomainError('NOT_FOUND', { message: '未找到所选的默认党支部（须为本社区的党支部）' });
    const now = nowIso();
    return { plan: planRoster(reading, file.grid, state, { defaultBranch, now, newId: randomUUID }), now };
  };
  if (dryRun) return report(file, reading, (await decide(db)).plan, true);
  return inTransaction(db, async (trx) => {
    await lockVersionCounter(trx);
    const { plan, now } = await decide(trx);
    await applyPlan(trx, plan, options.actorId, now);
    const done = report(file, reading, plan, false);
    // One entry per import, with its counts: the rows are the file's, not the trail's.
    const actor = options.audit ?? (options.actorId === null ? auditActor(null, cliSource()) : { userId: options.actorId, role: 'admin', operator: null, via: 'app', address: null });
    const details = { ...done.summary, missing: done.missing.length };
    await recordAudit(trx, actor, [{ action: 'roster.import', kind: 'roster', communityId: options.communityId, details }], now);
    return done;
  });
}

function report(file: RosterFile, reading: RosterReading, plan: RosterPlan, dryRun: boolean): RosterImportReport {
  const fieldAt = new Map(Object.entries(reading.mapping).flatMap(([field, column]) => (typeof column === 'number' ? [[column, field]] : [])));
  const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0, rejected: 0, duplicates: 0, ignored: 0 };
  for (const row of plan.rows) summary[row.status === 'duplicate' ? 'duplicates' : row.status] += 1;
  return {
    dryRun,
    sheetName: file.worksheet.name,
    headerRow: reading.headerRow,
    columns: reading.headers.map((header, index) => ({
      index,
      header,
      field: (fieldAt.get(index) ?? null) as RosterImportReport['columns'][number]['field'],
    })),
    summary,
    // A dry run's new members have no id yet: the ids it drew are never written.
    rows: dryRun ? plan.rows.map((row) => (row.status === 'created' ? withoutMemberId(row) : row)) : plan.rows,
    missing: plan.missing,
  };
}

function withoutMemberId(row: RosterReportRow): RosterReportRow {
  const { memberId: _drawn, ...rest } = row;
  return rest;
}

function todayInShanghai(): IsoDate {
  return dayInShanghai(new Date().toISOString());
}
