import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RosterImportReport } from '../../src/domain';
import { ROSTER_BODY_LIMIT } from '../../src/server/routes/roster-import';
import { createBranch } from '../../src/server/services/organisations';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from './fixtures';
import { backends, bearer, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';
import { csvText, loadXlsx, xlsxBytes } from './roster-support';
import { consent, healthNote, outbox, pullAll, push, statuses } from './sync-support';
import { ID, officeSheet } from './roster-office-sheet';

/** The admin's 花名册 routes (issue 11 §1): admin only, the admin's own community only, files as base64 JSON. */
describe.each(backends)('花名册 import routes on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let fx: Fixtures;
  const tokens: Record<string, string> = {};
  let office: Buffer;

  const body = (content: Buffer, fileName = '光明社区花名册.xlsx', extra: object = {}) => ({
    fileName,
    contentBase64: content.toString('base64'),
    ...extra,
  });
  const post = (path: 'preview' | 'import' | 'report', token: string | null, payload: object) =>
    app.inject({ method: 'POST', url: `/api/admin/roster/${path}`, headers: token === null ? {} : bearer(token), payload });
  const membersOf = async (communityId: string) =>
    (await backend.storage.db.selectFrom('members').select(['id', 'name', 'status', 'id_number']).where('community_id', '=', communityId).execute()).sort(
      (a, b) => (a.name < b.name ? -1 : 1),
    );

  beforeAll(async () => {
    backend = await createBackend(kind);
    fx = await seedFixtures(backend.storage.db);
    // The office sheet's other branches, so that its members all have one here.
    await createBranch(backend.storage.db, fx.community.id, 'established', '第二党支部');
    await createBranch(backend.storage.db, fx.community.id, 'non_established', '离退休干部党支部');
    app = await buildTestApp(backend);
    for (const username of ['admin1', 'admin2', 'worker1', 'secretary1']) tokens[username] = await loginAs(app, username, FIXTURE_PASSWORD);
    office = await xlsxBytes({ name: '花名册', ...officeSheet() });
  });
  afterAll(async () => {
    await app.close();
    await backend.destroy();
  });

  it('answers only an admin: no session 401, a worker or secretary 403, and nothing is read or written', async () => {
    expect((await post('preview', null, body(office))).statusCode).toBe(401);
    for (const who of ['worker1', 'secretary1']) {
      for (const path of ['preview', 'import', 'report'] as const) {
        const answer = await post(path, tokens[who]!, body(office));
        expect(answer.statusCode).toBe(403);
        expect(answer.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
      }
    }
    expect(await membersOf(fx.community.id)).toHaveLength(7);
  });

  it('previews and imports into the admin’s own community, whatever community the request names', async () => {
    const before = await membersOf(fx.community.id);
    const preview = await post('preview', tokens.admin1!, body(office, undefined, { communityId: fx.otherCommunity.id }));
    expect(preview.statusCode, preview.body).toBe(200);
    const dry = RosterImportReport.parse(preview.json());
    expect(dry).toMatchObject({ dryRun: true, headerRow: 3, summary: { created: 6, rejected: 3, duplicates: 1, ignored: 5 } });
    // The fixtures' members are not in this file: listed, never deleted.
    expect(dry.missing.map((m) => m.memberId).sort()).toEqual(before.map((m) => m.id).sort());
    expect(await membersOf(fx.community.id)).toEqual(before);

    const imported = await post('import', tokens.admin1!, body(office, undefined, { communityId: fx.otherCommunity.id }));
    expect(imported.statusCode, imported.body).toBe(200);
    const report = RosterImportReport.parse(imported.json());
    expect(report.summary).toEqual(dry.summary);
    const after = await membersOf(fx.community.id);
    expect(after).toHaveLength(before.length + 6);
    expect(after.find((m) => m.name === '王华')?.id_number).toBe(ID.wang);
    expect(await membersOf(fx.otherCommunity.id)).toHaveLength(2);
    // The full ID never leaves the server: the report carries it masked.
    expect(imported.body).not.toContain(ID.wang);
    expect(imported.body).toContain(`1101**********${ID.wang.slice(14)}`);
  });

  it('a second community’s admin imports into their own community and cannot reach the first', async () => {
    const first = await membersOf(fx.community.id);
    const intoFirst = await post('import', tokens.admin2!, body(office, undefined, { defaultBranchId: fx.branch1.id }));
    expect(intoFirst.statusCode).toBe(404);
    expect(await membersOf(fx.community.id)).toEqual(first);

    const own = await post('import', tokens.admin2!, body(office));
    expect(own.statusCode, own.body).toBe(200);
    const report = RosterImportReport.parse(own.json());
    // 朝阳社区 has no 第一党支部: its admin's import refuses those rows and creates the others there.
    expect(report.rows.find((r) => r.row === 4)).toMatchObject({ status: 'rejected', reasons: [expect.stringContaining('未找到党支部「第一党支部」')] });
    expect(report.missing.map((m) => m.memberId).sort()).toEqual([fx.members.x1.id, fx.members.x2.id].sort());
    expect(await membersOf(fx.community.id)).toEqual(first);
    expect((await membersOf(fx.otherCommunity.id)).map((m) => m.name)).toContain('陈静');
  });

  it('downloads the uploaded workbook with 导入结果 and 说明 on every row, and the members not in the file', async () => {
    const answer = await post('report', tokens.admin1!, body(office));
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(answer.headers['content-disposition']).toBe(
      `attachment; filename="roster-report.xlsx"; filename*=UTF-8''${encodeURIComponent('导入结果-光明社区花名册.xlsx')}`,
    );
    const workbook = await loadXlsx(answer.rawPayload);
    const sheet = workbook.getWorksheet('花名册')!;
    // The sheet's own 15 columns are untouched; the result is in the two after them.
    expect(sheet.getCell('B4').value).toBe('王  华');
    expect([sheet.getCell('P3').value, sheet.getCell('Q3').value]).toEqual(['导入结果', '说明']);
    const result = (row: number) => [sheet.getCell(row, 16).value, sheet.getCell(row, 17).value];
    // Imported already: the same file now changes nothing.
    expect(result(4)).toEqual(['无变化', null]);
    expect(result(7)).toEqual(['未导入', expect.stringContaining('被 Excel 存成了数字')]);
    expect(result(12)).toEqual(['重复', expect.stringContaining('第 4 行')]);
    expect(result(14)).toEqual(['未导入', expect.stringContaining('未找到党支部「第九党支部」')]);
    expect(result(15)).toEqual(['已忽略', '合计行']);
    expect(result(1)[0]).toBe('已忽略');
    const missing = workbook.getWorksheet('未出现在名单中的人员')!;
    expect(missing.getRow(1).values).toEqual([undefined, '序号', '姓名', '状态', '人员编号']);
    const listed = [] as unknown[];
    missing.eachRow((row, n) => n > 1 && listed.push(row.getCell(2).value));
    expect(listed.sort()).toEqual(Object.values(fx.members).filter((m) => m.communityId === fx.community.id).map((m) => m.name).sort());
  });

  it('a CSV report is a new workbook of its rows, with the same two columns', async () => {
    const csv = Buffer.from(csvText([['姓名', '性别', '出生日期', '家庭住址'], ['蒋文', '男', '1943-03-03', '永清苑9号楼1单元101'], ['', '', '', '']]));
    const answer = await post('report', tokens.admin1!, body(csv, '新增人员.csv'));
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-disposition']).toContain(encodeURIComponent('导入结果-新增人员.xlsx'));
    const sheet = (await loadXlsx(answer.rawPayload)).worksheets[0]!;
    expect(sheet.name).toBe('新增人员');
    expect(sheet.getRow(1).values).toEqual([undefined, '姓名', '性别', '出生日期', '家庭住址', '导入结果', '说明']);
    expect(sheet.getRow(2).values).toEqual([undefined, '蒋文', '男', '1943-03-03', '永清苑9号楼1单元101', '新增']);
  });

  it('a death in the remarks is recorded as recordDeath records it: health notes purged, devices told, history kept', async () => {
    const w1 = fx.users.worker1.id;
    const m1 = fx.members.m1;
    const workerToken = await loginAs(app, 'worker1', FIXTURE_PASSWORD);
    const device = outbox();
    const given = consent(m1.id, w1);
    const note = healthNote(m1.id, given.id, w1);
    expect(statuses(await push(app, workerToken, device.clientId, [device.add('consent.give', given), device.add('health_note.record', note)]))).toEqual([
      'applied',
      'applied',
    ]);
    const csv = Buffer.from(csvText([['姓名', '性别', '出生日期', '备注'], [m1.name, '女', m1.birthDate, '已故（2025.3）']]));
    const answer = await post('import', tokens.admin1!, body(csv, '去世.csv'));
    expect(answer.statusCode, answer.body).toBe(200);
    expect(RosterImportReport.parse(answer.json()).rows[1]).toMatchObject({ status: 'updated', memberId: m1.id, changes: ['status'] });

    const db = backend.storage.db;
    expect(await db.selectFrom('members').select(['status', 'died_on']).where('id', '=', m1.id).executeTakeFirst()).toEqual({
      status: 'deceased',
      died_on: '2025-03-01',
    });
    expect(await db.selectFrom('health_notes').select('id').where('member_id', '=', m1.id).execute()).toEqual([]);
    const history = await db.selectFrom('member_status_changes').selectAll().where('member_id', '=', m1.id).execute();
    expect(history.map((h) => [h.status, h.effective_on, h.changed_by])).toEqual([['deceased', '2025-03-01', fx.users.admin1.id]]);
    const changes = await pullAll(app, workerToken);
    expect(changes.filter((c) => c.entity === 'health_note' && c.id === note.id).at(-1)).toMatchObject({ op: 'delete', data: null });
    expect(changes.filter((c) => c.entity === 'member' && c.id === m1.id).at(-1)).toMatchObject({ op: 'upsert', data: { status: 'deceased', diedOn: '2025-03-01' } });
  });

  it('accepts files over the default 1 MB body; refuses a body over its own limit and what is not a roster file', async () => {
    const remark = '爱好书法和京剧，每周参加社区老年大学活动。'.repeat(12);
    const rows = Array.from({ length: 3000 }, (_, i) => [`测试${String.fromCharCode(0x4e00 + (i % 500))}${String.fromCharCode(0x4e00 + Math.floor(i / 500))}`, '男', '1940-01-01', `永清苑${1 + (i % 30)}号楼1单元${101 + (i % 6)}`, remark]);
    const big = Buffer.from(csvText([['姓名', '性别', '出生日期', '家庭住址', '说明'], ...rows]));
    expect(big.toString('base64').length).toBeGreaterThan(1024 * 1024);
    const preview = await post('preview', tokens.admin1!, body(big, '大名单.csv'));
    expect(preview.statusCode, preview.body.slice(0, 300)).toBe(200);
    expect(RosterImportReport.parse(preview.json()).rows).toHaveLength(3001);

    const tooBig = await app.inject({
      method: 'POST',
      url: '/api/admin/roster/preview',
      headers: { ...bearer(tokens.admin1!), 'content-type': 'application/json' },
      payload: JSON.stringify(body(Buffer.alloc(Math.ceil(ROSTER_BODY_LIMIT * 0.76), 0x41), 'x.csv')),
    });
    expect(tooBig.statusCode).toBe(413);

    const xls = await post('preview', tokens.admin1!, body(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), '花名册.xls'));
    expect(xls.statusCode).toBe(400);
    expect(xls.json().error.message).toContain('请在 Excel 中另存为 .xlsx 后再导入');
    const missingFields = await post('preview', tokens.admin1!, { fileName: '花名册.xlsx' });
    expect(missingFields.statusCode).toBe(400);
  });
});
