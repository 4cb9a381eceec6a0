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
    expect(v2.verno).toBe(3);
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

  it('upgrades a version 2 device with unsent records to version 3: the outbox and its records come through untouched', async () => {
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
    expect(v3.verno).toBe(3);
    const [entry] = await v3.outbox.toArray();
    expect(entry).toMatchObject({ seq: 1, type: 'dues.record', state: 'pending', attempts: 2, recordId: record.id, record });
    expect((await v3.duesPayments.get(record.id))?.syncState).toBe('pending');
    expect((await v3.meta.get('clientId'))?.value).toBe('device-1');
    expect(await v3.monthCloses.count()).toBe(0);
    v3.close();
  });
});
