import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditPage, type AuditEntry } from '../../src/domain';
import { runCli } from '../../src/server/cli/run-cli';
import { purgeAudit } from '../../src/server/services/audit';
import { call, memberInput } from './admin-support';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from './fixtures';
import { backends, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';
import { csvText, xlsxBytes } from './roster-support';
import { officeSheet } from './roster-office-sheet';
import { consent, healthNote, outbox, payment, pull, push, seedFixtureDues, statuses } from './sync-support';

/**
 * The audit trail (issue 14 §5, docs/DOMAIN.md §6): each audited change leaves one entry in the transaction of
 * the change, a pull that delivers health data leaves a view naming the members, the CLI's actions name their
 * operator, the admin reads their own community's trail only, and no entry holds a note's text.
 */
describe.each(backends)('audit trail on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let fx: Fixtures;
  const tokens: Record<string, string> = {};
  /** Text that must never reach the trail: a health note's words, a phone number typed in an edit. */
  const NOTE_TEXT = '血压偏高-夜间头晕-SECRET';
  const NEW_PHONE = '13566667777';

  const db = () => backend.storage.db;
  const rows = () => db().selectFrom('audit_log').selectAll().orderBy('at').orderBy('id').execute();
  const audit = async (token: string, query: Record<string, string | number> = {}) => {
    const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
    return call(app, token, 'GET', `/api/admin/audit?${search}`);
  };
  const entries = async (query: Record<string, string | number> = {}): Promise<AuditEntry[]> => {
    const answer = await audit(tokens.admin1!, { limit: 200, ...query });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return AuditPage.parse(answer.body).entries;
  };
  async function cli(args: string[]) {
    let out = '';
    let err = '';
    const code = await runCli([...args, '--operator', '运维-王工'], {
      out: (text) => (out += text),
      err: (text) => (err += text),
      readPassword: async () => 'correct-horse-1',
      env: backend.env,
    });
    expect(code, err).toBe(0);
    return out;
  }

  const device = outbox();
  let pushed: unknown[] = [];
  let noteId = '';
  let consentId = '';
  let paymentId = '';

  beforeAll(async () => {
    backend = await createBackend(kind);
    fx = await seedFixtures(backend.storage.db);
    await seedFixtureDues(db(), fx);
    app = await buildTestApp(backend);
    for (const username of ['worker1', 'worker2', 'secretary1', 'admin1', 'admin2']) tokens[username] = await loginAs(app, username, FIXTURE_PASSWORD);
    const w1 = fx.users.worker1.id;
    const given = consent(fx.members.m1.id, w1);
    const note = healthNote(fx.members.m1.id, given.id, w1, { note: NOTE_TEXT });
    const paid = payment(fx.members.m1.id, fx.branch1.id, w1, ['2026-01'], 2500);
    consentId = given.id;
    noteId = note.id;
    paymentId = paid.id;
    pushed = [device.add('consent.give', given), device.add('health_note.record', note), device.add('dues.record', paid)];
  });
  afterAll(async () => {
    await app.close();
    await backend.destroy();
  });

  it('records each applied push of a consent, a health note and a payment once, in its transaction', async () => {
    expect(statuses(await push(app, tokens.worker1!, device.clientId, pushed))).toEqual(['applied', 'applied', 'applied']);
    const changes = (await rows()).filter((r) => r.actor_id === fx.users.worker1.id && r.action !== 'pull');
    expect(changes.map((r) => [r.action, r.record_kind, r.record_id, r.member_id])).toEqual(
      expect.arrayContaining([
        ['consent.give', 'consent', consentId, fx.members.m1.id],
        ['health_note.record', 'health_note', noteId, fx.members.m1.id],
        ['dues.record', 'dues_payment', paymentId, fx.members.m1.id],
      ]),
    );
    expect(changes).toHaveLength(3);
    for (const row of changes) {
      expect(row).toMatchObject({ actor_role: 'worker', community_id: fx.community.id, via: 'app', actor_operator: null });
      expect(row.address).toBe('127.0.0.1');
    }
  });

  it('a duplicate push leaves no second entry', async () => {
    const before = (await rows()).length;
    expect(statuses(await push(app, tokens.worker1!, device.clientId, pushed))).toEqual(['duplicate', 'duplicate', 'duplicate']);
    // The same records under new mutation ids: duplicates by content, still nothing new.
    const again = outbox();
    const renewed = pushed.map((m) => again.add((m as { type: string }).type, (m as { record: unknown }).record));
    expect(statuses(await push(app, tokens.worker1!, again.clientId, renewed))).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect((await rows()).length).toBe(before);
  });

  it('a pull that delivers health notes and consents leaves a view per kind naming the members', async () => {
    const before = await rows();
    await pull(app, tokens.worker1!, { cursor: 0, limit: 1000 });
    const added = (await rows()).filter((r) => !before.some((b) => b.id === r.id));
    expect(added.map((r) => [r.action, r.record_kind]).sort()).toEqual([
      ['pull', 'consent'],
      ['pull', 'health_note'],
    ]);
    for (const row of added) {
      expect(row).toMatchObject({ actor_id: fx.users.worker1.id, member_id: fx.members.m1.id, via: 'app' });
      expect(JSON.parse(row.details)).toEqual({ memberIds: [fx.members.m1.id], count: 1 });
    }
    // A pull that delivers no health data (the secretary never receives it) leaves nothing.
    const quiet = (await rows()).length;
    await pull(app, tokens.secretary1!, { cursor: 0, limit: 1000 });
    expect((await rows()).length).toBe(quiet);
  });

  it('records the admin’s member edit by field names, views, pairings, password reset, disable, death and import', async () => {
    const m6 = fx.members.m6;
    const edit = await call(app, tokens.admin1!, 'PUT', `/api/admin/members/${m6.id}`, memberInput({ name: m6.name, phone: NEW_PHONE, birthDate: m6.birthDate, gender: m6.gender }));
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect((await call(app, tokens.admin1!, 'GET', `/api/admin/members/${m6.id}`)).status).toBe(200);
    const paired = await call(app, tokens.admin1!, 'POST', '/api/admin/pairings', { workerId: fx.users.worker2.id, memberIds: [fx.members.m7.id], role: 'primary' });
    expect(paired.status, JSON.stringify(paired.body)).toBe(200);
    const pairing = (await db().selectFrom('pairings').select('id').where('member_id', '=', fx.members.m7.id).where('ended_at', 'is', null).executeTakeFirstOrThrow()).id;
    expect((await call(app, tokens.admin1!, 'DELETE', `/api/admin/pairings/${pairing}`)).status).toBe(200);
    expect((await call(app, tokens.admin1!, 'POST', `/api/admin/users/${fx.users.worker2.id}/password`, { password: 'another-long-pass-7' })).status).toBe(204);
    expect((await call(app, tokens.admin1!, 'POST', `/api/admin/users/${fx.users.worker2.id}/disable`)).status).toBe(200);
    expect((await call(app, tokens.admin1!, 'POST', `/api/admin/users/${fx.users.worker2.id}/enable`)).status).toBe(200);
    const death = await call(app, tokens.admin1!, 'POST', `/api/admin/members/${fx.members.m5.id}/status`, { status: 'deceased', on: '2026-09-14' });
    expect(death.status, JSON.stringify(death.body)).toBe(200);
    const office = await xlsxBytes({ name: '花名册', ...officeSheet() });
    const imported = await call(app, tokens.admin1!, 'POST', '/api/admin/roster/import', { fileName: '花名册.xlsx', contentBase64: office.toString('base64') });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);

    const mine = await entries({ actorId: fx.users.admin1.id });
    const find = (action: string) => mine.filter((e) => e.action === action);
    expect(find('member.update')).toHaveLength(1);
    expect(find('member.update')[0]).toMatchObject({ memberId: m6.id, via: 'app', actorRole: 'admin', actorName: '测试admin1' });
    expect(find('member.update')[0]!.details.fields).toEqual(expect.arrayContaining(['phone']));
    expect(find('view').some((e) => e.memberId === m6.id && e.kind === 'member')).toBe(true);
    expect(find('pairing.create')).toEqual([expect.objectContaining({ memberId: fx.members.m7.id, recordId: pairing, details: { workerId: fx.users.worker2.id, role: 'primary' } })]);
    expect(find('pairing.end')).toEqual([expect.objectContaining({ memberId: fx.members.m7.id, recordId: pairing })]);
    expect(find('user.password_reset')).toEqual([expect.objectContaining({ kind: 'user', recordId: fx.users.worker2.id })]);
    expect(find('user.disable')).toHaveLength(1);
    expect(find('user.enable')).toHaveLength(1);
    expect(find('member.death')).toEqual([expect.objectContaining({ memberId: fx.members.m5.id, details: { status: 'deceased', purgedNotes: 0, endedPairings: 0 } })]);
    const imports = find('roster.import');
    expect(imports).toHaveLength(1);
    expect(imports[0]!.details).toEqual({ ...imported.body.summary, missing: imported.body.missing.length });
  });

  it('records the same actions from the CLI with via cli and the operator, no user', async () => {
    const before = (await rows()).length;
    await cli(['pair', '--worker', 'worker1', '--member', fx.members.m7.id]);
    await cli(['unpair', '--worker', 'worker1', '--member', fx.members.m7.id]);
    await cli(['set-password', '--username', 'worker2', '--password-stdin']);
    await cli(['disable-user', '--username', 'worker2']);
    await cli(['enable-user', '--username', 'worker2']);
    await cli(['record-death', '--member', fx.members.m3.id, '--date', '2026-10-03']);
    const file = join(backend.location.dataDir, '花名册.csv');
    writeFileSync(file, csvText([['姓名', '性别', '出生日期', '住址'], ['林十一', '男', '1941-02-03', '永清苑3号楼2单元301']]));
    await cli(['import-roster', '--community', fx.community.id, '--file', file]);

    const added = (await rows()).slice(before);
    expect(added.map((r) => r.action).sort()).toEqual(['member.death', 'pairing.create', 'pairing.end', 'roster.import', 'user.disable', 'user.enable', 'user.password_reset'].sort());
    for (const row of added) expect(row).toMatchObject({ via: 'cli', actor_id: null, actor_role: null, actor_operator: '运维-王工', community_id: fx.community.id, address: null });
    // The admin sees them too, named by the operator.
    const cliEntries = (await entries()).filter((e) => e.via === 'cli' && e.operator === '运维-王工');
    expect(cliEntries.length).toBeGreaterThanOrEqual(7);
  });

  it('filters by member (a pull page naming several counts), actor, kind, action and Beijing days, newest first, in pages', async () => {
    const ofM1 = await entries({ memberId: fx.members.m1.id });
    expect(ofM1.map((e) => e.action)).toEqual(expect.arrayContaining(['consent.give', 'health_note.record', 'dues.record', 'pull']));
    expect(ofM1.every((e) => e.memberId === fx.members.m1.id || (e.details.memberIds as string[]).includes(fx.members.m1.id))).toBe(true);
    const byWorker = await entries({ actorId: fx.users.worker1.id });
    expect(byWorker.length).toBeGreaterThan(0);
    expect(byWorker.every((e) => e.actorId === fx.users.worker1.id)).toBe(true);
    const notes = await entries({ kind: 'health_note' });
    expect(notes.map((e) => e.action).sort()).toEqual(['health_note.record', 'pull']);
    expect((await entries({ action: 'member.death' })).map((e) => e.memberId).sort()).toEqual([fx.members.m3.id, fx.members.m5.id].sort());
    expect(await entries({ from: '2000-01-01', to: '2000-01-31' })).toEqual([]);
    const all = await entries();
    const beijingDay = (at: string) => new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(await entries({ from: beijingDay(all.at(-1)!.at), to: beijingDay(all[0]!.at) })).toEqual(all);
    // Newest first, and pages of two walk the same list.
    const order = [...all].sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1));
    expect(all).toEqual(order);
    const walked: AuditEntry[] = [];
    let cursor: string | null = null;
    do {
      const answer = await audit(tokens.admin1!, { limit: 2, ...(cursor === null ? {} : { cursor }) });
      const page = AuditPage.parse(answer.body);
      walked.push(...page.entries);
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(walked).toEqual(all);
  });

  it('answers only an admin, of their own community: a worker and a secretary 403, another community’s admin nothing of this one', async () => {
    for (const who of ['worker1', 'secretary1']) {
      const answer = await audit(tokens[who]!);
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
    // admin2's own community has an entry of its own (their look at its roster); nothing of 光明社区 shows.
    expect((await call(app, tokens.admin2!, 'GET', '/api/admin/members')).status).toBe(200);
    const other = await audit(tokens.admin2!, { limit: 200 });
    expect(other.status).toBe(200);
    const seen = AuditPage.parse(other.body).entries.map((e) => e.id);
    expect(seen.length).toBeGreaterThan(0);
    const communities = await db().selectFrom('audit_log').select('community_id').distinct().where('id', 'in', seen).execute();
    expect(communities.map((c) => c.community_id)).toEqual([fx.otherCommunity.id]);
    const filtered = await audit(tokens.admin2!, { memberId: fx.members.m1.id });
    expect(AuditPage.parse(filtered.body).entries).toEqual([]);
    expect((await audit(tokens.admin1!, { kind: 'nonsense' })).status).toBe(400);
  });

  it('records the secretary’s reading of the branch’s dues ledger, naming its members', async () => {
    const answer = await call(app, tokens.secretary1!, 'GET', `/api/branches/${fx.branch1.id}/ledger?from=2026-01&to=2026-03`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const views = (await entries({ actorId: fx.users.secretary1.id, kind: 'branch_ledger' })).filter((e) => e.action === 'view');
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({ recordId: fx.branch1.id, actorRole: 'secretary', via: 'app' });
    expect(views[0]!.details.memberIds).toEqual(expect.arrayContaining([fx.members.m1.id, fx.members.m2.id]));
    // Found by the member filter too.
    expect((await entries({ memberId: fx.members.m2.id })).some((e) => e.id === views[0]!.id)).toBe(true);
  });

  it('is never a record kind: no pull delivers it', async () => {
    const changes = (await pull(app, tokens.admin1!, { cursor: 0, limit: 1000 })).changes;
    expect(changes.some((c) => (c.entity as string) === 'audit_log' || (c.entity as string) === 'audit')).toBe(false);
  });

  it('holds no health-note text and no personal value typed in an edit', async () => {
    const all = JSON.stringify(await rows());
    expect(all).not.toContain(NOTE_TEXT);
    expect(all).not.toContain(NEW_PHONE);
    expect(all).not.toContain(fx.members.m1.name);
  });

  it('the retention purge removes only entries older than the retention, from the server and the CLI', async () => {
    const old = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    const entry = (id: string, at: string) => ({
      id,
      at,
      actor_id: null,
      actor_operator: 'test',
      actor_role: null,
      community_id: fx.community.id,
      action: 'user.disable',
      record_kind: 'user',
      record_id: null,
      member_id: null,
      details: '{}',
      address: null,
      via: 'cli' as const,
    });
    const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003'];
    await db()
      .insertInto('audit_log')
      .values([entry(ids[0]!, old(1_200)), entry(ids[1]!, old(1_096)), entry(ids[2]!, old(1_000))])
      .execute();
    const before = (await rows()).length;
    expect(await purgeAudit(db(), 1_095)).toBe(2);
    const after = await rows();
    expect(after.length).toBe(before - 2);
    expect(after.some((r) => r.id === ids[2])).toBe(true);
    expect(after.some((r) => r.id === ids[0] || r.id === ids[1])).toBe(false);

    const out = await cli(['purge-audit']);
    expect(out).toContain('已删除 0 条');
    backend.env.AUDIT_RETENTION_DAYS = '900';
    try {
      expect(await cli(['purge-audit'])).toContain('已删除 1 条');
    } finally {
      delete backend.env.AUDIT_RETENTION_DAYS;
    }
    expect((await rows()).some((r) => r.id === ids[2])).toBe(false);
  });
});
