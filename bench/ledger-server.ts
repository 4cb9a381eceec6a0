import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { computeBranchLedger, type LedgerEntry, type LedgerInput } from '../src/domain';
import { ledgerInput } from '../src/server/services/ledger';
import { migrateToLatest, openStorage } from '../src/server/storage';
import { makeLedgerInput } from './browser/ledger-bench';
import { heading, line, median } from './report';

/**
 * The server's branch ledgers for a whole district against a floor, on one temporary SQLite database:
 *
 * - the service: per branch, read the members, 核定, payments, adjustments, resolutions and excuses with the
 *   service's own queries (ledgerInput) and derive the ledger with the domain's computeBranchLedger — what
 *   GET /api/branches/:id/ledger does, minus HTTP;
 * - the floor: one raw better-sqlite3 `SELECT member_id, month, SUM(…) … GROUP BY` over the same rows (every
 *   allocation share, adjustment and resolution), which gives each member-month's paid amount and nothing
 *   else — no expected dues, states, arrears or duplicates.
 *
 * Both totals of paid money over the range must agree, so the two looked at the same books. The books are
 * the domain benchmark's (bench/browser/ledger-bench.ts): monthly payers, quarterly and half-yearly
 * prepayments, members falling behind, reversals paid again, months paid twice and resolved, adjustments.
 */
export async function benchLedgerServer(options: { branches?: number; membersPerBranch?: number; months?: number; runs?: number } = {}): Promise<void> {
  const branches = options.branches ?? 200;
  const perBranch = options.membersPerBranch ?? 50;
  const monthCount = options.months ?? 24;
  const runs = options.runs ?? 3;
  heading(`Server branch ledgers: ${branches} branches × ${perBranch} members × ${monthCount} months (SQLite)`);

  const dir = mkdtempSync(join(tmpdir(), 'doorstep-ledger-bench-'));
  const storage = openStorage({ dataDir: dir });
  try {
    await migrateToLatest(storage.db);
    const books = Array.from({ length: branches }, (_, i) => makeLedgerInput(perBranch, monthCount, i + 1));
    const started = performance.now();
    const { branchIds, rows } = insertDistrict(storage.location, books);
    line('bulk insert of the district', `${((performance.now() - started) / 1000).toFixed(1)} s`);
    line('rows (members, 核定, payments + months, corrections)', rows.toLocaleString('en-US'));

    const range = { from: books[0]!.from, to: books[0]!.to, asOf: books[0]!.asOf };
    const service = async () => {
      let paid = 0;
      let readMs = 0;
      const begun = performance.now();
      for (const branchId of branchIds) {
        const readStarted = performance.now();
        const input = await ledgerInput(storage.db, branchId, range);
        readMs += performance.now() - readStarted;
        paid += computeBranchLedger(input).paidTotalFen;
      }
      return { ms: performance.now() - begun, readMs, paid };
    };
    const raw = new Database(storage.location, { readonly: true });
    const floorQuery = raw.prepare(FLOOR_SQL);
    const floor = () => {
      const begun = performance.now();
      const sums = floorQuery.all(range.from, range.to) as { member_id: string; month: string; paid: number }[];
      const paid = sums.reduce((total, r) => total + r.paid, 0);
      return { ms: performance.now() - begun, paid, cells: sums.length };
    };

    await service();
    floor();
    const serviceMs: number[] = [];
    const readMs: number[] = [];
    const floorMs: number[] = [];
    let servicePaid = 0;
    let floorPaid = 0;
    let cells = 0;
    for (let run = 0; run < runs; run++) {
      const s = await service();
      const f = floor();
      serviceMs.push(s.ms);
      readMs.push(s.readMs);
      floorMs.push(f.ms);
      servicePaid = s.paid;
      floorPaid = f.paid;
      cells = f.cells;
    }
    raw.close();
    if (servicePaid !== floorPaid) throw new Error(`ledger and floor disagree on the money paid: ${servicePaid} vs ${floorPaid} fen`);

    const serviceMedian = median(serviceMs);
    const floorMedian = median(floorMs);
    line('floor: one GROUP BY over the district', `${floorMedian.toFixed(0)} ms`);
    line(`  member-months summed`, cells.toLocaleString('en-US'));
    line('service: read + computeBranchLedger per branch', `${serviceMedian.toFixed(0)} ms`, { value: serviceMedian / floorMedian, against: 'the floor' });
    line('  of which reading the database', `${median(readMs).toFixed(0)} ms`);
    line('  per branch (one GET …/ledger without HTTP)', `${(serviceMedian / branches).toFixed(1)} ms`);
    line('paid over the range, both sides', `${(servicePaid / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })} 元`);
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Paid per member-month from the stored rows alone: allocation shares, adjustments, resolutions (out and credited). */
const FLOOR_SQL = `
  select member_id, month, sum(fen) as paid from (
    select p.member_id, json_extract(a.value, '$.month') as month, json_extract(a.value, '$.amountFen') as fen
      from dues_payments p, json_each(p.data, '$.allocation') a
    union all select member_id, month, amount_fen from dues_adjustments
    union all select member_id, month, -amount_fen from duplicate_resolutions
    union all select member_id, json_extract(data, '$.creditMonth'), amount_fen from duplicate_resolutions
      where json_extract(data, '$.action') = 'credit'
  ) where month between ? and ? group by member_id, month`;

/**
 * Writes the district with prepared statements in one transaction on a second connection (what a bulk load
 * would do), each branch's books under a branch id of its own. Foreign keys are checked per connection and
 * are off on this one: the rows are generated consistent, and order of insertion then does not matter.
 */
function insertDistrict(file: string, books: readonly LedgerInput[]): { branchIds: string[]; rows: number } {
  const sqlite = new Database(file);
  sqlite.pragma('foreign_keys = OFF');
  // A throwaway database: no fsync, and the whole transaction's pages in memory until it commits.
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -262144');
  const at = '2026-01-01T00:00:00.000Z';
  const org = sqlite.prepare('insert into organisations (id, kind, name, parent_id, branch_type, created_at) values (?, ?, ?, ?, ?, ?)');
  const member = sqlite.prepare(
    `insert into members (id, community_id, branch_id, name, gender, birth_date, address_compound, address_building, address_unit,
       address_room, is_party_member, joined_party_on, risk_living_alone, risk_empty_nest, risk_bedridden, risk_disabled, status, updated_at)
     values (?, ?, ?, ?, 'female', '1945-06-01', '光明花园', '1', '1', '101', 1, '1970-07-01', 0, 0, 0, 0, 'active', ?)`,
  );
  const assessment = sqlite.prepare(
    'insert into dues_assessments (id, member_id, branch_id, year, effective_from, content_hash, data, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const payment = sqlite.prepare(
    'insert into dues_payments (id, member_id, branch_id, kind, reverses, amount_fen, content_hash, data, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const paymentMonth = sqlite.prepare('insert into dues_payment_months (payment_id, month, member_id, branch_id) values (?, ?, ?, ?)');
  const adjustment = sqlite.prepare(
    'insert into dues_adjustments (id, member_id, branch_id, month, amount_fen, content_hash, data, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const resolution = sqlite.prepare(
    'insert into duplicate_resolutions (id, member_id, branch_id, month, payment_id, amount_fen, content_hash, data, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );

  const branchIds: string[] = [];
  let rows = 0;
  sqlite.transaction(() => {
    const street = randomUUID();
    const community = randomUUID();
    org.run(street, 'street', '基准街道', null, null, at);
    org.run(community, 'community', '基准社区', street, null, at);
    for (const [index, input] of books.entries()) {
      const branchId = randomUUID();
      branchIds.push(branchId);
      org.run(branchId, 'branch', `第${index + 1}党支部`, community, 'established', at);
      for (const m of input.members) member.run(m.id, community, branchId, m.name, at);
      for (const a of input.assessments) {
        const record = { ...a, branchId };
        assessment.run(a.id, a.memberId, branchId, a.year, a.effectiveFrom, 'bench', JSON.stringify(record), at);
      }
      for (const e of input.entries) writeEntry(e, branchId);
      rows += 1 + input.members.length + input.assessments.length + input.entries.length;
    }
  })();
  sqlite.close();
  return { branchIds, rows };

  function writeEntry(e: LedgerEntry, branchId: string): void {
    // Stored as a device pushes it: the domain record without the ledger's kind tag.
    const { entry: _kind, ...fields } = e;
    const data = JSON.stringify({ ...fields, branchId });
    switch (e.entry) {
      case 'payment':
        payment.run(e.id, e.memberId, branchId, e.kind, e.reverses, e.amountFen, 'bench', data, e.recordedAt);
        for (const month of e.months) paymentMonth.run(e.id, month, e.memberId, branchId);
        return;
      case 'adjustment':
        adjustment.run(e.id, e.memberId, branchId, e.month, e.amountFen, 'bench', data, e.recordedAt);
        return;
      case 'resolution':
        resolution.run(e.id, e.memberId, branchId, e.month, e.paymentId, e.amountFen, 'bench', data, e.recordedAt);
        return;
    }
  }
}
