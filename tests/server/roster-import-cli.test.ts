import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ImportSummary, RowReport } from '../../src/domain';
import { runCli } from '../../src/server/cli/run-cli';
import { backends, createBackend, type TestBackend } from './harness';
import { newCommunity, officeSheet } from './roster-office-sheet';
import { csvText, gb18030Bytes, loadXlsx, xlsxBytes } from './roster-support';

/** `import-roster --json`'s output: exactly these keys, the contract of scripted imports (issue 11 §1). */
const JsonOutput = z.strictObject({
  summary: ImportSummary.strict(),
  rows: z.array(RowReport.strict()),
});

describe.each(backends)('import-roster from the CLI on %s', (kind) => {
  let backend: TestBackend;
  let dir: string;
  let place: Awaited<ReturnType<typeof newCommunity>>;
  let officePath: string;

  async function cli(args: string[]) {
    let out = '';
    let err = '';
    const code = await runCli(args, {
      out: (text) => (out += text),
      err: (text) => (err += text),
      readPassword: async () => 'unused-password-1',
      env: backend.env,
    });
    return { code, out, err };
  }
  const members = () => backend.storage.db.selectFrom('members').select(['id', 'name']).where('community_id', '=', place.community.id).execute();

  beforeAll(async () => {
    backend = await createBackend(kind);
    dir = mkdtempSync(join(tmpdir(), 'doorstep-roster-cli-'));
    place = await newCommunity(backend.storage.db);
    officePath = join(dir, '光明社区花名册.xlsx');
    writeFileSync(officePath, await xlsxBytes({ name: '花名册', ...officeSheet() }));
  });
  afterAll(async () => {
    await backend?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('--dry-run --json prints exactly one JSON object of the contract and writes nothing', async () => {
    const { code, out, err } = await cli(['import-roster', '--community', place.community.id, '--file', officePath, '--dry-run', '--json']);
    expect(code, err).toBe(0);
    expect(err).toBe('');
    expect(out.endsWith('}\n')).toBe(true);
    const output = JsonOutput.parse(JSON.parse(out));
    expect(output.summary).toEqual({ created: 6, updated: 0, unchanged: 0, rejected: 3, duplicates: 1, ignored: 5 });
    expect(output.rows.map((r) => r.row)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(output.rows[0]).toEqual({ row: 1, status: 'ignored', reasons: ['标题行'] });
    expect(output.rows[3]).toEqual({ row: 4, status: 'created' });
    expect(output.rows[11]).toEqual({ row: 12, status: 'duplicate', reasons: [expect.stringContaining('第 4 行')], duplicateOf: 4 });
    expect(output.rows[6]).toEqual({ row: 7, status: 'rejected', reasons: [expect.stringContaining('被 Excel 存成了数字')] });
    expect(await members()).toEqual([]);
  });

  it('imports with --json: the new members’ ids; a second run reports them unchanged', async () => {
    const first = await cli(['import-roster', '--community', place.community.id, '--file', officePath, '--json']);
    expect(first.code, first.err).toBe(0);
    const output = JsonOutput.parse(JSON.parse(first.out));
    const created = output.rows.filter((r) => r.status === 'created');
    expect(created).toHaveLength(6);
    expect(new Set(created.map((r) => r.memberId))).toEqual(new Set((await members()).map((m) => m.id)));
    const again = JsonOutput.parse(JSON.parse((await cli(['import-roster', '--community', place.community.id, '--file', officePath, '--json'])).out));
    expect(again.summary).toMatchObject({ created: 0, unchanged: 6 });
    expect(again.rows.filter((r) => r.status === 'unchanged').map((r) => [r.row, r.memberId])).toEqual(created.map((r) => [r.row, r.memberId]));
  });

  it('the process itself writes nothing but the JSON object to stdout', () => {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/server/cli.ts', 'import-roster', '--community', place.community.id, '--file', officePath, '--dry-run', '--json'],
      { env: { ...process.env, ...backend.env }, encoding: 'utf8', timeout: 60_000 },
    );
    expect(child.status, child.stderr).toBe(0);
    expect(JsonOutput.parse(JSON.parse(child.stdout)).summary).toMatchObject({ unchanged: 6 });
  });

  it('without --json: a Chinese summary, the refused and repeated rows with reasons, the members not in the file', async () => {
    const csv = join(dir, '更新.csv');
    writeFileSync(csv, gb18030Bytes(csvText([['姓名', '性别', '出生日期', '身份证号', '联系电话'], ['王华', '男', '1945-03-12', null, '13700007777'], ['无名', '男', '1945-02-30', null, null]])));
    const report = join(dir, '结果.xlsx');
    const { code, out, err } = await cli(['import-roster', '--community', place.community.id, '--file', csv, '--dry-run', '--report', report]);
    expect(code, err).toBe(0);
    expect(out).toContain('花名册试运行（未写入任何数据）');
    expect(out).toContain('更新 updated 1');
    expect(out).toContain('未导入 rejected 1');
    expect(out).toMatch(/第 3 行 无名：出生日期「1945-02-30」不存在/);
    expect(out).toMatch(/本社区有 4 人未出现在名单中[\s\S]*李明（在册）/);
    expect(out).toContain('去掉 --dry-run 即正式导入');
    const sheet = (await loadXlsx(readFileSync(report))).worksheets[0]!;
    expect([sheet.getCell('F1').value, sheet.getCell('F2').value, sheet.getCell('G2').value]).toEqual(['导入结果', '更新', '更新：联系电话']);
  });

  it('exit 2 for usage mistakes, 1 for a file or community it cannot use — stdout empty even with --json', async () => {
    const noFile = await cli(['import-roster', '--community', place.community.id, '--json']);
    expect(noFile).toMatchObject({ code: 2, out: '' });
    expect(noFile.err).toContain('缺少参数 --file');
    expect((await cli(['import-roster', '--community', place.community.id, '--file', officePath, '--jsn'])).code).toBe(2);
    const missing = await cli(['import-roster', '--community', place.community.id, '--file', join(dir, '没有.xlsx'), '--json']);
    expect(missing).toMatchObject({ code: 1, out: '' });
    expect(missing.err).toContain('文件不存在');
    const xls = join(dir, '旧.xls');
    writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    const old = await cli(['import-roster', '--community', place.community.id, '--file', xls, '--json', '--report', join(dir, 'no.xlsx')]);
    expect(old).toMatchObject({ code: 1, out: '' });
    expect(old.err).toContain('另存为 .xlsx');
    expect(existsSync(join(dir, 'no.xlsx'))).toBe(false);
    const nowhere = await cli(['import-roster', '--community', place.first.id, '--file', officePath]);
    expect(nowhere.code).toBe(1);
    expect(nowhere.err).toContain('社区');
  });

  it('help says what the command does and that refused rows still exit 0', async () => {
    const { out } = await cli(['--help']);
    expect(out).toContain('import-roster');
    expect(out).toContain('有未导入的行时退出码仍为 0');
  });
});
