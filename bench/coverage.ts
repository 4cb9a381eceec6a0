import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import {
  Coverage,
  EMPTY_PROFILE,
  REACHED_OUTCOMES,
  addMonths,
  inPersonTypes,
  monthInShanghai,
  monthInstants,
  type Member,
  type Visit,
  type VisitOutcome,
  type VisitType,
} from '../src/domain';
import { buildApp } from '../src/server/app';
import { createRandom } from '../src/server/demo/prng';
import { createBranch, createCommunity, createStreet } from '../src/server/services/organisations';
import { createUser } from '../src/server/services/users';
import { insertRows } from '../src/server/storage/bulk-insert';
import { memberToRow } from '../src/server/storage/rows';
import { migrateToLatest, openStorage, type Db, type Storage } from '../src/server/storage';
import type { PairingsTable, SyncClientsTable, UsersTable, VisitsTable } from '../src/server/storage/tables';
import { heading, line, median } from './report';

const DAY_MS = 86_400_000;
const PASSWORD = 'bench-coverage-1';

/**
 * Coverage of a district (issue 12): 10,000 members in one community (the largest answer one request gives) with
 * 250,000 visits over the last two years, read for the last complete month through GET /api/coverage over HTTP
 * (a real listening server, fetch, JSON), beside a floor from the same run on the same database:
 *
 * - the floor: one raw `GROUP BY member_id` over the same rows — every visit in person that reached the member up
 *   to the month's end, giving each member's last one before the month and whether one fell in it — and nothing
 *   else: no tiers, settings, due or overdue, pairings, workers, devices or branches;
 * - /api/coverage, the contract; its `community.visited` must equal the floor's count of members visited, so the
 *   two looked at the same visits. For reference, /api/coverage/history (12 months) and /not-visited.
 *
 * The generated community: 20 branches, a worker for every 60 members (each member's primary), one device per
 * worker; members high / key / general risk about 20 / 40 / 40 %, 3 % away, 2 % deceased within the two years;
 * visits weighted by tier, 20 % phone or video, 8 % nobody home, 1 % amended. SQLite always; PostgreSQL too when
 * BENCH_POSTGRES_URL names a database the bench may write to (its rows are deleted again at the end). Goal:
 * /api/coverage under 300 ms on both.
 */
export async function benchCoverage(options: { members?: number; visits?: number; runs?: number } = {}): Promise<void> {
  const members = options.members ?? 10_000;
  const visits = options.visits ?? 250_000;
  const runs = options.runs ?? 7;
  heading(`Coverage (月探访率): ${members.toLocaleString('en-US')} members, ${visits.toLocaleString('en-US')} visits over two years`);
  line('load average (1 min) at the start', `${loadavg()[0]!.toFixed(2)} on ${availableParallelism()} CPUs`);
  const dir = mkdtempSync(join(tmpdir(), 'doorstep-coverage-bench-'));
  try {
    await onDatabase('SQLite', openStorage({ dataDir: dir }), members, visits, runs);
    const postgresUrl = process.env.BENCH_POSTGRES_URL;
    if (postgresUrl) await onDatabase('PostgreSQL', openStorage({ dataDir: dir, databaseUrl: postgresUrl }), members, visits, runs);
    else line('PostgreSQL', 'skipped (set BENCH_POSTGRES_URL)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function onDatabase(label: string, storage: Storage, memberCount: number, visitCount: number, runs: number): Promise<void> {
  const db = storage.db;
  let district: District | null = null;
  try {
    await migrateToLatest(db);
    const started = performance.now();
    district = await generateDistrict(db, memberCount, visitCount);
    // PostgreSQL's autovacuum vacuums and analyses a table within a minute of an insert this size (its visibility
    // map is what lets a scan read the index alone): done at once here, so the figures do not depend on when it
    // runs. SQLite gets no ANALYZE, as the server never runs one.
    if (storage.kind === 'postgres') await sql`VACUUM ANALYZE`.execute(db);
    heading(`  ${label}`);
    line('bulk insert of the community', `${((performance.now() - started) / 1000).toFixed(1)} s`);

    const app = await buildApp({ storage, sessionTtlHours: 1, loginRateLimit: { max: 1000, windowMs: 60_000 }, staticDir: null });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const token = await login(url, district.adminUsername);
      const secretaryToken = await login(url, district.secretaryUsername);
      const month = addMonths(monthInShanghai(new Date().toISOString()), -1);
      const get = async (path: string, bearer = token) => {
        const begun = performance.now();
        const cpu = process.cpuUsage();
        const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
        const body: unknown = await response.json();
        if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
        const used = process.cpuUsage(cpu);
        return { ms: performance.now() - begun, cpuMs: (used.user + used.system) / 1000, body };
      };
      const floor = async () => {
        const begun = performance.now();
        const counted = await floorQuery(db, district!.communityId, month);
        return { ms: performance.now() - begun, ...counted };
      };

      // Warm both (statements prepared, pages cached), then alternate them.
      await get(`/api/coverage?month=${month}`);
      await floor();
      const coverageMs: number[] = [];
      const coverageCpuMs: number[] = [];
      const floorMs: number[] = [];
      let answer: Coverage | null = null;
      let floorCount = { members: 0, visited: 0 };
      for (let run = 0; run < runs; run++) {
        const got = await get(`/api/coverage?month=${month}`);
        coverageMs.push(got.ms);
        coverageCpuMs.push(got.cpuMs);
        answer = Coverage.parse(got.body);
        const f = await floor();
        floorMs.push(f.ms);
        floorCount = { members: f.members, visited: f.visited };
      }
      if (answer!.community.visited !== floorCount.visited) {
        throw new Error(`coverage counted ${answer!.community.visited} members visited, the floor ${floorCount.visited}`);
      }
      const historyMs: number[] = [];
      const notVisitedMs: number[] = [];
      const secretaryMs: number[] = [];
      for (let run = 0; run < Math.min(runs, 3); run++) {
        historyMs.push((await get(`/api/coverage/history?month=${month}&months=12`)).ms);
        notVisitedMs.push((await get(`/api/coverage/not-visited?month=${month}`)).ms);
        secretaryMs.push((await get(`/api/coverage?month=${month}`, secretaryToken)).ms);
      }

      const c = answer!.community;
      const floorMedian = median(floorMs);
      line(`month ${month}: members in care / due / visited`, `${c.members} / ${c.due} / ${c.visited}`);
      line('  high risk due / visited', `${c.highRisk.members} / ${c.highRisk.visited}`);
      line(`floor: one raw GROUP BY (${floorCount.members.toLocaleString('en-US')} members)`, `${floorMedian.toFixed(1)} ms`);
      const coverage = median(coverageMs);
      line(`GET /api/coverage (${answer!.workers.length} workers, ${answer!.branches.length} branches)`, `${coverage.toFixed(1)} ms`, {
        value: coverage / floorMedian,
        against: 'the floor',
        goal: '< 300 ms',
      });
      line('  slowest of the runs', `${Math.max(...coverageMs).toFixed(1)} ms`);
      // Wall time follows the machine's load; this process's CPU time much less (on SQLite it is all the work).
      line('  CPU time of this process per request', `${median(coverageCpuMs).toFixed(1)} ms`);
      line('GET /api/coverage as a branch secretary', `${median(secretaryMs).toFixed(1)} ms`);
      line('GET /api/coverage/history (12 months)', `${median(historyMs).toFixed(1)} ms`, { value: median(historyMs) / floorMedian, against: 'the floor' });
      line('GET /api/coverage/not-visited', `${median(notVisitedMs).toFixed(1)} ms`, { value: median(notVisitedMs) / floorMedian, against: 'the floor' });
    } finally {
      await app.close();
    }
  } finally {
    if (district !== null && storage.kind === 'postgres') await removeDistrict(db, district);
    await storage.close();
  }
}

async function login(url: string, username: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!response.ok) throw new Error(`login as ${username}: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/**
 * The floor: per member, the last visit in person that reached them before the month and whether one fell in the
 * month, in one GROUP BY over the visits up to the month's end (amended ones left out, as coverage does).
 */
async function floorQuery(db: Db, communityId: string, month: string): Promise<{ members: number; visited: number }> {
  const { from, to } = monthInstants(month);
  const { rows } = await sql<{ member_id: string; last_before: string | null; visited: number | string }>`
    SELECT v.member_id,
           MAX(CASE WHEN v.occurred_at < ${from} THEN v.occurred_at END) AS last_before,
           MAX(CASE WHEN v.occurred_at >= ${from} THEN 1 ELSE 0 END) AS visited
      FROM visits v JOIN members m ON m.id = v.member_id
     WHERE m.community_id = ${communityId}
       AND v.occurred_at < ${to}
       AND v.visit_type IN (${sql.join([...inPersonTypes])})
       AND v.visit_outcome IN (${sql.join([...REACHED_OUTCOMES])})
       AND v.id NOT IN (SELECT a.amends FROM visits a WHERE a.amends IS NOT NULL)
     GROUP BY v.member_id`.execute(db);
  return { members: rows.length, visited: rows.filter((r) => Number(r.visited) === 1).length };
}

interface District {
  streetId: string;
  communityId: string;
  branchIds: string[];
  userIds: string[];
  adminUsername: string;
  secretaryUsername: string;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林'];
const GIVEN = ['秀英', '桂兰', '建国', '淑珍', '玉兰', '德明', '国华', '振华', '凤英', '志强', '春生', '丽华'];

function pickVisitType(r: ReturnType<typeof createRandom>): VisitType {
  const x = r.next();
  if (x < 0.6) return 'regular';
  if (x < 0.75) return 'phone';
  if (x < 0.8) return 'video';
  if (x < 0.87) return 'festival';
  if (x < 0.93) return 'sick';
  if (x < 0.97) return 'hardship';
  return 'study_delivery';
}

function pickOutcome(r: ReturnType<typeof createRandom>, type: VisitType): VisitOutcome {
  const x = r.next();
  if (x < 0.08 && type !== 'phone' && type !== 'video') return 'not_home';
  if (x < 0.13) return 'in_hospital';
  return 'met';
}

async function generateDistrict(db: Db, memberCount: number, visitCount: number): Promise<District> {
  const r = createRandom(20_261_205);
  const tag = randomUUID().slice(0, 8);
  const now = Date.now();
  const nowIso = new Date(now).toISOString();
  const spanStart = now - 730 * DAY_MS;
  const street = await createStreet(db, `基准街道${tag}`);
  const community = await createCommunity(db, street.id, `基准社区${tag}`);
  const branchIds: string[] = [];
  for (let b = 0; b < 20; b++) branchIds.push((await createBranch(db, community.id, 'established', `第${b + 1}党支部`)).id);

  const admin = await createUser(db, { username: `cov-admin-${tag}`, password: PASSWORD, displayName: '基准管理员', role: 'admin', communityId: community.id, branchId: null });
  const secretary = await createUser(db, {
    username: `cov-sec-${tag}`,
    password: PASSWORD,
    displayName: '基准书记',
    role: 'secretary',
    communityId: community.id,
    branchId: branchIds[0]!,
  });
  const { password_hash } = await db.selectFrom('users').select('password_hash').where('id', '=', admin.id).executeTakeFirstOrThrow();
  const workerCount = Math.ceil(memberCount / 60);
  const workers: UsersTable[] = Array.from({ length: workerCount }, (_, w) => ({
    id: randomUUID(),
    username: `cov-w${w}-${tag}`,
    display_name: `社工${String(w + 1).padStart(3, '0')}`,
    role: 'worker',
    community_id: community.id,
    branch_id: null,
    password_hash,
    disabled: 0,
    created_at: nowIso,
    last_login_at: null,
  }));
  await db.transaction().execute((trx) => insertRows(trx, 'users', workers));
  const devices: SyncClientsTable[] = workers.map((w) => {
    const pending = r.chance(0.3) ? r.int(1, 40) : 0;
    return {
      client_id: randomUUID(),
      user_id: w.id,
      last_settled_seq: r.int(10, 5000),
      updated_at: nowIso,
      last_sync_at: new Date(now - r.int(0, 72 * 3600) * 1000).toISOString(),
      unsent: pending,
      oldest_pending_at: pending > 0 ? new Date(now - r.int(0, 96 * 3600) * 1000).toISOString() : null,
      app_version: r.chance(0.9) ? '0.1.0' : '0.0.9',
    };
  });
  await db.transaction().execute((trx) => insertRows(trx, 'sync_clients', devices));

  // Members: their tier decides how often they are visited; the deceased are visited only while alive.
  const people: { member: Member; weight: number; endsAt: number; workerId: string }[] = [];
  for (let i = 0; i < memberCount; i++) {
    const tier = r.next();
    const high = tier < 0.2;
    const key = !high && tier < 0.6;
    const old = high ? r.chance(0.5) : key && r.chance(0.5);
    const birthYear = old ? r.int(1930, 1944) : r.int(1950, 1962);
    const deceased = r.chance(0.02);
    const away = !deceased && r.chance(0.03);
    const diedAt = deceased ? spanStart + r.next() * (now - spanStart) : now;
    const branchId = r.chance(0.9) ? branchIds[i % branchIds.length]! : null;
    const member: Member = {
      id: randomUUID(),
      communityId: community.id,
      branchId,
      name: `${r.pick(SURNAMES)}${r.pick(GIVEN)}`,
      gender: r.chance(0.5) ? 'female' : 'male',
      birthDate: `${birthYear}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`,
      phone: `139${String(r.int(10_000_000, 99_999_999))}`,
      address: { compound: '基准小区', building: String(r.int(1, 40)), unit: String(r.int(1, 6)), room: String(r.int(101, 602)) },
      familyContact: null,
      isPartyMember: branchId !== null,
      joinedPartyOn: branchId !== null ? `${birthYear + 22}-07-01` : null,
      risks: { livingAlone: high && !old ? false : r.chance(high ? 0.9 : key ? 0.4 : 0), emptyNest: key && r.chance(0.4), bedridden: high && !old, disabled: key && r.chance(0.2) },
      status: deceased ? 'deceased' : away ? 'away' : 'active',
      diedOn: deceased ? new Date(diedAt + 8 * 3600_000).toISOString().slice(0, 10) : null,
      away: away ? { place: '海南', from: new Date(now - r.int(40, 300) * DAY_MS).toISOString().slice(0, 10), expectedReturn: null, phone: null } : null,
      transfer: null,
      profile: EMPTY_PROFILE,
      duesChannel: 'this_branch',
      proposedBaseFen: null,
      hobbies: [],
      serviceNeeds: [],
      notes: '',
      updatedAt: nowIso,
    };
    people.push({ member, weight: high ? 4 : key ? 2 : 1, endsAt: diedAt, workerId: workers[Math.floor(i / 60)]!.id });
  }
  await db.transaction().execute((trx) => insertRows(trx, 'members', people.map((p) => memberToRow(p.member))));
  const pairings: PairingsTable[] = people.map((p) => ({
    id: randomUUID(),
    worker_id: p.workerId,
    member_id: p.member.id,
    role: 'primary',
    since: new Date(spanStart - 30 * DAY_MS).toISOString(),
    ended_at: null,
  }));
  await db.transaction().execute((trx) => insertRows(trx, 'pairings', pairings));

  // Visits: a member drawn by weight, a time in the two years (before a death), one in a hundred amended.
  const cumulative: number[] = [];
  let total = 0;
  for (const p of people) cumulative.push((total += p.weight));
  const draw = (): (typeof people)[number] => {
    const x = r.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return people[lo]!;
  };
  let batch: VisitsTable[] = [];
  const flush = async () => {
    const rows = batch;
    batch = [];
    await db.transaction().execute((trx) => insertRows(trx, 'visits', rows));
  };
  let previous: Visit | null = null;
  for (let i = 0; i < visitCount; i++) {
    const amend = previous !== null && r.chance(0.01);
    const person = amend ? people.find((p) => p.member.id === previous!.memberId)! : draw();
    const type = pickVisitType(r);
    const outcome = pickOutcome(r, type);
    const at = amend ? Date.parse(previous!.occurredAt) : spanStart + r.next() * (person.endsAt - spanStart);
    const occurredAt = new Date(at).toISOString();
    const met = outcome === 'met';
    const reached = outcome === 'met' || outcome === 'in_hospital';
    const visit: Visit = {
      id: randomUUID(),
      memberId: person.member.id,
      visitorIds: r.chance(0.15) ? [person.workerId, workers[r.int(0, workers.length - 1)]!.id].filter((id, n, all) => all.indexOf(id) === n) : [person.workerId],
      type,
      occurredAt,
      outcome,
      templateId: type,
      templateVersion: 1,
      livingSituation: met && type !== 'phone' ? '老人精神状态良好，家中整洁，子女每周探望一次。' : '',
      homeSafety: met && (type === 'regular' || type === 'hardship') ? { gas: 'ok', electricity: 'ok', heating: 'not_checked', smokeAlarm: 'present' } : null,
      needs: reached && r.chance(0.3) ? ['daily_care'] : [],
      solvedOnSpot: reached && r.chance(0.2) ? '帮助联系物业修理楼道灯。' : '',
      followUps: r.chance(0.1) ? [{ what: '联系社区医生上门测血压', owner: '社工', deadline: occurredAt.slice(0, 10), status: 'open' }] : [],
      itemsDelivered: reached && (type === 'festival' || type === 'study_delivery') ? [{ kind: 'gift', description: '米一袋、油一桶', amountFen: null }] : [],
      notes: '',
      amends: amend ? previous!.id : null,
      recordedAt: occurredAt,
      campaignId: null,
    };
    const data = JSON.stringify(visit);
    batch.push({
      id: visit.id,
      member_id: visit.memberId,
      amends: visit.amends,
      occurred_at: occurredAt,
      visit_type: type,
      visit_outcome: outcome,
      submitted_by: person.workerId,
      content_hash: visit.id,
      data,
      created_at: occurredAt,
      campaign_id: null,
    });
    previous = visit;
    if (batch.length === 5_000) await flush();
  }
  if (batch.length > 0) await flush();
  return district(street.id, community.id, branchIds, [admin.id, secretary.id, ...workers.map((w) => w.id)], tag);
}

function district(streetId: string, communityId: string, branchIds: string[], userIds: string[], tag: string): District {
  return { streetId, communityId, branchIds, userIds, adminUsername: `cov-admin-${tag}`, secretaryUsername: `cov-sec-${tag}` };
}

/** PostgreSQL's bench database is someone's: the generated community goes again. */
async function removeDistrict(db: Db, district: District): Promise<void> {
  const members = db.selectFrom('members').select('id').where('community_id', '=', district.communityId);
  await db.deleteFrom('visits').where('member_id', 'in', members).execute();
  await db.deleteFrom('pairings').where('member_id', 'in', members).execute();
  await db.deleteFrom('members').where('community_id', '=', district.communityId).execute();
  await db.deleteFrom('sync_clients').where('user_id', 'in', district.userIds).execute();
  await db.deleteFrom('sessions').where('user_id', 'in', district.userIds).execute();
  await db.deleteFrom('users').where('id', 'in', district.userIds).execute();
  await db.deleteFrom('change_log').where('branch_id', 'in', district.branchIds).execute();
  await db.deleteFrom('organisations').where('id', 'in', [...district.branchIds, district.communityId, district.streetId]).execute();
}
