import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { DoorstepDatabase } from '../../src/app/db/database';
import { ORGANISATIONS, ROSTER, loginResponse } from './support/fixtures';

const NAME = 'doorstep-upgrade-test';

afterEach(async () => {
  await Dexie.delete(NAME);
});

describe('database schema', () => {
  it('upgrades a version 1 device with a session and roster to the current version, keeping both', async () => {
    // The schema exactly as version 1 shipped it.
    const v1 = new Dexie(NAME);
    v1.version(1).stores({
      session: 'key',
      members: 'id, branchId, status, walkKey',
      pairings: 'id, memberId',
      stagedMembers: 'id',
      stagedPairings: 'id',
      syncState: 'key',
    });
    const login = loginResponse();
    await v1.table('session').put({ key: 'current', ...login, organisations: ORGANISATIONS, savedAt: '2026-01-06T01:00:00.000Z' });
    await v1.table('members').bulkPut(
      ROSTER.map((member) => ({
        id: member.id,
        branchId: member.branchId,
        status: member.status,
        walkKey: member.id,
        birthDate: member.birthDate,
        updatedAt: member.updatedAt,
        payload: member,
      })),
    );
    await v1.table('syncState').put({ key: 'roster', ownerUserId: login.user.id, syncedAt: '2026-01-06T01:15:00.000Z', total: ROSTER.length });
    v1.close();

    const v2 = new DoorstepDatabase(NAME);
    await v2.open();
    expect(v2.verno).toBe(4);
    expect((await v2.session.get('current'))?.token).toBe(login.token);
    expect(await v2.members.count()).toBe(ROSTER.length);
    expect((await v2.syncState.get('roster'))?.total).toBe(ROSTER.length);
    expect(await v2.outbox.count()).toBe(0);
    expect(v2.tables.map((table) => table.name).sort()).toEqual(
      [
        'consents',
        'duesAssessments',
        'duesPayments',
        'duesPolicies',
        'forms',
        'healthNotes',
        'members',
        'meta',
        'outbox',
        'pairings',
        'session',
        'stagedMembers',
        'stagedPairings',
        'syncState',
        'visitDrafts',
        'visits',
        // Version 3: the secretary's ledger records.
        'arrearsExcuses',
        'attendance',
        'cashHandovers',
        'duesAdjustments',
        'duplicateResolutions',
        'evaluations',
        'handoverConfirmations',
        'meetings',
        'monthCloses',
        'remittances',
      ].sort(),
    );
    v2.close();
  });

  it('upgrades a version 2 device with unsent records to the current version: the outbox and its records come through untouched', async () => {
    // Version 2's new stores exactly as they shipped (version 1's are unchanged by it).
    const v2 = new Dexie(NAME);
    v2.version(1).stores({ session: 'key', members: 'id, branchId, status, walkKey', pairings: 'id, memberId', stagedMembers: 'id', stagedPairings: 'id', syncState: 'key' });
    v2.version(2).stores({
      outbox: '++seq, &id, state, recordId, memberId',
      visits: 'id, memberId, at, syncState',
      visitDrafts: 'memberId',
      consents: 'id, memberId, syncState',
      healthNotes: 'id, memberId, at, syncState',
      duesPayments: 'id, memberId, at, syncState',
      duesAssessments: 'id, memberId, branchId, effectiveFrom',
      duesPolicies: 'id, branchId',
      forms: '[id+version], id',
      meta: 'key',
    });
    const memberId = ROSTER[0]!.id;
    const record = { id: '00000000-0000-4000-8000-00000000a001', memberId, months: ['2026-03'], amountFen: 2500 };
    await v2.table('duesPayments').put({ id: record.id, memberId, at: '2026-03-02T01:50:00.000Z', syncState: 'pending', rejection: null, payload: record });
    await v2.table('outbox').add({
      id: '00000000-0000-4000-8000-00000000b001',
      type: 'dues.record',
      record,
      createdAt: '2026-03-02T01:50:00.000Z',
      state: 'pending',
      attempts: 2,
      lastError: null,
      recordId: record.id,
      memberId,
    });
    await v2.table('meta').put({ key: 'clientId', value: 'device-1' });
    v2.close();

    const v3 = new DoorstepDatabase(NAME);
    await v3.open();
    expect(v3.verno).toBe(4);
    const [entry] = await v3.outbox.toArray();
    expect(entry).toMatchObject({ seq: 1, type: 'dues.record', state: 'pending', attempts: 2, recordId: record.id, record });
    expect((await v3.duesPayments.get(record.id))?.syncState).toBe('pending');
    expect((await v3.meta.get('clientId'))?.value).toBe('device-1');
    expect(await v3.monthCloses.count()).toBe(0);
    v3.close();
  });

  it('upgrades a version 3 device to version 4: unused indexes go, rows stay and are still found by member and in date order', async () => {
    // Version 3's stores exactly as they shipped.
    const old = new Dexie(NAME);
    old.version(3).stores({
      session: 'key', members: 'id, branchId, status, walkKey', pairings: 'id, memberId', stagedMembers: 'id', stagedPairings: 'id', syncState: 'key',
      outbox: '++seq, &id, state, recordId, memberId', visits: 'id, memberId, at, syncState', visitDrafts: 'memberId', consents: 'id, memberId, syncState',
      healthNotes: 'id, memberId, at, syncState', duesPayments: 'id, memberId, at, syncState', duesAssessments: 'id, memberId, branchId, effectiveFrom',
      duesPolicies: 'id, branchId', forms: '[id+version], id', meta: 'key',
      duesAdjustments: 'id, branchId, memberId, syncState', duplicateResolutions: 'id, branchId, memberId, syncState',
      arrearsExcuses: 'id, branchId, memberId, syncState', cashHandovers: 'id, branchId, syncState', handoverConfirmations: 'id, branchId, syncState',
      remittances: 'id, branchId, syncState', monthCloses: 'id, branchId, syncState', meetings: 'id, branchId, at, syncState',
      attendance: 'id, branchId, memberId, meetingId, syncState', evaluations: 'id, branchId, memberId, syncState',
    });
    const memberId = ROSTER[0]!.id;
    const visit = (n: number, at: string) => ({ id: `00000000-0000-4000-8000-00000000c00${n}`, memberId, at, syncState: n === 1 ? 'pending' : 'confirmed', rejection: null, payload: { id: `v${n}` } });
    await old.table('visits').bulkPut([visit(1, '2026-03-05T02:00:00.000Z'), visit(2, '2026-03-01T02:00:00.000Z'), { ...visit(3, '2026-03-03T02:00:00.000Z'), memberId: ROSTER[1]!.id }]);
    await old.table('outbox').add({ id: '00000000-0000-4000-8000-00000000b002', type: 'visit.submit', record: { id: 'v1' }, createdAt: '2026-03-05T02:00:00.000Z', state: 'pending', attempts: 0, lastError: null, recordId: visit(1, '').id, memberId });
    old.close();

    const v4 = new DoorstepDatabase(NAME);
    await v4.open();
    expect(v4.verno).toBe(4);
    expect(v4.visits.schema.indexes.map((i) => i.name)).toEqual(['memberId']);
    expect(v4.meetings.schema.indexes.map((i) => i.name)).toEqual(['branchId']);
    const ofMember = await v4.visits.where('memberId').equals(memberId).sortBy('at');
    expect(ofMember.map((row) => [row.at, row.syncState])).toEqual([
      ['2026-03-01T02:00:00.000Z', 'confirmed'],
      ['2026-03-05T02:00:00.000Z', 'pending'],
    ]);
    expect(await v4.outbox.where('state').equals('pending').count()).toBe(1);
    v4.close();
  });
});
