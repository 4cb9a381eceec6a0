import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ID_STORED_AS_NUMBER } from '../../src/domain/roster/id-number';
import type { RosterImportReport } from '../../src/domain';
import { addDuesAssessments } from '../../src/server/services/dues-terms';
import { importRoster, previewRoster, type RosterUpload } from '../../src/server/roster/roster-import';
import { memberFromRow } from '../../src/server/storage/rows';
import { makeIdNumber } from '../support/messy-roster';
import { backends, createBackend, type TestBackend } from './harness';
import { ID, TODAY, comparable, newCommunity, officeSheet } from './roster-office-sheet';
import { xlsxBytes } from './roster-support';

describe.each(backends)('花名册 import through the service on %s', (kind) => {
  let backend: TestBackend;
  let db: TestBackend['storage']['db'];
  let place: Awaited<ReturnType<typeof newCommunity>>;
  let upload: RosterUpload;
  let first: RosterImportReport;

  const storedMembers = async () =>
    (await db.selectFrom('members').selectAll().where('community_id', '=', place.community.id).execute())
      .map((row) => ({ member: memberFromRow(row), idNumber: row.id_number }))
      .sort((a, b) => (a.member.name < b.member.name ? -1 : a.member.name > b.member.name ? 1 : 0));
  const lastVersion = async () => Number((await db.selectFrom('sync_counter').select('value').executeTakeFirstOrThrow()).value);
  const byRow = (report: RosterImportReport, row: number) => report.rows.find((r) => r.row === row)!;

  beforeAll(async () => {
    backend = await createBackend(kind);
    db = backend.storage.db;
    place = await newCommunity(db);
    const sheet = officeSheet();
    upload = {
      communityId: place.community.id,
      actorId: place.admin.id,
      fileName: '光明社区花名册.xlsx',
      content: await xlsxBytes({ name: '花名册', ...sheet }),
      today: TODAY,
    };
  });
  afterAll(async () => {
    await backend?.destroy();
  });

  it('dry-runs the office sheet row by row and writes nothing', async () => {
    const versionBefore = await lastVersion();
    const report = await previewRoster(db, upload);
    expect(report.dryRun).toBe(true);
    expect(report.sheetName).toBe('花名册');
    expect(report.headerRow).toBe(3);
    expect(report.columns.map((c) => c.field)).toEqual([
      'seq', 'name', 'gender', 'ethnicity', 'birthDate', 'joinedPartyOn', 'idNumber', 'phone', 'address',
      'emergencyName', 'emergencyPhone', 'pension', 'partyRelation', 'branch', 'remarks',
    ]);
    expect(report.rows.map((r) => [r.row, r.status])).toEqual([
      [1, 'ignored'], [2, 'ignored'], [3, 'ignored'], [4, 'created'], [5, 'created'], [6, 'ignored'], [7, 'rejected'],
      [8, 'created'], [9, 'created'], [10, 'created'], [11, 'created'], [12, 'duplicate'], [13, 'rejected'], [14, 'rejected'],
      [15, 'ignored'],
    ]);
    expect(report.summary).toEqual({ created: 6, updated: 0, unchanged: 0, rejected: 3, duplicates: 1, ignored: 5 });
    expect(report.rows.filter((r) => r.status === 'ignored').map((r) => r.reasons)).toEqual([['标题行'], ['填报信息'], ['表头'], ['空行'], ['合计行']]);
    expect(byRow(report, 7).reasons).toEqual([ID_STORED_AS_NUMBER]);
    expect(byRow(report, 12)).toMatchObject({ duplicateOf: 4, name: '王华', idMasked: `1101**********${ID.wang.slice(14)}` });
    expect(byRow(report, 12).reasons![0]).toContain('第 4 行');
    expect(byRow(report, 13).reasons![0]).toContain('缺少姓名和身份证号');
    expect(byRow(report, 14).reasons).toEqual([expect.stringContaining('未找到党支部「第九党支部」')]);
    expect(byRow(report, 4)).toMatchObject({ name: '王华', idMasked: `1101**********${ID.wang.slice(14)}` });
    // Nothing has an id before the import, and nothing was written.
    expect(report.rows.filter((r) => r.status === 'created').every((r) => r.memberId === undefined)).toBe(true);
    expect(await storedMembers()).toEqual([]);
    expect(await lastVersion()).toBe(versionBefore);
    expect(report.missing).toEqual([]);
  });

  it('imports: the same report with the new ids, members as the rows say, each logged for the devices', async () => {
    const dry = await previewRoster(db, upload);
    const versionBefore = await lastVersion();
    first = await importRoster(db, upload);
    expect(first.dryRun).toBe(false);
    expect(comparable(first)).toEqual(comparable(dry));
    const created = first.rows.filter((r) => r.status === 'created');
    expect(created.every((r) => typeof r.memberId === 'string')).toBe(true);

    const stored = await storedMembers();
    expect(stored.map((s) => s.member.name)).toEqual(['吴敏', '周强', '孙丽', '李明', '王华', '陈静'].sort());
    const of = (name: string) => stored.find((s) => s.member.name === name)!;
    expect(new Set(stored.map((s) => s.member.id))).toEqual(new Set(created.map((r) => r.memberId)));

    const wang = of('王华');
    expect(wang.idNumber).toBe(ID.wang);
    expect(wang.member).toMatchObject({
      gender: 'male',
      birthDate: '1945-03-12',
      phone: '13900001111',
      address: { compound: '永清苑', building: '3', unit: '2', room: '301' },
      familyContact: { name: '王小华', relation: '儿子', phone: '13800001111' },
      isPartyMember: true,
      joinedPartyOn: '1965-07-01',
      branchId: place.first.id,
      duesChannel: 'this_branch',
      proposedBaseFen: 320050,
      risks: { livingAlone: true, emptyNest: false, bedridden: false, disabled: false },
      status: 'active',
      profile: { ethnicity: '汉族', idMasked: `1101**********${ID.wang.slice(14)}` },
    });
    // The 党支部 merged over rows 4 and 5 is 李明's too.
    expect(of('李明').member).toMatchObject({ branchId: place.first.id, phone: '13900002222', birthDate: '1947-06-15', proposedBaseFen: 320000 });
    // A cadre who is not a party member: no branch, no dues, no proposed base; the remark is the note.
    expect(of('陈静').member).toMatchObject({ isPartyMember: false, branchId: null, joinedPartyOn: null, proposedBaseFen: null, notes: '爱好书法' });
    expect(byRow(first, 8).notices).toContain('非党员不交纳党费，月基本离退休费未作为核定基数');
    // 非建制: the dues stay with the old unit (三不转), so the pension proposes nothing.
    expect(of('孙丽').member).toMatchObject({ branchId: place.nonEstablished.id, duesChannel: 'original_unit', proposedBaseFen: null });
    expect(of('周强').member).toMatchObject({ status: 'deceased', diedOn: '2025-03-01', branchId: place.second.id });
    expect(of('吴敏').member).toMatchObject({ status: 'away', away: { place: '三亚', from: '2025-11-01', expectedReturn: '2026-03-31' } });

    // The pension is a proposal only: no 核定 exists.
    expect(await db.selectFrom('dues_assessments').select('id').execute()).toEqual([]);
    // One change-log entry per member, so devices in scope receive them on their next pull.
    const log = await db.selectFrom('change_log').selectAll().where('version', '>', versionBefore).orderBy('version').execute();
    expect(log.map((e) => [e.entity, e.entity_id, e.branch_id, e.op]).sort()).toEqual(
      stored.map((s) => ['member', s.member.id, s.member.branchId, 'upsert']).sort(),
    );
    // The statuses the remarks gave are recorded with who and when.
    const changes = await db.selectFrom('member_status_changes').selectAll().where('community_id', '=', place.community.id).execute();
    expect(changes.map((c) => [c.member_id, c.status, c.effective_on, c.changed_by]).sort()).toEqual(
      [
        [of('周强').member.id, 'deceased', '2025-03-01', place.admin.id],
        [of('吴敏').member.id, 'away', '2025-11-01', place.admin.id],
      ].sort(),
    );
  });

  it('re-importing the same file changes nothing: every person unchanged, nothing written, no change-log entry', async () => {
    const before = await storedMembers();
    const versionBefore = await lastVersion();
    const statusChanges = await db.selectFrom('member_status_changes').select('id').execute();
    const again = await importRoster(db, upload);
    expect(again.summary).toEqual({ created: 0, updated: 0, unchanged: 6, rejected: 3, duplicates: 1, ignored: 5 });
    for (const row of first.rows.filter((r) => r.status === 'created')) {
      expect(byRow(again, row.row)).toMatchObject({ status: 'unchanged', memberId: row.memberId, changes: [] });
    }
    expect(await storedMembers()).toEqual(before);
    expect(await lastVersion()).toBe(versionBefore);
    expect(await db.selectFrom('member_status_changes').select('id').execute()).toEqual(statusChanges);
    expect(comparable(await previewRoster(db, upload))).toEqual(comparable(again));
  });

  it('a later file updates by ID and, without one, by name and birth date; keeps what it does not carry; deletes nobody', async () => {
    const before = await storedMembers();
    const wangBefore = before.find((s) => s.member.name === '王华')!.member;
    const content = await xlsxBytes({
      rows: [
        ['姓名', '性别', '出生日期', '公民身份号码', '手机', '备注'],
        ['王华', '男', '1945-03-12', ID.wang, '13700007777', null],
        ['李明', '女', '1947-06-15', null, '13700008888', '空巢'],
        ['周强', '男', '1938-10-08', null, null, null],
      ],
    });
    const later = { ...upload, fileName: '更新.xlsx', content };
    const dry = await previewRoster(db, later);
    const report = await importRoster(db, later);
    expect(comparable(report)).toEqual(comparable(dry));
    expect(report.rows.map((r) => [r.row, r.status, r.changes])).toEqual([
      [1, 'ignored', []],
      [2, 'updated', ['phone']],
      [3, 'updated', ['phone', 'risks']],
      [4, 'unchanged', []],
    ]);
    const after = await storedMembers();
    expect(after).toHaveLength(before.length);
    const wang = after.find((s) => s.member.name === '王华')!;
    // Only the phone: the address, branch, party membership, flags and proposed base the file does not carry stay.
    expect(wang.member).toEqual({ ...wangBefore, phone: '13700007777', updatedAt: wang.member.updatedAt });
    const li = after.find((s) => s.member.name === '李明')!;
    expect(li.member.risks).toEqual({ livingAlone: false, emptyNest: true, bedridden: false, disabled: false });
    expect(li.idNumber).toBe(ID.li);
    // Those the file does not mention are listed, never deleted; the dead are not expected on a current roster.
    // In pinyin order, as the admin looks names up: chén, sūn, wú.
    expect(report.missing.map((m) => [m.name, m.status])).toEqual([
      ['陈静', 'active'],
      ['孙丽', 'active'],
      ['吴敏', 'away'],
    ]);
  });

  it('risk flags are only set, a death is never undone, a note is added once', async () => {
    const content = await xlsxBytes({
      rows: [
        ['姓名', '性别', '出生日期', '身份证号', '备注'],
        ['李明', '女', '1947-06-15', ID.li, '爱好京剧'],
        ['周强', '男', '1938-10-08', ID.zhou, '冬季在三亚（11月至次年3月）'],
      ],
    });
    const later = { ...upload, fileName: '备注.xlsx', content };
    const report = await importRoster(db, later);
    expect(report.rows.map((r) => [r.status, r.changes])).toEqual([
      ['ignored', []],
      ['updated', ['notes']],
      ['unchanged', []],
    ]);
    expect(report.rows[2]!.notices).toContain('系统中该人员已故（2025-03-01），备注中的状态未采用');
    const stored = await storedMembers();
    const li = stored.find((s) => s.member.name === '李明')!.member;
    expect(li.risks.emptyNest).toBe(true);
    expect(li.notes).toBe('爱好京剧');
    expect(stored.find((s) => s.member.name === '周强')!.member.status).toBe('deceased');
    const again = await importRoster(db, later);
    expect(again.summary).toMatchObject({ updated: 0, unchanged: 2 });
  });

  it('the pension proposes a 核定 base until the secretary confirms it; a new pension proposes again', async () => {
    const wang = (await storedMembers()).find((s) => s.member.name === '王华')!.member;
    expect(wang.proposedBaseFen).toBe(320050);
    await addDuesAssessments(db, [
      {
        id: randomUUID(),
        memberId: wang.id,
        branchId: wang.branchId!,
        year: 2026,
        effectiveFrom: '2026-01',
        baseFen: 320050,
        category: 'normal',
        channel: 'this_branch',
        reducedFen: null,
        relief: null,
        assessedAt: '2026-01-20T02:00:00.000Z',
      },
    ]);
    const sheet = (pension: string) =>
      xlsxBytes({ rows: [['姓名', '身份证号', '入党时间', '月基本离退休费'], ['王华', ID.wang, '1965-7-1', pension]] });
    const confirmed = await importRoster(db, { ...upload, content: await sheet('3200.50') });
    expect(confirmed.rows[1]).toMatchObject({ status: 'unchanged' });
    const raised = await importRoster(db, { ...upload, content: await sheet('3,350') });
    expect(raised.rows[1]).toMatchObject({ status: 'updated', changes: ['proposedBaseFen'] });
    expect((await storedMembers()).find((s) => s.member.name === '王华')!.member.proposedBaseFen).toBe(335000);
    // Still one 核定: the one the secretary made.
    expect(await db.selectFrom('dues_assessments').select('id').execute()).toHaveLength(1);
  });

  it('a party member with no branch goes to the default branch, or is refused without one; the default must be this community’s', async () => {
    const content = await xlsxBytes({
      rows: [
        ['姓名', '性别', '出生日期', '入党时间', '家庭住址'],
        ['钱进', '男', '1944-04-04', '1964-04-04', '永清苑7号楼1单元101'],
        ['冯兰', '女', '1946-06-06', null, '永清苑7号楼1单元102'],
      ],
    });
    const noDefault = await previewRoster(db, { ...upload, content });
    expect(noDefault.rows[1]).toMatchObject({ status: 'rejected', reasons: [expect.stringContaining('党员未填写所在党支部')] });
    expect(noDefault.rows[2]).toMatchObject({ status: 'created' });
    const withDefault = await importRoster(db, { ...upload, content, defaultBranchId: place.second.id });
    expect(withDefault.summary).toMatchObject({ created: 2, rejected: 0 });
    const qian = (await storedMembers()).find((s) => s.member.name === '钱进')!;
    expect(qian.member).toMatchObject({ branchId: place.second.id, isPartyMember: true });
    expect(qian.idNumber).toBeNull();

    const elsewhere = await newCommunity(db, '朝阳社区');
    await expect(previewRoster(db, { ...upload, content, defaultBranchId: elsewhere.first.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(previewRoster(db, { ...upload, content, communityId: randomUUID() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('never guesses between two stored members with the same name and birth date', async () => {
    const content = await xlsxBytes({
      rows: [
        ['姓名', '性别', '出生日期', '家庭住址'],
        ['冯兰', '女', '1946-06-06', '永清苑7号楼1单元102'],
      ],
    });
    // A second 冯兰 born the same day, listed with her ID in another file.
    const twin = await xlsxBytes({
      rows: [
        ['姓名', '身份证号', '家庭住址'],
        ['冯兰', makeIdNumber('11010519460606002'), '永清苑8号楼1单元101'],
      ],
    });
    // The stored 冯兰 has no ID: the file's ID could be hers, so it is taken as hers.
    const matched = await importRoster(db, { ...upload, content: twin });
    expect(matched.rows[1]).toMatchObject({ status: 'updated', changes: ['idNumber', 'address'] });
    const other = await xlsxBytes({
      rows: [
        ['姓名', '身份证号', '家庭住址'],
        ['冯兰', makeIdNumber('11010519460606022'), '永清苑9号楼1单元101'],
      ],
    });
    // Another ID with the same name and birth date is another person.
    const namesake = await importRoster(db, { ...upload, content: other });
    expect(namesake.rows[1]).toMatchObject({ status: 'created', notices: [expect.stringContaining('身份证号不同')] });
    // Now a row without an ID cannot tell the two apart.
    const ambiguous = await previewRoster(db, { ...upload, content });
    expect(ambiguous.rows[1]).toMatchObject({ status: 'rejected', reasons: [expect.stringContaining('2 位姓名和出生日期都相同')] });
  });
});
