import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRoster, previewRoster, type RosterUpload } from '../../src/server/roster/roster-import';
import { backends, createBackend, type TestBackend } from './harness';
import { ID, TODAY, comparable, newCommunity, officeSheet } from './roster-office-sheet';
import { csvText, gb18030Bytes, xlsxBytes } from './roster-support';

/** The office sheet as Excel saves it to CSV: every cell as its shown text, the merged 党支部 written out. */
function officeCsvRows(): (string | number | null)[][] {
  const { rows } = officeSheet();
  return rows.map((row, r) =>
    row.map((value, c) => {
      if (r === 4 && c === 13) return '第一党支部';
      if (value instanceof Date) return value.toISOString().slice(0, 10);
      // An ID in a number cell: Excel's CSV holds what the cell showed.
      if (typeof value === 'number' && value > 1e15) return '3.70202E+17';
      return typeof value === 'string' || typeof value === 'number' ? value : null;
    }),
  );
}

describe.each(backends)('花名册 import rules on %s', (kind) => {
  let backend: TestBackend;
  let db: TestBackend['storage']['db'];
  let place: Awaited<ReturnType<typeof newCommunity>>;
  let base: Omit<RosterUpload, 'content' | 'fileName'>;

  const snapshot = async () => ({
    members: await db.selectFrom('members').selectAll().where('community_id', '=', place.community.id).orderBy('id').execute(),
    version: Number((await db.selectFrom('sync_counter').select('value').executeTakeFirstOrThrow()).value),
    history: await db.selectFrom('member_status_changes').select('id').orderBy('id').execute(),
  });

  beforeAll(async () => {
    backend = await createBackend(kind);
    db = backend.storage.db;
    place = await newCommunity(db);
    base = { communityId: place.community.id, actorId: place.admin.id, today: TODAY };
  });
  afterAll(async () => {
    await backend?.destroy();
  });

  it('reads the same sheet saved as CSV in UTF-8 (with a BOM) or GB18030 as it reads the .xlsx', async () => {
    const fromXlsx = await previewRoster(db, { ...base, fileName: '花名册.xlsx', content: await xlsxBytes(officeSheet()) });
    const text = csvText(officeCsvRows());
    for (const content of [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), Buffer.from(text), gb18030Bytes(text)]) {
      const fromCsv = await previewRoster(db, { ...base, fileName: '花名册.csv', content });
      expect(fromCsv.rows.map((r) => [r.row, r.status, r.name, r.duplicateOf])).toEqual(fromXlsx.rows.map((r) => [r.row, r.status, r.name, r.duplicateOf]));
      expect(fromCsv.rows[6]!.reasons![0]).toContain('被 Excel 存成了数字');
      expect(fromCsv.summary).toEqual(fromXlsx.summary);
    }
  });

  it('is all or nothing: a failure in the middle of the writes leaves the community as it was', async () => {
    await importRoster(db, { ...base, fileName: '花名册.xlsx', content: await xlsxBytes(officeSheet()) });
    const later = await xlsxBytes({
      rows: [
        ['姓名', '性别', '出生日期', '身份证号', '联系电话', '家庭住址', '备注'],
        ['王华', '男', '1945-03-12', ID.wang, '13700007777', '永清苑3号楼2单元301', '随子女在北京居住'],
        ['蒋文', '男', '1943-03-03', null, null, '永清苑9号楼1单元101', '独居'],
      ],
    });
    const upload = { ...base, fileName: '更新.xlsx', content: later };
    expect((await previewRoster(db, upload)).summary).toMatchObject({ created: 1, updated: 1 });
    const before = await snapshot();
    // The status history is written after the members' rows: make that statement fail.
    if (kind === 'sqlite') {
      await sql`create trigger roster_boom before insert on member_status_changes begin select raise(abort, 'boom'); end`.execute(db);
    } else {
      await sql`create function roster_boom() returns trigger language plpgsql as $$ begin raise exception 'boom'; end $$`.execute(db);
      await sql`create trigger roster_boom before insert on member_status_changes for each row execute function roster_boom()`.execute(db);
    }
    await expect(importRoster(db, upload)).rejects.toThrow(/boom/);
    expect(await snapshot()).toEqual(before);

    if (kind === 'sqlite') await sql`drop trigger roster_boom`.execute(db);
    else await sql`drop trigger roster_boom on member_status_changes`.execute(db);
    const applied = await importRoster(db, upload);
    expect(applied.summary).toMatchObject({ created: 1, updated: 1 });
    const after = await snapshot();
    expect(after.members).toHaveLength(before.members.length + 1);
    expect(after.history).toHaveLength(before.history.length + 1);
  });

  it('matches header variants, and a column the admin maps by hand', async () => {
    const rows = [
      ['党员姓名', '性 别', '出生\n日期', '现居住情况', '公民身份号码', '手机号码', '养老金（元）', '入党年月', '组织关系', '所在支部', '备 注'],
      ['卫东', '男', '1941.07', '永清苑11号楼2单元502', null, '+86 139 0000 9999', '2,800.00', '1962.05', '原单位', '第二支部', '卧床'],
    ];
    const content = await xlsxBytes({ rows });
    const auto = await previewRoster(db, { ...base, fileName: '变体.xlsx', content });
    expect(auto.columns.map((c) => c.field)).toEqual([
      'name', 'gender', 'birthDate', null, 'idNumber', 'phone', 'pension', 'joinedPartyOn', 'partyRelation', 'branch', 'remarks',
    ]);
    // 现居住情况 is not a column name the reader knows: without an address nobody can be visited.
    expect(auto.rows[1]).toMatchObject({ status: 'rejected' });

    const mapped = { ...base, fileName: '变体.xlsx', content, mapping: { address: 3 } };
    const dry = await previewRoster(db, mapped);
    expect(dry.columns[3]).toEqual({ index: 3, header: '现居住情况', field: 'address' });
    // 第二支部 is 第二党支部; 原单位 keeps the dues at the old unit, so the pension proposes no base.
    expect(dry.rows[1]).toMatchObject({ status: 'created', name: '卫东' });
    expect(dry.rows[1]!.notices).toContain('该党员在原单位交纳党费，月基本离退休费未作为核定基数');
    const report = await importRoster(db, mapped);
    expect(comparable(report)).toEqual(comparable(dry));
    const stored = await db.selectFrom('members').selectAll().where('id', '=', report.rows[1]!.memberId!).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      name: '卫东',
      birth_date: '1941-07-01',
      phone: '13900009999',
      address_compound: '永清苑',
      address_building: '11',
      address_unit: '2',
      address_room: '502',
      risk_bedridden: 1,
      is_party_member: 1,
      joined_party_on: '1962-05-01',
      branch_id: place.second.id,
      dues_channel: 'original_unit',
      proposed_base_fen: null,
    });
  });
});
