import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { RosterCell } from '../src/domain';
import { importRoster, previewRoster, type RosterUpload } from '../src/server/roster/roster-import';
import { createBranch, createCommunity, createStreet } from '../src/server/services/organisations';
import { insertRows } from '../src/server/storage/bulk-insert';
import { migrateToLatest, openStorage, type Storage } from '../src/server/storage';
import type { MembersTable } from '../src/server/storage/tables';
import { messyRoster } from '../tests/support/messy-roster';
import { heading, line, median } from './report';

/** The import's today: fixed, so the sheet and its outcomes are the same on every run. */
const TODAY = '2026-01-15';

/**
 * The 花名册 import of a messy 5,000-row roster (tests/support/messy-roster.ts: titles, blank rows, every value
 * form, 12 % bad rows, 2 % repeated members) against a floor measured in the same run on the same database:
 *
 * - the floor: read the same .xlsx with exceljs into rows of cells, and insert one member row per sheet row
 *   below the header with the same multi-row inserts the import uses, straight from the cells — no header
 *   finding, no value reading, no checks, no matching, no change log;
 * - the dry run: previewRoster, what POST /api/admin/roster/preview does minus HTTP (read the file, readRoster,
 *   match against the community, the report);
 * - the import into an empty community, and the same file again into the community it filled (every member
 *   matched, nothing to write).
 *
 * SQLite always; PostgreSQL too when BENCH_POSTGRES_URL names a database the bench may write to. The goal of
 * issue 11 is under 10 s for both the dry run and the import.
 */
export async function benchRosterImport(options: { rows?: number; runs?: number } = {}): Promise<void> {
  const size = options.rows ?? 5_000;
  const runs = options.runs ?? 3;
  const roster = messyRoster(2026, size, { today: TODAY });
  const content = await workbookBytes(roster.grid);
  const people = roster.expected.filter((e) => e.kind === 'person').length;
  heading(`花名册 import: a messy ${size.toLocaleString('en-US')}-member roster as .xlsx`);
  line('file', `${(content.length / 1024).toFixed(0)} KiB`);
  line('sheet rows (members, bad rows, layout rows)', roster.grid.length.toLocaleString('en-US'));
  line('rows that make a member', people.toLocaleString('en-US'));

  const dir = mkdtempSync(join(tmpdir(), 'doorstep-roster-bench-'));
  try {
    await onDatabase('SQLite', openStorage({ dataDir: dir }), content, size, roster.headerRow, runs);
    const postgresUrl = process.env.BENCH_POSTGRES_URL;
    if (postgresUrl) await onDatabase('PostgreSQL', openStorage({ dataDir: dir, databaseUrl: postgresUrl }), content, size, roster.headerRow, runs);
    else line('PostgreSQL', 'skipped (set BENCH_POSTGRES_URL)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function onDatabase(label: string, storage: Storage, content: Buffer, size: number, headerRow: number, runs: number): Promise<void> {
  const db = storage.db;
  try {
    await migrateToLatest(db);
    const street = await createStreet(db, '基准街道');
    const community = async () => {
      const created = await createCommunity(db, street.id, `基准社区${randomUUID().slice(0, 6)}`);
      const first = await createBranch(db, created.id, 'established', '第一党支部');
      await createBranch(db, created.id, 'established', '第二党支部');
      await createBranch(db, created.id, 'non_established', '离退休干部党支部');
      return { id: created.id, defaultBranchId: first.id };
    };
    const upload = (place: { id: string; defaultBranchId: string }): RosterUpload => ({
      communityId: place.id,
      actorId: null,
      fileName: '花名册.xlsx',
      content,
      defaultBranchId: place.defaultBranchId,
      today: TODAY,
    });
    const timed = async <T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> => {
      const started = performance.now();
      const result = await fn();
      return { ms: performance.now() - started, result };
    };

    const floorMs: number[] = [];
    const floorReadMs: number[] = [];
    const dryMs: number[] = [];
    const importMs: number[] = [];
    const againMs: number[] = [];
    let created = 0;
    for (let run = 0; run < runs; run++) {
      const scratch = await community();
      const floor = await timed(() => floorRun(storage, content, headerRow, scratch.id));
      floorMs.push(floor.ms);
      floorReadMs.push(floor.result);

      const place = await community();
      dryMs.push((await timed(() => previewRoster(db, upload(place)))).ms);
      const imported = await timed(() => importRoster(db, upload(place)));
      importMs.push(imported.ms);
      created = imported.result.summary.created;
      const again = await timed(() => importRoster(db, upload(place)));
      if (again.result.summary.unchanged !== created) throw new Error('the second import of the same file changed members');
      againMs.push(again.ms);
    }

    const rate = (ms: number) => `${Math.round(size / (ms / 1000)).toLocaleString('en-US')} rows/s`;
    const floor = median(floorMs);
    const against = (ms: number) => ({ value: ms / floor, against: 'the floor' });
    heading(`  ${label}: median of ${runs} runs`);
    line('floor: exceljs read + bulk insert, no checks', `${(floor / 1000).toFixed(2)} s`);
    line('  of which reading the .xlsx', `${(median(floorReadMs) / 1000).toFixed(2)} s`);
    line('  floor rate', rate(floor));
    const dry = median(dryMs);
    line('dry run (preview)', `${(dry / 1000).toFixed(2)} s`, { ...against(dry), goal: '< 10 s' });
    line('  dry run rate', rate(dry));
    const imported = median(importMs);
    line(`import into an empty community (${created.toLocaleString('en-US')} created)`, `${(imported / 1000).toFixed(2)} s`, { ...against(imported), goal: '< 10 s' });
    line('  import rate', rate(imported));
    const again = median(againMs);
    line('the same file again (all unchanged)', `${(again / 1000).toFixed(2)} s`, against(again));
    line('  re-import rate', rate(again));
  } finally {
    await storage.close();
  }
}

/**
 * The floor: the sheet read with exceljs into arrays of cells, then every row below the header inserted as a
 * member row, its text taken from the cells as they are. Returns the reading's share in ms.
 */
async function floorRun(storage: Storage, content: Buffer, headerRow: number, communityId: string): Promise<number> {
  const started = performance.now();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0]!;
  const rows: RosterCell[][] = [];
  sheet.eachRow((row, n) => {
    if (n <= headerRow) return;
    const cells: RosterCell[] = [];
    row.eachCell((cell, c) => {
      cells[c - 1] = cell.value as RosterCell;
    });
    rows.push(cells);
  });
  const readMs = performance.now() - started;
  const text = (cell: RosterCell | undefined) => (cell === null || cell === undefined ? '' : String(cell)).slice(0, 200);
  const now = new Date().toISOString();
  const members: MembersTable[] = rows.map((cells) => ({
    id: randomUUID(),
    community_id: communityId,
    branch_id: null,
    name: text(cells[1]),
    gender: 'female',
    birth_date: text(cells[2]),
    phone: text(cells[3]),
    address_compound: text(cells[4]),
    address_building: text(cells[5]),
    address_unit: text(cells[6]),
    address_room: text(cells[7]),
    family_name: null,
    family_relation: null,
    family_phone: null,
    is_party_member: 0,
    joined_party_on: null,
    risk_living_alone: 0,
    risk_empty_nest: 0,
    risk_bedridden: 0,
    risk_disabled: 0,
    status: 'active',
    died_on: null,
    away_place: null,
    away_expected_return: null,
    hobbies: '[]',
    service_needs: '[]',
    notes: text(cells[8]),
    updated_at: now,
    id_number: null,
    profile: '{}',
    dues_channel: 'this_branch',
    proposed_base_fen: null,
    away_from: null,
    away_phone: null,
    transfer: null,
  }));
  await storage.db.transaction().execute((trx) => insertRows(trx, 'members', members));
  return readMs;
}

/** The generated sheet as an office's .xlsx: cells as the generator made them (text, numbers, date cells). */
async function workbookBytes(grid: readonly (readonly RosterCell[])[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('花名册');
  grid.forEach((row, r) => {
    row.forEach((value, c) => {
      if (value !== null && value !== '') sheet.getCell(r + 1, c + 1).value = value;
    });
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
