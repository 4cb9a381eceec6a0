import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { DomainError, RowReport, type RosterImportReport } from '../../domain';
import { readRosterFile } from '../roster/roster-file';
import { runRosterImport } from '../roster/roster-import';
import { STATUS_ZH, rowExplanation, rosterReportWorkbook } from '../roster/report-workbook';
import type { AuditActor } from '../services/audit';
import type { Db } from '../storage';

export interface ImportRosterArgs {
  communityId: string;
  path: string;
  defaultBranchId: string | null;
  dryRun: boolean;
  json: boolean;
  /** Where to write the .xlsx report, if asked. */
  reportPath: string | null;
  /** The CLI's operator, for the import's audit entry. */
  audit?: AuditActor;
}

const MEMBER_STATUS_ZH = { active: '在册', away: '外出', deceased: '已故', transferred: '转出' } as const;

/**
 * `import-roster`: the admin screen's import for scripts. With --json stdout carries exactly one JSON object,
 * `{ summary, rows }` with rows as RowReport (row, status, memberId?, reasons?, duplicateOf?) — the contract of
 * scripted imports (issue 11), so nothing else is ever written to stdout then. A file the import could read
 * exits 0 even when some rows were refused: the report says which and why.
 */
export async function importRosterCommand(db: Db, args: ImportRosterArgs, out: (text: string) => void): Promise<void> {
  let content: Buffer;
  try {
    content = await readFile(args.path);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    throw new DomainError('NOT_FOUND', { message: `无法读取文件 ${args.path}${code === 'ENOENT' ? '：文件不存在' : code ? `（${code}）` : ''}` });
  }
  const file = await readRosterFile(content, basename(args.path));
  const report = await runRosterImport(
    db,
    file,
    { communityId: args.communityId, actorId: null, defaultBranchId: args.defaultBranchId, audit: args.audit },
    { dryRun: args.dryRun },
  );
  if (args.reportPath !== null) await writeFile(args.reportPath, await rosterReportWorkbook(file, report));
  if (args.json) {
    out(`${JSON.stringify({ summary: report.summary, rows: report.rows.map((row) => RowReport.parse(row)) })}\n`);
    return;
  }
  out(readable(report, basename(args.path), args.reportPath));
}

function readable(report: RosterImportReport, fileName: string, reportPath: string | null): string {
  const s = report.summary;
  const lines = [
    `${report.dryRun ? '花名册试运行（未写入任何数据）/ dry run, nothing written' : '花名册已导入 / roster imported'}：${fileName}，工作表「${report.sheetName}」` +
      (report.headerRow === null ? '，未找到表头 / no header found' : `，表头在第 ${report.headerRow} 行`),
    `  新增 created ${s.created} · 更新 updated ${s.updated} · 无变化 unchanged ${s.unchanged} · ` +
      `未导入 rejected ${s.rejected} · 重复 duplicates ${s.duplicates} · 已忽略 ignored ${s.ignored}`,
  ];
  for (const status of ['rejected', 'duplicate'] as const) {
    const rows = report.rows.filter((row) => row.status === status);
    if (rows.length === 0) continue;
    lines.push('', status === 'rejected' ? '未导入的行 / rejected rows:' : '重复的行（以先出现的一行为准）/ duplicate rows:');
    for (const row of rows) lines.push(`  第 ${row.row} 行${row.name ? ` ${row.name}` : ''}：${rowExplanation(row) || STATUS_ZH[status]}`);
  }
  if (report.missing.length > 0) {
    lines.push('', `本社区有 ${report.missing.length} 人未出现在名单中（未删除，请核对）/ members not in the file (never deleted):`);
    for (const m of report.missing) lines.push(`  ${m.name}（${MEMBER_STATUS_ZH[m.status]}）  ${m.memberId}`);
  }
  if (reportPath !== null) lines.push('', `逐行结果已写入 / report written: ${reportPath}`);
  if (report.dryRun) lines.push('', '去掉 --dry-run 即正式导入 / run without --dry-run to import');
  return `${lines.join('\n')}\n`;
}
