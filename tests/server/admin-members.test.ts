import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminMemberDetail, AdminMemberList, Member } from '../../src/domain';
import { recordDeath } from '../../src/server/services/member-lifecycle';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from './fixtures';
import { backends, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';
import { NOWHERE, call, memberInput, validIdNumber } from './admin-support';
import { consent, healthNote, outbox, pull, push, statuses } from './sync-support';

/** The administrator's 花名册 (issue 11 §2): list, read, create, edit, status changes — in their own community only. */
describe.each(backends)('administrator: members, on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let fx: Fixtures;
  const tokens: Record<string, string> = {};
  const admin = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown) => call(app, tokens.admin1!, method, url, body);
  const db = () => backend.storage.db;

  beforeAll(async () => {
    backend = await createBackend(kind);
    fx = await seedFixtures(backend.storage.db);
    app = await buildTestApp(backend);
    for (const username of ['worker1', 'worker2', 'secretary1', 'admin1', 'admin2']) tokens[username] = await loginAs(app, username, FIXTURE_PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  it('lists every member of the community with their primary and backup workers, and none of another', async () => {
    const answer = await admin('GET', '/api/admin/members');
    expect(answer.status).toBe(200);
    const rows = AdminMemberList.parse(answer.body);
    const ours = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'] as const;
    expect(rows.map((r) => r.member.id).sort()).toEqual(ours.map((k) => fx.members[k].id).sort());
    const m1 = rows.find((r) => r.member.id === fx.members.m1.id);
    expect(m1).toMatchObject({ primaryWorkerId: fx.users.worker1.id, backupWorkerId: fx.users.worker2.id });
    // m2's pairing with worker1 ended: worker2 is the primary now.
    expect(rows.find((r) => r.member.id === fx.members.m2.id)).toMatchObject({ primaryWorkerId: fx.users.worker2.id, backupWorkerId: null });
    expect(rows.find((r) => r.member.id === fx.members.m7.id)).toMatchObject({ primaryWorkerId: null, backupWorkerId: null });

    const theirs = AdminMemberList.parse((await call(app, tokens.admin2!, 'GET', '/api/admin/members')).body);
    expect(theirs.map((r) => r.member.id).sort()).toEqual([fx.members.x1.id, fx.members.x2.id].sort());
  });

  it('reads one member with pairings and history; another community answers 404 exactly like a member that does not exist', async () => {
    const detail = AdminMemberDetail.parse((await admin('GET', `/api/admin/members/${fx.members.m1.id}`)).body);
    expect(detail.member.name).toBe('王一');
    expect(detail.pairings.map((p) => [p.workerId, p.role]).sort()).toEqual([[fx.users.worker1.id, 'primary'], [fx.users.worker2.id, 'backup']].sort());
    expect(detail.history).toEqual([]);

    const across = await call(app, tokens.admin2!, 'GET', `/api/admin/members/${fx.members.m1.id}`);
    const missing = await call(app, tokens.admin2!, 'GET', `/api/admin/members/${NOWHERE}`);
    expect(across.status).toBe(404);
    expect(across.body).toEqual(missing.body);
    expect((await admin('GET', '/api/admin/members/not-a-uuid')).status).toBe(400);
  });

  it('creates a member: the 身份证号 checked and kept on the server, masked in the profile; devices in scope receive them', async () => {
    const before = await pull(app, tokens.secretary1!);
    const idNumber = validIdNumber('37020219440506123');
    const answer = await admin('POST', '/api/admin/members', memberInput({ idNumber, isPartyMember: true, joinedPartyOn: '1970-07-01', branchId: fx.branch1.id }));
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const member = Member.parse(answer.body);
    expect(member).toMatchObject({ communityId: fx.community.id, branchId: fx.branch1.id, status: 'active', name: '陈十' });
    expect(member.profile).toMatchObject({ idMasked: `3702**********${idNumber.slice(14)}`, formerUnit: '市第二机床厂', retirement: 'tuixiu' });
    expect(JSON.stringify(answer.body)).not.toContain(idNumber);
    const row = await db().selectFrom('members').select(['id_number', 'community_id']).where('id', '=', member.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ id_number: idNumber, community_id: fx.community.id });

    // The branch's secretary gets the new member on the next pull (their scope changed: a replay).
    const next = await pull(app, tokens.secretary1!, { cursor: before.cursor, scope: before.scope });
    expect(next.changes.some((c) => c.entity === 'member' && c.id === member.id && c.op === 'upsert')).toBe(true);

    // The same person twice in the community: a clear 409 naming who has it; another community may have the same ID.
    const twice = await admin('POST', '/api/admin/members', memberInput({ name: '陈十一', idNumber }));
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toContain('已登记在本社区的「陈十」名下');
    expect((await call(app, tokens.admin2!, 'POST', '/api/admin/members', memberInput({ idNumber }))).status).toBe(201);
  });

  it('refuses bad input in Chinese: a wrong check character, an ID Excel cut short, a party member without branch, a branch of another community', async () => {
    const count = async () => Number((await db().selectFrom('members').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const wrong = validIdNumber('11010519491231002').replace(/.$/, '1');
    const badCheck = await admin('POST', '/api/admin/members', memberInput({ idNumber: wrong }));
    expect(badCheck.status).toBe(400);
    expect(badCheck.body.error.message).toContain('校验位不符');
    const cut = await admin('POST', '/api/admin/members', memberInput({ idNumber: '3.70202194405061E+17' }));
    expect(cut.status).toBe(400);
    expect(cut.body.error.message).toContain('Excel');
    const noBranch = await admin('POST', '/api/admin/members', memberInput({ isPartyMember: true, joinedPartyOn: '1970-07-01', branchId: null }));
    expect(noBranch.status).toBe(400);
    expect(JSON.stringify(noBranch.body)).toContain('党员必须属于一个党支部');
    const noName = await admin('POST', '/api/admin/members', { ...memberInput(), name: '' });
    expect(noName.status).toBe(400);
    const otherBranch = await admin('POST', '/api/admin/members', memberInput({ isPartyMember: true, joinedPartyOn: '1970-07-01', branchId: fx.otherBranch.id }));
    const noSuchBranch = await admin('POST', '/api/admin/members', memberInput({ isPartyMember: true, joinedPartyOn: '1970-07-01', branchId: NOWHERE }));
    expect(otherBranch.status).toBe(404);
    expect(otherBranch.body).toEqual(noSuchBranch.body);
    expect(await count()).toBe(before);
  });

  it('edits a member: address, phones, family contact, risks, party membership and branch; an absent ID is kept, null removes it', async () => {
    const idNumber = validIdNumber('11010519491231002');
    const created = Member.parse((await admin('POST', '/api/admin/members', memberInput({ name: '杨十二', idNumber, isPartyMember: true, joinedPartyOn: '1975-01-01', branchId: fx.branch1.id }))).body);
    const secretaryBefore = await pull(app, tokens.secretary1!);
    const { idNumber: _omit, ...withoutId } = memberInput({
      name: '杨十二',
      address: { compound: '永清苑', building: '5', unit: '1', room: '502' },
      phone: '13900000002',
      familyContact: null,
      risks: { livingAlone: false, emptyNest: true, bedridden: true, disabled: false },
      isPartyMember: true,
      joinedPartyOn: '1975-01-01',
      branchId: fx.branch2.id,
      duesChannel: 'original_unit',
    });
    const edited = await admin('PUT', `/api/admin/members/${created.id}`, withoutId);
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const member = Member.parse(edited.body);
    expect(member).toMatchObject({ branchId: fx.branch2.id, phone: '13900000002', familyContact: null, duesChannel: 'original_unit' });
    expect(member.address.room).toBe('502');
    expect(member.risks).toEqual({ livingAlone: false, emptyNest: true, bedridden: true, disabled: false });
    expect(member.updatedAt > created.updatedAt).toBe(true);
    expect(member.profile.idMasked).toBe(created.profile.idMasked);
    expect((await db().selectFrom('members').select('id_number').where('id', '=', created.id).executeTakeFirstOrThrow()).id_number).toBe(idNumber);

    // The member left branch 1: its secretary's device starts again without them.
    const secretaryAfter = await pull(app, tokens.secretary1!, { cursor: secretaryBefore.cursor, scope: secretaryBefore.scope });
    expect(secretaryAfter.reset).toBe(true);

    // Not a party member any more: no branch, no proposed base; the ID removed.
    const cleared = Member.parse((await admin('PUT', `/api/admin/members/${created.id}`, memberInput({ name: '杨十二', idNumber: null }))).body);
    expect(cleared).toMatchObject({ isPartyMember: false, branchId: null, proposedBaseFen: null });
    expect(cleared.profile.idMasked).toBeNull();
    expect((await db().selectFrom('members').select('id_number').where('id', '=', created.id).executeTakeFirstOrThrow()).id_number).toBeNull();

    // Giving it the ID another member of the community holds: 409.
    const held = await admin('PUT', `/api/admin/members/${created.id}`, memberInput({ name: '杨十二', idNumber: validIdNumber('37020219440506123') }));
    expect(held.status).toBe(409);
  });

  it('never edits another community’s member, nor moves a member into another community’s branch', async () => {
    const across = await call(app, tokens.admin2!, 'PUT', `/api/admin/members/${fx.members.m7.id}`, memberInput({ name: '改名' }));
    expect(across.status).toBe(404);
    expect(across.body).toEqual((await call(app, tokens.admin2!, 'PUT', `/api/admin/members/${NOWHERE}`, memberInput())).body);
    const intoTheirs = await admin('PUT', `/api/admin/members/${fx.members.m7.id}`, memberInput({ name: '周七', isPartyMember: true, joinedPartyOn: '1970-07-01', branchId: fx.otherBranch.id }));
    expect(intoTheirs.status).toBe(404);
    const stored = await db().selectFrom('members').select(['name', 'branch_id']).where('id', '=', fx.members.m7.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ name: '周七', branch_id: null });
  });

  it('外出 with dates, place and phone, then back home: each change in the history with who made it, and on the devices', async () => {
    const m6 = fx.members.m6.id;
    const before = await pull(app, tokens.worker1!);
    const away = await admin('POST', `/api/admin/members/${m6}/status`, { status: 'away', from: '2026-11-01', expectedReturn: '2027-03-31', place: '海南三亚', phone: '13800001111' });
    expect(away.status, JSON.stringify(away.body)).toBe(200);
    const detail = AdminMemberDetail.parse(away.body);
    expect(detail.member).toMatchObject({ status: 'away', away: { place: '海南三亚', from: '2026-11-01', expectedReturn: '2027-03-31', phone: '13800001111' } });
    expect(detail.history).toEqual([
      expect.objectContaining({ status: 'away', effectiveOn: '2026-11-01', changedBy: '测试admin1', detail: { place: '海南三亚', expectedReturn: '2027-03-31', phone: '13800001111' } }),
    ]);
    const next = await pull(app, tokens.worker1!, { cursor: before.cursor, scope: before.scope });
    const pulled = next.changes.find((c) => c.entity === 'member' && c.id === m6);
    expect(Member.parse(pulled?.data).status).toBe('away');

    const back = AdminMemberDetail.parse((await admin('POST', `/api/admin/members/${m6}/status`, { status: 'active', on: '2026-12-01', origin: null })).body);
    expect(back.member).toMatchObject({ status: 'active', away: null });
    expect(back.history.map((h) => h.status)).toEqual(['active', 'away']);
    const returnBefore = await admin('POST', `/api/admin/members/${m6}/status`, { status: 'away', from: '2026-12-01', expectedReturn: '2026-11-01', place: '北京', phone: null });
    expect(returnBefore.status).toBe(400);
    expect(JSON.stringify(returnBefore.body)).toContain('返回日期不能早于外出日期');
    const alreadyHere = await admin('POST', `/api/admin/members/${m6}/status`, { status: 'active', on: '2026-12-01', origin: null });
    expect(alreadyHere.status).toBe(400);
    expect(alreadyHere.body.error.message).toBe('该人员已在册');
  });

  it('已故 as record-death does it (notes purged, pairings kept); the CLI’s record-death is in the history too, by no one', async () => {
    const m4 = fx.members.m4.id;
    const device = outbox();
    const given = consent(m4, fx.users.worker1.id);
    const note = healthNote(m4, given.id, fx.users.worker1.id);
    expect(statuses(await push(app, tokens.worker1!, device.clientId, [device.add('consent.give', given), device.add('health_note.record', note)]))).toEqual(['applied', 'applied']);

    const future = await admin('POST', `/api/admin/members/${m4}/status`, { status: 'deceased', on: '2999-01-01' });
    expect(future.status).toBe(400);
    expect(future.body.error.message).toBe('去世日期不能早于出生日期，也不能晚于今天');
    const died = AdminMemberDetail.parse((await admin('POST', `/api/admin/members/${m4}/status`, { status: 'deceased', on: '2026-10-03' })).body);
    expect(died.member).toMatchObject({ status: 'deceased', diedOn: '2026-10-03' });
    expect(died.pairings.map((p) => p.workerId)).toEqual([fx.users.worker1.id]);
    expect(await db().selectFrom('health_notes').select('id').where('member_id', '=', m4).execute()).toEqual([]);
    const awayWhenDead = await admin('POST', `/api/admin/members/${m4}/status`, { status: 'away', from: '2026-11-01', expectedReturn: null, place: '北京', phone: null });
    expect(awayWhenDead.status).toBe(400);

    await recordDeath(db(), { memberId: fx.members.m5.id, diedOn: '2026-09-14' });
    const viaCli = AdminMemberDetail.parse((await admin('GET', `/api/admin/members/${fx.members.m5.id}`)).body);
    expect(viaCli.history).toEqual([expect.objectContaining({ status: 'deceased', effectiveOn: '2026-09-14', changedBy: null })]);
  });

  it('转出 ends the pairings and purges the health notes; the worker’s device lets the member go; 转入 brings them back with the origin', async () => {
    const m1 = fx.members.m1.id;
    const device = outbox();
    const given = consent(m1, fx.users.worker1.id);
    expect(statuses(await push(app, tokens.worker1!, device.clientId, [device.add('consent.give', given), device.add('health_note.record', healthNote(m1, given.id, fx.users.worker1.id))]))).toEqual(['applied', 'applied']);
    const before = await pull(app, tokens.worker1!);

    const out = await admin('POST', `/api/admin/members/${m1}/status`, { status: 'transferred', on: '2026-11-20', destination: '北京市海淀区某社区' });
    expect(out.status, JSON.stringify(out.body)).toBe(200);
    const detail = AdminMemberDetail.parse(out.body);
    expect(detail.member).toMatchObject({ status: 'transferred', transfer: { direction: 'out', on: '2026-11-20', place: '北京市海淀区某社区' } });
    expect(detail.pairings).toEqual([]);
    expect(await db().selectFrom('health_notes').select('id').where('member_id', '=', m1).execute()).toEqual([]);

    const after = await pull(app, tokens.worker1!, { cursor: before.cursor, scope: before.scope });
    expect(after.reset).toBe(true);
    expect(after.changes.some((c) => c.entity === 'member' && c.id === m1)).toBe(false);

    const noOrigin = await admin('POST', `/api/admin/members/${m1}/status`, { status: 'active', on: '2026-12-01', origin: null });
    expect(noOrigin.status).toBe(400);
    expect(JSON.stringify(noOrigin.body)).toContain('须填写从何处转入');
    const back = AdminMemberDetail.parse((await admin('POST', `/api/admin/members/${m1}/status`, { status: 'active', on: '2026-12-01', origin: '北京市海淀区某社区' })).body);
    expect(back.member).toMatchObject({ status: 'active', transfer: { direction: 'in', on: '2026-12-01', place: '北京市海淀区某社区' } });
    expect(back.history.map((h) => [h.status, h.detail])).toEqual([
      ['active', { origin: '北京市海淀区某社区' }],
      ['transferred', { destination: '北京市海淀区某社区' }],
    ]);
    const bad = await admin('POST', `/api/admin/members/${m1}/status`, { status: 'moved', on: '2026-12-01' });
    expect(bad.status).toBe(400);
  });

  it('another community’s admin can change no status: 404, nothing written', async () => {
    const before = await db().selectFrom('member_status_changes').select('id').execute();
    const across = await call(app, tokens.admin2!, 'POST', `/api/admin/members/${fx.members.m3.id}/status`, { status: 'deceased', on: '2026-01-02' });
    expect(across.status).toBe(404);
    expect(across.body).toEqual((await call(app, tokens.admin2!, 'POST', `/api/admin/members/${randomUUID()}/status`, { status: 'deceased', on: '2026-01-02' })).body);
    expect(await db().selectFrom('member_status_changes').select('id').execute()).toEqual(before);
    expect((await db().selectFrom('members').select('status').where('id', '=', fx.members.m3.id).executeTakeFirstOrThrow()).status).toBe('active');
  });
});
