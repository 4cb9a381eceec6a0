import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RosterImportReport, type Member, type RowStatus } from '../../src/domain';
import { isBlankCell } from '../../src/domain/roster/roster-text';
import { runCli } from '../../src/server/cli/run-cli';
import { memberFromRow } from '../../src/server/storage/rows';
import { messyRoster, type ExpectedRosterRow, type MessyRoster } from '../support/messy-roster';
import { backends, bearer, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';
import { newCommunity } from './roster-office-sheet';
import { gridXlsx } from './roster-support';

const SEEDS = [11, 23, 37, 41];
const SIZE = 150;
/**
 * The route and the CLI read today from the clock (Asia/Shanghai), so the sheets are generated for that day:
 * a 冬季在三亚 remark is away in winter only, a death or a window is dated from it.
 */
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

interface Outcome {
  status: RowStatus;
  duplicateOf?: number;
}

/**
 * What the server must answer for each row, worked out here from the generator's expectations and the rule of
 * duplicates (the same ID; or, where either row has none, the same name and birth date): the first listing
 * stands, later ones are duplicates of it.
 */
function outcomes(expected: readonly ExpectedRosterRow[]): Outcome[] {
  const byId = new Map<string, number>();
  const byNameBirth = new Map<string, { row: number; hasId: boolean }[]>();
  return expected.map((e): Outcome => {
    if (e.kind === 'ignored') return { status: 'ignored' };
    if (e.kind === 'rejected') return { status: 'rejected' };
    if (e.duplicateOf !== undefined) return { status: 'duplicate', duplicateOf: e.duplicateOf };
    const id = e.idNumber ?? null;
    if (id !== null && byId.has(id)) return { status: 'duplicate', duplicateOf: byId.get(id)! };
    const key = `${e.draft!.name}|${e.draft!.birthDate}`;
    const same = (byNameBirth.get(key) ?? []).find((first) => id === null || !first.hasId);
    if (same) return { status: 'duplicate', duplicateOf: same.row };
    if (id !== null) byId.set(id, e.row);
    byNameBirth.set(key, [...(byNameBirth.get(key) ?? []), { row: e.row, hasId: id !== null }]);
    return { status: 'created' };
  });
}

describe.each(backends)('messy generated rosters imported through the route and the CLI on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let dir: string;

  beforeAll(async () => {
    backend = await createBackend(kind);
    app = await buildTestApp(backend);
    dir = mkdtempSync(join(tmpdir(), 'doorstep-messy-'));
  });
  afterAll(async () => {
    await app.close();
    await backend.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The member a person row must have made: the generator's draft, placed by the server's rules. */
  function expectMember(stored: Member, idNumber: string | null, e: ExpectedRosterRow, roster: MessyRoster, place: Awaited<ReturnType<typeof newCommunity>>) {
    const draft = e.draft!;
    const branches = [place.first, place.second, place.nonEstablished];
    const branch = !draft.isPartyMember ? null : draft.branchName ? branches.find((b) => b.name === draft.branchName)! : place.first;
    const relationColumn = roster.columns.indexOf('partyRelation');
    const states = relationColumn >= 0 && !isBlankCell(roster.grid[e.row - 1]![relationColumn]);
    const channel = states ? draft.duesChannel : branch?.branchType === 'non_established' ? 'original_unit' : 'this_branch';
    const where = `row ${e.row}`;
    expect(idNumber, where).toBe(draft.idNumber ?? null);
    expect(stored, where).toMatchObject({
      name: draft.name,
      gender: draft.gender,
      birthDate: draft.birthDate,
      phone: draft.phone,
      address: draft.address,
      isPartyMember: draft.isPartyMember,
      joinedPartyOn: draft.joinedPartyOn,
      branchId: branch?.id ?? null,
      duesChannel: channel,
      proposedBaseFen: draft.isPartyMember && channel === 'this_branch' ? draft.pensionFen : null,
      status: draft.status ?? 'active',
      diedOn: draft.diedOn ?? null,
      away: draft.away ?? null,
      risks: { livingAlone: false, emptyNest: false, bedridden: false, disabled: false, ...draft.risks },
      profile: { ethnicity: draft.ethnicity, formerUnit: draft.formerUnit, formerPosition: draft.formerPosition, retirement: draft.retirement },
      ...(draft.familyContact !== undefined ? { familyContact: draft.familyContact } : {}),
    });
  }

  it.each(SEEDS)('seed %i: every row as expected, then a re-import changes nothing; the CLI reports the same', async (seed) => {
    const db = backend.storage.db;
    const place = await newCommunity(db, `社区${seed}`);
    const token = await loginAs(app, place.admin.username, 'admin-pass-1');
    const roster = messyRoster(seed, SIZE, { today });
    const content = await gridXlsx(roster.grid);
    const payload = { fileName: `花名册-${seed}.xlsx`, contentBase64: content.toString('base64'), defaultBranchId: place.first.id };
    const post = async (path: string) => {
      const answer = await app.inject({ method: 'POST', url: `/api/admin/roster/${path}`, headers: bearer(token), payload });
      expect(answer.statusCode, answer.body.slice(0, 500)).toBe(200);
      return RosterImportReport.parse(answer.json());
    };

    const wanted = outcomes(roster.expected);
    const dry = await post('preview');
    expect(dry.headerRow).toBe(roster.headerRow);
    expect(dry.rows.map((r) => r.row)).toEqual(roster.expected.map((e) => e.row));
    for (const [i, e] of roster.expected.entries()) {
      const got = dry.rows[i]!;
      const where = `seed ${seed} row ${e.row}: ${JSON.stringify(got)}`;
      expect({ status: got.status, duplicateOf: got.duplicateOf }, where).toEqual(wanted[i]);
      if (e.kind !== 'person' && e.reasonIncludes) expect(got.reasons?.join('；'), where).toContain(e.reasonIncludes);
      if (e.kind === 'person' && wanted[i]!.status === 'created') expect(got.name, where).toBe(e.draft!.name);
    }

    const imported = await post('import');
    expect(imported.rows.map((r) => [r.row, r.status, r.duplicateOf])).toEqual(dry.rows.map((r) => [r.row, r.status, r.duplicateOf]));
    const rows = await db.selectFrom('members').selectAll().where('community_id', '=', place.community.id).execute();
    const byId = new Map(rows.map((row) => [row.id, row]));
    const created = imported.rows.filter((r) => r.status === 'created');
    expect(rows).toHaveLength(created.length);
    for (const row of created) {
      const e = roster.expected.find((x) => x.row === row.row)!;
      const stored = byId.get(row.memberId!)!;
      expectMember(memberFromRow(stored), stored.id_number, e, roster, place);
    }

    const again = await post('import');
    expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: created.length });
    expect(again.rows.map((r) => [r.row, r.status === 'unchanged' ? 'created' : r.status, r.memberId ?? null])).toEqual(
      imported.rows.map((r) => [r.row, r.status, r.status === 'created' || r.status === 'unchanged' ? r.memberId : null]),
    );

    // The CLI on the same file: the same rows, the same outcomes (now unchanged rather than created).
    const path = join(dir, `花名册-${seed}.xlsx`);
    writeFileSync(path, content);
    let out = '';
    const code = await runCli(['import-roster', '--community', place.community.id, '--file', path, '--branch', place.first.id, '--dry-run', '--json'], {
      out: (text) => (out += text),
      err: () => {},
      readPassword: async () => '',
      env: backend.env,
    });
    expect(code).toBe(0);
    const cli = JSON.parse(out) as { rows: { row: number; status: string; duplicateOf?: number }[] };
    expect(cli.rows.map((r) => [r.row, r.status === 'unchanged' ? 'created' : r.status, r.duplicateOf])).toEqual(wanted.map((w, i) => [roster.expected[i]!.row, w.status, w.duplicateOf]));
  });
});
