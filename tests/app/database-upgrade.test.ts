import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { DoorstepDatabase } from '../../src/app/db/database';
import { ORGANISATIONS, ROSTER, loginResponse } from './support/fixtures';

const NAME = 'doorstep-upgrade-test';

afterEach(async () => {
  await Dexie.delete(NAME);
});

describe('database schema', () => {
  it('upgrades a version 1 device with a session and roster to version 2, keeping both', async () => {
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
    expect(v2.verno).toBe(2);
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
      ].sort(),
    );
    v2.close();
  });
});
